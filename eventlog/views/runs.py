"""A job run's page: its progress, counters and event register."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .. import exports, tabs
from ..models import Entry, Run
from ..paging import BadCursor, Page, paginate
from .base import JournalView, cursors


class RunDetailView(JournalView):
    template_name = "eventlog/run_detail.html"
    permission_required = "eventlog.view_run"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = get_object_or_404(Run.objects.select_related("created_by"), pk=kwargs["pk"])
        context = self.get_context_data(run=run, tab=tabs.get(run.tab), export=exports.status_of(run, request.user))
        try:
            older, newer = cursors(request)
        except BadCursor:
            context.update(page=Page([], None, None), bad_cursor=True)
            return self.render_to_response(context, status=400)
        registry = Entry.objects.filter(run_id=run.pk)
        context["page"] = paginate(registry, older=older, newer=newer, size=settings.JOURNAL_PAGE_SIZE)
        return self.render_to_response(context)
