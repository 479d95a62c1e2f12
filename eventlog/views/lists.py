"""The overview, a tab's list, one record, the cross-tab search and deleting records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import View

from .. import actions, grouping, journal, tabs
from ..filters import EntryFilterSet, filterset_for
from ..models import Entry
from ..paging import BadCursor, Cursor, Page, paginate
from ..tables import Table
from .base import JournalView, cursors, get_tab


class OverviewView(JournalView):
    template_name = "eventlog/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(summaries=journal.overview(), count_cap=settings.JOURNAL_COUNT_CAP, **kwargs)


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


class SearchView(JournalView):
    template_name = "eventlog/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.get("q", "").strip()[:128]
        hits, truncated = journal.search_object(query)
        return super().get_context_data(
            query=query, hits=hits, truncated=truncated, limit=journal.SEARCH_LIMIT, **kwargs
        )
