"""Pages of the knowledge base: every logged-in user reads, shop admins write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import TemplateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from eventlog import rollups

from . import queries
from .forms import ExplanationForm
from .models import Explanation
from .tables import ExplanationTable, RecentEntriesTable, UnexplainedTable


class ExplanationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_lazy("Code or title"), method="filter_text")

    class Meta:
        model = Explanation
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title_pl__icontains=value) | Q(title_en__icontains=value))


class ExplanationListView(SingleTableMixin, FilterView):
    """Every logged-in user reads the codes; searched by code or title, ordered and paged by the table."""

    template_name = "explanations/list.html"
    table_class = ExplanationTable
    filterset_class = ExplanationFilterSet
    model = Explanation
    strict = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = self.filterset.form
        query = form.cleaned_data.get("q", "") if self.filterset.is_bound and form.is_valid() else ""
        return super().get_context_data(query=query, **kwargs)


class ExplanationDetailView(TemplateView):
    template_name = "explanations/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        explanation = get_object_or_404(Explanation, code=kwargs["code"])
        # The entries are journal data: only for those who may read the journal.
        can_read = self.request.user.has_perm("eventlog.view_entry")
        entries = RecentEntriesTable(queries.recent_entries(explanation.code)) if can_read else None
        return super().get_context_data(
            explanation=explanation, entries=entries, recent_limit=queries.RECENT_LIMIT, **kwargs
        )


class ExplanationFormView(PermissionRequiredMixin, TemplateView):
    """Create (no code in the URL) or edit an explanation."""

    template_name = "explanations/form.html"

    def get_permission_required(self) -> tuple[str, ...]:
        return ("explanations.change_explanation",) if "code" in self.kwargs else ("explanations.add_explanation",)

    def get_instance(self) -> Explanation | None:
        return get_object_or_404(Explanation, code=self.kwargs["code"]) if "code" in self.kwargs else None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        # From "codes without an explanation": the code is filled in already.
        initial = {"code": request.GET.get("code", "")[:64]} if instance is None else {}
        return self.render_to_response(self.get_context_data(form=ExplanationForm(instance=instance, initial=initial)))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ExplanationForm(request.POST, instance=self.get_instance())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        explanation = form.save_by(request.user)
        messages.success(request, _("Explanation of %(code)s saved.") % {"code": explanation.code})
        return redirect(explanation)


class UnexplainedView(PermissionRequiredMixin, SingleTableMixin, TemplateView):
    """Codes seen lately with no explanation: where the knowledge base should grow next."""

    template_name = "explanations/unexplained.html"
    permission_required = "explanations.add_explanation"
    table_class = UnexplainedTable
    table_pagination = False

    def get_table_data(self) -> list[queries.CodeSeen]:
        # From a whole hour: the rollups count it, not the entries (eventlog/rollups.py).
        since = rollups.floor_hour(timezone.now() - dt.timedelta(days=queries.UNEXPLAINED_WINDOW_DAYS))
        return queries.unexplained_codes(since)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(days=queries.UNEXPLAINED_WINDOW_DAYS, **kwargs)
