"""Keyset paging over (occurred_at, id), newest first.

A page is fetched by "rows older than this cursor" or "rows newer than this cursor",
never by offset, so page 1,000 costs what page 1 costs, and no total is counted.
Ties on `occurred_at` are broken by `id`, so every entry appears exactly once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import search


class BadCursor(ValueError):
    """A page position the list cannot go to; `problems` say why, for people."""

    def __init__(self, text: str, problems: list[str] | None = None) -> None:
        super().__init__(text)
        self.problems = problems or []


#: Query parameters that say where in a list a page starts, not which entries it holds.
POSITION_PARAMS = ("older", "newer", "at")


#: The days a list can be filtered by or jump to: nothing in a journal is older, and a
#: later day would overflow the next day's start (9999-12-31 + 1) or the zone's offset.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


@dataclass(frozen=True)
class Cursor:
    occurred_at: dt.datetime
    id: int

    def encode(self) -> str:
        micros = int(self.occurred_at.timestamp() * 1_000_000)
        return f"{micros}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        try:
            micros, pk = text.split("_")
            when = dt.datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt.UTC)
            return cls(when, int(pk))
        except (ValueError, OverflowError, OSError) as exc:
            raise BadCursor(text) from exc

    @classmethod
    def of(cls, row: Any) -> Cursor:
        return cls(row.occurred_at, row.pk)

    @classmethod
    def before_day(cls, day: dt.date) -> Cursor:
        """Everything up to the end of `day` (local time): "jump to a date". Raises BadCursor
        for a day outside FIRST_DAY to LAST_DAY."""
        if not FIRST_DAY <= day <= LAST_DAY:
            raise BadCursor(day.isoformat())
        start_next = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
        return cls(timezone.make_aware(start_next), 0)


@dataclass
class Page:
    rows: list
    older: str | None
    newer: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.older or self.newer)


def older_than(cursor: Cursor, time_field: str = "occurred_at", id_field: str = "id") -> Q:
    # Written so that PostgreSQL uses `time <= t` as the index range and prunes partitions.
    return Q(**{f"{time_field}__lte": cursor.occurred_at}) & (
        Q(**{f"{time_field}__lt": cursor.occurred_at}) | Q(**{f"{id_field}__lt": cursor.id})
    )


def newer_than(cursor: Cursor, time_field: str = "occurred_at", id_field: str = "id") -> Q:
    return Q(**{f"{time_field}__gte": cursor.occurred_at}) & (
        Q(**{f"{time_field}__gt": cursor.occurred_at}) | Q(**{f"{id_field}__gt": cursor.id})
    )


def paginate(
    queryset: QuerySet,
    *,
    older: Cursor | None = None,
    newer: Cursor | None = None,
    size: int = 50,
    time_field: str = "occurred_at",
    id_field: str = "id",
    search_scope: QuerySet | None = None,
) -> Page:
    """One page of `queryset`, newest first, in one query of `size + 1` rows.

    With `search_scope` (`queryset` is a free-text search among it) the rows come from
    `first` (a few more queries, each bounded; see search.first_matches).
    """
    if newer is not None:
        ascending = (time_field, id_field)
        since = newer_than(newer, time_field, id_field)
        rows = first(queryset, ascending, size + 1, position=since, search_scope=search_scope)
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return Page(
            rows,
            older=_cursor(rows[-1], time_field, id_field) if rows else newer.encode(),
            newer=_cursor(rows[0], time_field, id_field) if rows and more_newer else None,
        )
    position = older_than(older, time_field, id_field) if older is not None else None
    order = (f"-{time_field}", f"-{id_field}")
    rows = first(queryset, order, size + 1, position=position, search_scope=search_scope)
    more_older = len(rows) > size
    rows = rows[:size]
    return Page(
        rows,
        older=_cursor(rows[-1], time_field, id_field) if more_older else None,
        newer=_cursor(rows[0], time_field, id_field) if rows and older is not None else None,
    )


def first(
    queryset: QuerySet,
    order: tuple[str, str],
    limit: int,
    *,
    position: Q | None = None,
    search_scope: QuerySet | None = None,
) -> list:
    """The first `limit` rows of `queryset` in `order` (time, id; either direction) from `position`.

    `search_scope`: when `queryset` is a free-text search among it (EntryFilterSet.search_scope).
    """
    if position is not None:
        queryset = queryset.filter(position)
    if search_scope is None:
        return list(queryset.order_by(*order)[:limit])
    if position is not None:
        search_scope = search_scope.filter(position)
    return search.first_matches(queryset, search_scope, order, limit)


def _cursor(row: Any, time_field: str, id_field: str) -> str:
    if isinstance(row, dict):
        return Cursor(row[time_field], row[id_field]).encode()
    return Cursor(getattr(row, time_field), getattr(row, id_field)).encode()
