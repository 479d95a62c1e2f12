""" "Only unique messages": entries with the same fingerprint collapsed into one row.

A group shows its count, first and latest date and its newest entry, newest group
first, paged by keyset on (latest date, id) like plain rows, with the list's filters.

Grouping a month of entries per request cost half a second at 1 M entries and
grows with the journal; a rollup table kept by the writer made writing 2.5 times
slower. Instead a group is shown where its newest entry is: the page walks the
filtered entries newest first, in chunks, through the list's own index, and keeps
those that are the newest of their group (one probe of `entry_tab_fingerprint`
per entry). Counts and first dates of the page's groups come from the rollups
and the entries after their horizon (eventlog/rollups.py), so a group of millions
costs its hours, not its entries. A page costs what it shows plus the entries
skipped on the way (older entries of groups already shown), not the size of the journal.

The walk is driven from Python on purpose: written as one query, PostgreSQL has
no way to estimate how many entries are the newest of their group and may plan
it as "evaluate every entry, then sort" (50 s at 10 M entries instead of 10 ms).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import QueryDict
from django.utils import timezone

from . import rollups
from .filters import EntryFilterSet
from .models import Entry, Rollup
from .paging import Cursor, Page, first, newer_than, older_than

#: Entries read per step of the walk: the first step reads about a page's worth,
#: each next one twice as many, up to MAX_CHUNK.
MAX_CHUNK = 2000


@dataclass
class Group:
    entry: Entry
    count: int
    first: dt.datetime

    @property
    def latest(self) -> dt.datetime:
        return self.entry.occurred_at

    # The table renders a group like an entry; these delegate to the newest entry.
    def __getattr__(self, name: str):
        return getattr(self.entry, name)


def requested(query: QueryDict, filters: EntryFilterSet) -> bool:
    """Whether a list (and its export) shows "only unique messages" for this query string."""
    if "group" in query:
        return query["group"] == "1"
    # A single object's timeline shows its full history.
    return filters.tab.group_by_default and not filters.cleaned("object_id")


def grouped_page(
    filters: EntryFilterSet,
    *,
    older: Cursor | None = None,
    newer: Cursor | None = None,
    size: int = 50,
) -> Page:
    """One page of groups of a tab's entries as `filters` (valid, or unbound) pick them, newest group first."""
    entries = filters.qs
    ascending = newer is not None
    heads = _walk(entries, newer if ascending else older, ascending, size + 1, filters.search_scope)
    more = len(heads) > size
    heads = heads[:size]
    if newer is not None:
        heads.reverse()
        page = Page(
            heads, older=_encode(heads[-1]) if heads else newer.encode(), newer=_encode(heads[0]) if more else None
        )
    else:
        page = Page(
            heads,
            older=_encode(heads[-1]) if more else None,
            newer=_encode(heads[0]) if heads and older is not None else None,
        )
    if heads:
        totals = _totals(filters, {e.fingerprint for e in heads})
        page.rows = [Group(e, totals[e.fingerprint].count, totals[e.fingerprint].at) for e in heads]
    return page


def _totals(filters: EntryFilterSet, fingerprints: set[int]) -> dict[int, rollups.Total]:
    """Count and first date of these groups under `filters`: from the rollups where the filters are
    fields of theirs, else (free text) from the entries, through entry_tab_fingerprint."""
    entries = filters.qs.filter(fingerprint__in=fingerprints)
    tab = filters.tab
    rolled = filters.filter_rollups(Rollup.objects.filter(tab=tab.slug, fingerprint__in=fingerprints))
    if rolled is None:
        return rollups.counted([entries], None, "fingerprint")
    lower, upper = filters.time_range()
    hidden = None
    if tab.hidden_after:
        rule, age = tab.hidden_after
        hidden = (rule, timezone.now() - age)
    rolled, parts = rollups.split(entries, rolled, lower=lower, upper=upper, hidden=hidden)
    return rollups.counted(parts, rolled, "fingerprint")


def _walk(
    entries: QuerySet[Entry], start: Cursor | None, ascending: bool, wanted: int, search_scope: QuerySet[Entry] | None
) -> list[Entry]:
    """Entries that are the newest of their group, in list order from `start`, up to `wanted`."""
    order = ("occurred_at", "id") if ascending else ("-occurred_at", "-id")
    heads: list[Entry] = []
    met: set[int] = set()
    chunk = wanted
    while len(heads) < wanted:
        position = None if start is None else newer_than(start) if ascending else older_than(start)
        if met:
            # Walking back in time, the rest of a group already met is older than what was met:
            # never the newest of its group. Skipped in the database, a group of millions is not
            # read entry by entry (a hot group made the walk 10 times longer).
            skip = ~Q(fingerprint__in=met)
            position = skip if position is None else position & skip
        rows = first(entries, order, chunk, position=position, search_scope=search_scope)
        if not rows:
            break
        newest = _newest_of_groups(entries, rows)
        heads += [row for row in rows if newest.get(row.pk) == row.pk]
        if not ascending:
            met.update(row.fingerprint for row in rows)
        if len(rows) < chunk:
            break
        start = Cursor.of(rows[-1])
        chunk = min(chunk * 2, MAX_CHUNK)
    return heads[:wanted]


def _newest_of_groups(entries: QuerySet[Entry], rows: list[Entry]) -> dict[int, int]:
    """For each of `rows`: the id of the newest entry of its group among `entries`.

    A scalar subquery with LIMIT 1 per row, so each is one probe of the fingerprint
    index that starts at the row's own time (PostgreSQL skips older partitions).
    """
    newest = (
        entries.filter(fingerprint=OuterRef("fingerprint"), occurred_at__gte=OuterRef("occurred_at"))
        .order_by("-occurred_at", "-id")
        .values("id")[:1]
    )
    times = [row.occurred_at for row in rows]
    return dict(
        Entry.objects.filter(pk__in=[row.pk for row in rows], occurred_at__range=(min(times), max(times)))
        .annotate(newest=Subquery(newest))
        .values_list("pk", "newest")
    )


def _encode(entry: Entry) -> str:
    return Cursor.of(entry).encode()
