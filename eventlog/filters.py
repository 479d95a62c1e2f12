"""Filters of the tab lists, built from each tab's declaration.

Each filter maps to an index of `Entry` (see `Entry.Meta.indexes`). Bad input is
an error shown on the form, never silently ignored (which would show everything).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Initiator, Severity
from .paging import FIRST_DAY, LAST_DAY
from .tabs import BUILTIN_EVENT_TYPES, Tab

DAY_RANGE = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class PanelFilterSet(django_filters.FilterSet):
    """A filter form of the panel: Bootstrap's small controls on every field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"


class DateRangeForm(forms.Form):
    """A list's filter form: a date range that ends before it starts is refused (it would show
    nothing without saying why), the error on its end."""

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        since, until = data.get("date_from"), data.get("date_to")
        if since and until and until < since:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class EntryFilterSet(PanelFilterSet):
    """The filters every tab has; `filterset_for` adds the tab's own."""

    class Meta:
        form = DateRangeForm

    date_from = django_filters.DateFilter(
        label=_("From"), method="filter_date_from", validators=DAY_RANGE, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("To"), method="filter_date_to", validators=DAY_RANGE, widget=forms.DateInput(attrs={"type": "date"})
    )
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices, empty_label=_("any"))
    q = django_filters.CharFilter(
        label=_("Text"), method="filter_text", max_length=200, validators=[search.require_word]
    )

    tab: Tab
    _search_scope: QuerySet | None = None

    @property
    def search_scope(self) -> QuerySet | None:
        """The entries the free text is searched among (every other filter applied); None without
        text. The page fetches take it (search.first_matches)."""
        self.qs  # noqa: B018 -- built by filter_queryset, with the page's queryset
        return self._search_scope

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """Every filter, the free text last, keeping what it searched among as `search_scope`."""
        values = dict(self.form.cleaned_data)
        text = values.pop("q", "")
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        if not (text and text.strip()):  # no text, or a list without the `q` filter
            return queryset
        self._search_scope = queryset
        return self.filters["q"].filter(queryset, text)

    def filter_date_from(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(occurred_at__gte=day_start(value))

    def filter_date_to(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(occurred_at__lt=day_start(value + dt.timedelta(days=1)))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Full-text search over everything retention keeps (eventlog/search.py says what matches)."""
        value = value.strip()
        return search.matching(queryset, value) if value else queryset

    #: The filters a rollup row answers as an entry does (same field, same lookup).
    ROLLUP_FILTERS = frozenset({"severity", "event_type", "initiator", "account", "service", "object_id"})

    def filter_rollups(self, rollups: QuerySet) -> QuerySet | None:
        """`rollups` (eventlog.rollups) narrowed by the filters but the dates, or None when a filter
        (the free text) is no field of a rollup: then only the entries can be counted."""
        for name in self.filters:
            value = self.cleaned(name)
            if value in (None, ""):
                continue
            if name in self.ROLLUP_FILTERS:
                rollups = self.filters[name].filter(rollups, value)
            elif name not in ("date_from", "date_to"):
                return None
        return rollups

    def time_range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """[lower, upper) of the date filters; None where open."""
        since, until = self.cleaned("date_from"), self.cleaned("date_to")
        return (
            day_start(since) if since else None,
            day_start(until + dt.timedelta(days=1)) if until else None,
        )

    def cleaned(self, name: str):
        """A filter's valid value, or None (unbound or invalid form)."""
        return self.form.cleaned_data.get(name) if self.is_bound and self.form.is_valid() else None

    @property
    def active(self) -> bool:
        return self.is_bound and any(v not in (None, "", []) for v in self.form.cleaned_data.values())


_OPTIONAL = {
    "account": lambda tab: django_filters.CharFilter(label=_("Account"), max_length=128),
    # The services the tab declares (offers: Allegro, eBay).
    "service": lambda tab: django_filters.ChoiceFilter(label=_("Service"), choices=tab.services, empty_label=_("any")),
    "object_id": lambda tab: django_filters.CharFilter(label=_("Object id"), max_length=128),
    "initiator": lambda tab: django_filters.ChoiceFilter(
        label=_("Initiator"), choices=Initiator.choices, empty_label=_("any")
    ),
}


@cache
def filterset_for(tab: Tab) -> type[EntryFilterSet]:
    attrs = {name: _OPTIONAL[name](tab) for name in tab.filters}
    attrs["event_type"] = django_filters.ChoiceFilter(
        label=_("Event type"),
        choices=[*tab.event_types.items(), *BUILTIN_EVENT_TYPES.items()],
        empty_label=_("any"),
    )
    attrs["tab"] = tab
    return type(f"{tab.slug.title().replace('-', '')}FilterSet", (EntryFilterSet,), attrs)
