"""Read-side queries of the journal that more than one view needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import rollups, tabs
from .models import PROBLEM_SEVERITIES, Entry, ProblemRollup

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


def overview(now: dt.datetime | None = None) -> list[TabSummary]:
    """Errors and warnings of the last 24 hours (from the start of the hour 24 hours ago), per tab,
    exact, in one query.

    The whole hours before the rollups' horizon come from the problem rollups, the rest from
    the entries (index entry_tab_severity): a tab with a hot group costs its hours, not its
    entries (eventlog/rollups.py). A whole first hour spares counting its part from the entries.
    """
    since = rollups.floor_hour((now or timezone.now()) - dt.timedelta(hours=24))
    all_tabs = tabs.all_tabs()
    slugs = tabs.slugs()
    entries = Entry.objects.filter(tab__in=slugs, severity__in=PROBLEM_SEVERITIES, occurred_at__gte=since)
    rolled, parts = rollups.split(entries, ProblemRollup.objects.filter(tab__in=slugs), lower=since)
    counts = rollups.counted(parts, rolled, "tab", "severity", latest=True)
    none = rollups.Total(0, since)
    return [
        TabSummary(t, counts.get((t.slug, "error"), none).count, counts.get((t.slug, "warning"), none).count)
        for t in all_tabs
    ]


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
