"""A job run's page: its progress, counters and event register; and aborting it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import View

from .. import actions, exports, runs, tabs
from ..models import Entry, Run
from ..paging import BadCursor, Page, paginate
from .base import JournalView, cursors


class RunDetailView(JournalView):
    template_name = "eventlog/run_detail.html"
    permission_required = "eventlog.view_run"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = get_object_or_404(Run.objects.select_related("created_by", "abort_requested_by"), pk=kwargs["pk"])
        context = self.get_context_data(
            run=run,
            tab=tabs.get(run.tab),
            export=exports.status_of(run, request.user),
            may_abort=runs.may_abort(request.user, run) and run.abort_requested_at is None,
        )
        try:
            older, newer = cursors(request)
        except BadCursor as exc:
            context.update(page=Page([], None, None), bad_cursor=exc.problems)
            return self.render_to_response(context, status=400)
        registry = Entry.objects.filter(run_id=run.pk)
        context["page"] = paginate(registry, older=older, newer=newer, size=settings.JOURNAL_PAGE_SIZE)
        return self.render_to_response(context)


class RunAbortView(PermissionRequiredMixin, View):
    """POST (shop admins): ask a running job to stop; it ends "aborted" at its next batch."""

    permission_required = "eventlog.start_job"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = get_object_or_404(Run, pk=kwargs["pk"])
        if actions.abort_run(run=run, user=request.user):
            messages.info(request, _("The run will stop after the batch it is working on."))
        else:
            messages.warning(request, _("The run had already finished."))
        return redirect("eventlog:run", pk=run.pk)
