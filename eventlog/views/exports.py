"""Exporting a tab's list: at once, or as a job whose file is downloaded later."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import View

from .. import actions, exports
from ..chips import without_empty
from ..models import Run
from .base import JournalView, get_tab


class ExportView(PermissionRequiredMixin, View):
    """The tab's list, as filtered by the query string, as XLSX or CSV (see exports/).

    GET downloads it at once. An export too large for a request is a job, and a GET
    never starts one (a prefetch, a crawler or a reload would): it asks, and the
    question's POST, to the same address, queues the job and opens its run page.
    """

    permission_required = ("eventlog.view_entry", "eventlog.export_entry")
    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.export(request, kwargs["tab"], kwargs["fmt"], start=False)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return self.export(request, kwargs["tab"], kwargs["fmt"], start=True)

    def export(self, request: HttpRequest, slug: str, fmt: str, *, start: bool) -> HttpResponseBase:
        tab = get_tab(slug)
        try:
            export = exports.build(tab, request.GET)
        except exports.InvalidFilters:
            # The list shows what is wrong with the filters.
            return redirect(f"{reverse('eventlog:tab', args=[tab.slug])}?{request.GET.urlencode()}")
        if exports.is_large(export):
            if not start:
                context = {"tab": tab, "format": fmt, "limit": settings.JOURNAL_EXPORT_SYNC_MAX_ROWS}
                return TemplateResponse(request, "eventlog/export_confirm.html", context)
            run = actions.start_export(export=export, fmt=fmt, user=request.user)
            messages.info(request, _("This export is large, so it is written in the background. Download it here."))
            return redirect("eventlog:run", pk=run.pk)
        file, name = exports.export_now(export, fmt, request.user)
        return FileResponse(file, as_attachment=True, filename=name, content_type=exports.CONTENT_TYPES[fmt])


class ExportLinksView(JournalView):
    """The export buttons for the filters now in the form (htmx swaps them when the list changes)."""

    template_name = "eventlog/partials/export_links.html"
    permission_required = "eventlog.export_entry"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        export_query = without_empty(exports.filter_query(self.request.GET)).urlencode()
        kwargs.update(tab=get_tab(kwargs["tab"]), export_query=export_query)
        return super().get_context_data(**kwargs)


class ExportDownloadView(PermissionRequiredMixin, View):
    """GET: a finished export job's file, for whoever started it and for shop admins.

    Streamed from a local storage; from one that signs URLs (S3), a 302 to an address signed for
    AWS_QUERYSTRING_EXPIRE seconds, which answers as the same attachment (exports/storage.py).
    A storage that does not answer sends the user back to the run page, which says so.
    """

    permission_required = "eventlog.export_entry"
    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        run = get_object_or_404(Run, pk=kwargs["pk"], kind=exports.KIND)
        if not exports.may_download(request.user, run):
            raise PermissionDenied
        try:
            download = exports.download_of(run)
        except FileNotFoundError as exc:
            raise Http404("The export file is not there (not finished, or removed after some days).") from exc
        except exports.Unreachable:
            messages.error(request, _("The export's file cannot be reached right now. Try again in a moment."))
            return redirect("eventlog:run", pk=run.pk)
        response: HttpResponseBase
        if download.url is not None:
            response = HttpResponseRedirect(download.url)
        else:
            response = FileResponse(
                download.file, as_attachment=True, filename=download.name, content_type=download.content_type
            )
        # A personal file, and a signed address that expires: no shared cache keeps either.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response
