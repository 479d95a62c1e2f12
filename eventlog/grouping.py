""" "Only unique messages": records with the same fingerprint collapsed into one row.

A group shows its count, first and latest date and its newest record. Groups are
paged by keyset on (latest date, newest id) like plain rows, and the grouping is
bounded by a time window (the list's date range, or the last
GROUPING_WINDOW_DAYS days) so that its cost does not grow with the journal.
Uses index: entry_tab_fingerprint (and the tab's filter index for the window).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, QuerySet

from .models import Entry
from .paging import Cursor, Page, paginate

GROUPING_WINDOW_DAYS = 30


@dataclass
class Group:
    entry: Entry
    count: int
    first: dt.datetime
    latest: dt.datetime

    # The table renders a group like an entry; these delegate to the newest record.
    def __getattr__(self, name: str):
        return getattr(self.entry, name)


def grouped_page(
    queryset: QuerySet, *, older: Cursor | None = None, newer: Cursor | None = None, size: int = 50
) -> Page:
    groups = (
        queryset.order_by()
        .values("fingerprint")
        .annotate(count=Count("id"), first=Min("occurred_at"), latest=Max("occurred_at"), last_id=Max("id"))
    )
    page = paginate(groups, older=older, newer=newer, size=size, time_field="latest", id_field="last_id")
    # One query for the newest record of every group on the page.
    entries = Entry.objects.in_bulk([g["last_id"] for g in page.rows])
    page.rows = [
        Group(entries[g["last_id"]], g["count"], g["first"], g["latest"]) for g in page.rows if g["last_id"] in entries
    ]
    return page
