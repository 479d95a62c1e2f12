"""Generic views of the journal: one of each serves every declared tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from . import actions, exports, grouping, journal, tabs
from .filters import EntryFilterSet, filterset_for
from .models import Entry, Run
from .paging import BadCursor, Cursor, Page, paginate
from .settings_form import RetentionForm
from .tables import Table


class JournalView(PermissionRequiredMixin, TemplateView):
    permission_required = "eventlog.view_entry"


class OverviewView(JournalView):
    template_name = "eventlog/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(summaries=journal.overview(), count_cap=settings.JOURNAL_COUNT_CAP, **kwargs)


def get_tab(slug: str) -> tabs.Tab:
    tab = tabs.get(slug)
    if tab is None:
        raise Http404("No such journal tab")
    return tab


def cursors(request: HttpRequest) -> tuple[Cursor | None, Cursor | None]:
    """(older, newer) from the query string; `at=YYYY-MM-DD` jumps to a day."""
    older, newer = request.GET.get("older"), request.GET.get("newer")
    if newer:
        return None, Cursor.decode(newer)
    if older:
        return Cursor.decode(older), None
    if at := request.GET.get("at"):
        try:
            return Cursor.before_day(dt.date.fromisoformat(at)), None
        except ValueError as exc:
            raise BadCursor(at) from exc
    return None, None


class TabListView(JournalView):
    template_name = "eventlog/tab_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tab = get_tab(kwargs["tab"])
        filters = filterset_for(tab)(request.GET or None, queryset=journal.tab_entries(tab))
        context = {"tab": tab, "filter": filters, "grouped": False, "page": Page([], None, None)}
        status = 200
        if filters.is_bound and not filters.is_valid():
            status = 400
        else:
            try:
                older, newer = cursors(request)
            except BadCursor:
                context["bad_cursor"] = True
                status = 400
            else:
                context.update(self.page_context(request, tab, filters, older, newer))
        context["selectable"] = (
            tab.deletable is not None and not context["grouped"] and request.user.has_perm("eventlog.delete_entry")
        )
        context["table"] = Table(tab, context["page"].rows, selectable=context["selectable"])
        # htmx swaps only the results when the filter form changes.
        template = "eventlog/partials/tab_results.html" if request.htmx else self.template_name
        return self.response_class(request, [template], self.get_context_data(**context), status=status)

    def page_context(
        self, request: HttpRequest, tab: tabs.Tab, filters: EntryFilterSet, older: Cursor | None, newer: Cursor | None
    ) -> dict[str, Any]:
        size = settings.JOURNAL_PAGE_SIZE
        grouped = grouping.requested(request.GET, filters)
        if grouped:
            page = grouping.grouped_page(filters.qs, older=older, newer=newer, size=size)
        else:
            page = paginate(filters.qs, older=older, newer=newer, size=size)
        return {
            "page": page,
            "grouped": grouped,
            "text_days": settings.JOURNAL_TEXT_SEARCH_DAYS,
        }


class DeleteRecordsView(PermissionRequiredMixin, View):
    """POST: delete the records selected in a tab's list (shop admins only)."""

    permission_required = "eventlog.delete_entry"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tab = get_tab(kwargs["tab"])
        try:
            ids = [int(pk) for pk in request.POST.getlist("ids")]
        except ValueError:
            return HttpResponseBadRequest("Bad record id")
        count = actions.delete_records(tab=tab, ids=ids, user=request.user)
        if count:
            messages.success(request, ngettext("Deleted %(n)d record.", "Deleted %(n)d records.", count) % {"n": count})
        else:
            messages.warning(request, _("Nothing was deleted: select the records to delete first."))
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("eventlog:tab", args=[tab.slug])
        return redirect(back)


class ExportView(PermissionRequiredMixin, View):
    """GET: the tab's list, as filtered by the query string, as XLSX or CSV (see exports.py)."""

    permission_required = ("eventlog.view_entry", "eventlog.export_entry")
    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tab, fmt = get_tab(kwargs["tab"]), kwargs["fmt"]
        try:
            export = exports.build(tab, request.GET)
        except exports.InvalidFilters:
            # The list shows what is wrong with the filters.
            return redirect(f"{reverse('eventlog:tab', args=[tab.slug])}?{request.GET.urlencode()}")
        if exports.is_large(export):
            run = exports.start_job(export, fmt, request.user)
            messages.info(request, _("This export is large, so it is written in the background. Download it here."))
            return redirect("eventlog:run", pk=run.pk)
        file, name = exports.export_now(export, fmt, request.user)
        return FileResponse(file, as_attachment=True, filename=name, content_type=exports.CONTENT_TYPES[fmt])


class ExportLinksView(JournalView):
    """The export buttons for the filters now in the form (htmx swaps them when the list changes)."""

    template_name = "eventlog/partials/export_links.html"
    permission_required = "eventlog.export_entry"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.update(tab=get_tab(kwargs["tab"]), export_query=exports.filter_query(self.request.GET).urlencode())
        return super().get_context_data(**kwargs)


class ExportDownloadView(PermissionRequiredMixin, View):
    """GET: a finished export job's file, for whoever started it and for shop admins."""

    permission_required = "eventlog.export_entry"
    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = get_object_or_404(Run, pk=kwargs["pk"], kind=exports.KIND)
        if not exports.may_download(request.user, run):
            raise PermissionDenied
        try:
            file, name, content_type = exports.open_file(run)
        except FileNotFoundError as exc:
            raise Http404("The export file is not there (not finished, or removed after some days).") from exc
        return FileResponse(file, as_attachment=True, filename=name, content_type=content_type)


class SettingsView(JournalView):
    """Settings → Event journal (shop admins): the retention of every tab."""

    template_name = "eventlog/settings.html"
    permission_required = "eventlog.change_tabretention"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=RetentionForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RetentionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save(request.user)
        messages.success(request, _("Journal settings saved."))
        return redirect("eventlog:settings")


class EntryDetailView(JournalView):
    template_name = "eventlog/entry_detail.html"
    register_size = 20

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tab = get_tab(kwargs["tab"])
        entry = get_object_or_404(Entry.objects.select_related("run"), tab=tab.slug, pk=kwargs["pk"])
        register = []
        if entry.run_id:
            register = list(
                Entry.objects.filter(run_id=entry.run_id).order_by("occurred_at", "id")[: self.register_size]
            )
        kwargs.update(tab=tab, entry=entry, run=entry.run, register=register, register_size=self.register_size)
        return super().get_context_data(**kwargs)


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


class SearchView(JournalView):
    template_name = "eventlog/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.get("q", "").strip()[:128]
        hits, truncated = journal.search_object(query)
        return super().get_context_data(
            query=query, hits=hits, truncated=truncated, limit=journal.SEARCH_LIMIT, **kwargs
        )
