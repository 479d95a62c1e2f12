"""The list of job runs: newest first, filtered by status and kind.

Runs are few (a handful a day, retention's hourly one the most), so the list uses
django-tables2's own paging and ordering, unlike the journal's keyset lists.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from .. import runs
from ..chips import active_filters, redirect_to_set_filters
from ..filters import PanelFilterSet
from ..models import Run, RunOutcome, RunStatus, errors_recorded
from ..tables import RunTable


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of runs there have been, by label."""
    codes = Run.objects.order_by().values_list("kind", flat=True).distinct()
    return sorted(((code, runs.label(code)) for code in codes), key=lambda choice: choice[1])


class RunFilterSet(PanelFilterSet):
    # The outcomes the list shows: "succeeded" is a success without errors, "succeeded with problems" one with.
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RunOutcome.choices, empty_label=_("any"), method="filter_status"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices, empty_label=_("any"))

    class Meta:
        model = Run
        fields = ["status", "kind"]

    def filter_status(self, queryset: QuerySet[Run], name: str, value: str) -> QuerySet[Run]:
        if value == RunOutcome.SUCCEEDED_WITH_PROBLEMS:
            return queryset.filter(errors_recorded(), status=RunStatus.SUCCEEDED)
        if value == RunOutcome.SUCCEEDED:
            return queryset.filter(~errors_recorded(), status=RunStatus.SUCCEEDED)
        return queryset.filter(status=value)


class RunListView(PermissionRequiredMixin, SingleTableMixin, FilterView):
    permission_required = "eventlog.view_run"
    template_name = "eventlog/run_list.html"
    table_class = RunTable
    filterset_class = RunFilterSet
    strict = True

    def get_queryset(self) -> QuerySet[Run]:
        # Newest first unless the user orders by a column (each order ends with the id).
        return (
            Run.objects.select_related("created_by")
            .annotate(errors_in_register=errors_recorded())
            .order_by("-created_at", "-id")
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if clean := redirect_to_set_filters(request):
            return clean
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_template_names(self) -> list[str]:
        return ["eventlog/partials/run_results.html" if self.request.htmx else self.template_name]

    def get_table(self, **kwargs: Any) -> RunTable:
        table = super().get_table(**kwargs)
        if active_filters(self.filterset, self.request.GET):
            table.empty_text = _("No run matches these filters.")
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(chips=active_filters(self.filterset, self.request.GET), **kwargs)
