"""The filters of one event's log: its date range and the customer's e-mail."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from eventlog.filters import EntryFilterSet

from .tab import CUSTOM_EVENTS


class EventLogFilterSet(EntryFilterSet):
    """The journal's date range, and the customer exactly (served by the entry_object index).

    Support may filter by an e-mail they already know; the list shows it masked all the same.
    """

    object_id = django_filters.CharFilter(label=_("Customer e-mail"), method="filter_customer", max_length=128)

    tab = CUSTOM_EVENTS

    def filter_customer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        # Calls store e-mail addresses in lower case; phones and ids as they are.
        return queryset.filter(object_id__in={value, value.lower()}) if value else queryset


# Severity and free text are the tab list's; an event's log filters by date and customer only.
for _name in ("severity", "q"):
    EventLogFilterSet.base_filters.pop(_name)
