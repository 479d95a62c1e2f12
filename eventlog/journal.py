"""Read-side queries of the journal that more than one view needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, router
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import tabs
from .models import Entry, Severity

SEARCH_LIMIT = 500


def tab_entries(tab: tabs.Tab, now: dt.datetime | None = None) -> QuerySet[Entry]:
    """A tab's entries as its list shows them: without those hidden by age."""
    queryset = Entry.objects.filter(tab=tab.slug)
    if tab.hidden_after:
        entries, age = tab.hidden_after
        queryset = queryset.exclude(entries & Q(occurred_at__lt=(now or timezone.now()) - age))
    return queryset


@dataclass
class TabSummary:
    tab: tabs.Tab
    errors: int
    warnings: int

    @property
    def errors_capped(self) -> bool:
        return self.errors > settings.JOURNAL_COUNT_CAP

    @property
    def warnings_capped(self) -> bool:
        return self.warnings > settings.JOURNAL_COUNT_CAP


def overview(now: dt.datetime | None = None) -> list[TabSummary]:
    """Errors and warnings of the last 24 hours, per tab, in one round trip.

    Each count is bounded (LIMIT JOURNAL_COUNT_CAP + 1 inside), so it costs at most that many
    index entries. Uses index: entry_tab_severity.
    """
    since = (now or timezone.now()) - dt.timedelta(hours=24)
    all_tabs = tabs.all_tabs()
    parts: list[str] = []
    params: list[str | int | dt.datetime] = []
    for tab in all_tabs:
        for severity in (Severity.ERROR, Severity.WARNING):
            parts.append(
                "SELECT %s, %s, (SELECT COUNT(*) FROM (SELECT 1 FROM eventlog_entry"
                " WHERE tab = %s AND severity = %s AND occurred_at >= %s LIMIT %s) AS bounded)"
            )
            params += [tab.slug, severity.value, tab.slug, severity.value, since, settings.JOURNAL_COUNT_CAP + 1]
    # Raw SQL passes by the database router: ask it, so that the overview reads the replica where it may.
    with connections[router.db_for_read(Entry)].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counts = {(slug, sev): n for slug, sev, n in cursor.fetchall()}
    return [TabSummary(t, counts[(t.slug, "error")], counts[(t.slug, "warning")]) for t in all_tabs]


@dataclass
class SearchHit:
    tab: tabs.Tab
    entries: list[Entry]


def search_object(query: str) -> tuple[list[SearchHit], bool]:
    """Everything about one product, order, offer or e-mail, grouped by tab.

    Returns the hits and whether the limit cut them short. Uses index: entry_object.
    """
    query = query.strip()
    if not query:
        return [], False
    candidates = {query, query.lower()}
    rows = list(Entry.objects.filter(object_id__in=candidates).order_by("-occurred_at", "-id")[: SEARCH_LIMIT + 1])
    truncated = len(rows) > SEARCH_LIMIT
    by_tab: dict[str, list[Entry]] = {}
    for entry in rows[:SEARCH_LIMIT]:
        by_tab.setdefault(entry.tab, []).append(entry)
    hits = [SearchHit(tab, by_tab[tab.slug]) for tab in tabs.all_tabs() if tab.slug in by_tab]
    return hits, truncated
