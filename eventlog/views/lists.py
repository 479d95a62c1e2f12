"""The overview, a tab's list, one entry, the cross-tab search and deleting entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import actions, grouping, journal
from ..chips import active_filters, redirect_to_set_filters
from ..filters import EntryFilterSet, filterset_for
from ..forms import DeleteEntriesForm, SearchForm
from ..models import Entry
from ..paging import BadCursor, Cursor, Page, paginate
from ..tables import JournalTable, table_for
from ..tabs import Tab
from .base import JournalView, cursors, get_tab


class OverviewView(JournalView):
    template_name = "eventlog/overview.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(summaries=journal.overview(), **kwargs)


class TabListView(PermissionRequiredMixin, SingleTableMixin, FilterView):
    """A tab's list: its FilterSet and Table (both built from the tab's declaration), one keyset page.

    django-tables2 neither paginates (it would count the journal) nor orders (each
    order would need its own index): the rows are the page that paging.py or
    grouping.py fetched. A bad filter or page link is a 400 that shows nothing.
    """

    permission_required = "eventlog.view_entry"
    template_name = "eventlog/tab_list.html"
    table_pagination = False
    strict = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.tab = get_tab(kwargs["tab"])
        if clean := redirect_to_set_filters(request):
            return clean
        self.status = 200
        return super().get(request, *args, **kwargs)

    def get_filterset_class(self) -> type[EntryFilterSet]:
        return filterset_for(self.tab)

    def get_queryset(self) -> QuerySet[Entry]:
        entries = journal.tab_entries(self.tab)
        rule = self.tab.deletable_by_hand
        if rule is not None and self.request.user.has_perm("eventlog.delete_entry"):
            # Which rows get a checkbox: those the deletion would take.
            entries = entries.annotate(may_delete=ExpressionWrapper(rule, output_field=BooleanField()))
        return entries

    def get_table_class(self) -> type[JournalTable]:
        return table_for(self.tab)

    def get_table_data(self) -> list:
        return self.page.rows

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"selectable": self.selectable}

    def get_template_names(self) -> list[str]:
        # htmx swaps only the results when the filter form changes.
        return ["eventlog/partials/tab_results.html" if self.request.htmx else self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        filters: EntryFilterSet = self.filterset
        self.page, self.grouped, bad_cursor = Page([], None, None), False, []
        if filters.is_bound and not filters.is_valid():
            self.status = 400
        else:
            try:
                older, newer = cursors(self.request)
            except BadCursor as exc:
                bad_cursor, self.status = exc.problems, 400
            else:
                self.grouped = grouping.requested(self.request.GET, filters)
                self.page = self.get_page(filters, older, newer)
        self.selectable = (
            self.tab.deletable is not None and not self.grouped and self.request.user.has_perm("eventlog.delete_entry")
        )
        return super().get_context_data(
            tab=self.tab,
            page=self.page,
            grouped=self.grouped,
            bad_cursor=bad_cursor,
            selectable=self.selectable,
            chips=active_filters(filters, self.request.GET),
            **kwargs,
        )

    def get_page(self, filters: EntryFilterSet, older: Cursor | None, newer: Cursor | None) -> Page:
        """The page of entries (or groups) the list shows: the view's only query of the journal."""
        size = settings.JOURNAL_PAGE_SIZE
        if self.grouped:
            return grouping.grouped_page(filters, older=older, newer=newer, size=size)
        return paginate(filters.qs, older=older, newer=newer, size=size, search_scope=filters.search_scope)

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        return super().render_to_response(context, status=self.status, **response_kwargs)


class DeleteEntriesView(PermissionRequiredMixin, View):
    """POST: delete the entries selected in a tab's list (shop admins only), once confirmed.

    A POST without `confirm` deletes nothing: it answers with the confirmation, which
    says how many entries will go ("Delete 37 entries?") and holds their ids and the
    button that sends them again with `confirm`. Without JavaScript that is a page of
    its own; from the list's htmx form it is the same box, shown under the table.
    """

    permission_required = "eventlog.delete_entry"
    http_method_names = ["post"]
    #: Entries the confirmation lists (all of a page's selection).
    confirm_listed = 50

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tab = get_tab(kwargs["tab"])
        form = DeleteEntriesForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(" ".join(str(e) for e in form.errors.get("ids", [])) or _("Not valid."))
        back = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("eventlog:tab", args=[tab.slug])
        ids = form.cleaned_data["ids"]
        if not form.cleaned_data["confirm"]:
            return self.confirmation(request, tab, ids, back)
        count = actions.delete_entries(tab=tab, ids=ids, user=request.user)
        if count:
            messages.success(request, ngettext("Deleted %(n)d entry.", "Deleted %(n)d entries.", count) % {"n": count})
        else:
            messages.warning(request, _("Nothing was deleted: select the entries to delete first."))
        return redirect(back)

    def confirmation(self, request: HttpRequest, tab: Tab, ids: list[int], back: str) -> HttpResponse:
        going = actions.entries_to_delete(tab=tab, ids=ids, user=request.user)
        going_ids = list(going.values_list("pk", flat=True))
        # django-htmx's middleware sets `request.htmx`, false but for the list's htmx form.
        from_list = bool(getattr(request, "htmx", False))
        if not going_ids and not from_list:
            messages.warning(request, _("Nothing was deleted: select the entries to delete first."))
            return redirect(back)
        entries = going.order_by("-occurred_at", "-id")[: self.confirm_listed] if going_ids else []
        context = {"tab": tab, "count": len(going_ids), "ids": going_ids, "next": back, "entries": entries,
                   "listed": self.confirm_listed}  # fmt: skip
        template = "eventlog/partials/delete_confirm.html" if from_list else "eventlog/delete_confirm.html"
        return render(request, template, context)


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

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = SearchForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form, query="", hits=[], truncated=False, **kwargs)
            return self.render_to_response(context, status=400)
        query = form.cleaned_data["q"]
        hits, truncated = journal.search_object(query)
        context = self.get_context_data(
            form=form, query=query, hits=hits, truncated=truncated, limit=journal.SEARCH_LIMIT, **kwargs
        )
        return self.render_to_response(context)
