"""Rollups: how many entries each group, and each message code, has per hour, so that a count
never reads the group.

The grouped lists show each group's count and first date, and "codes without an explanation"
counts each code's warnings and errors. Counted from the entries, that costs what the group
holds: one offer stuck in a retry loop writes a rate-limit error every second, and its 2,000,000
entries made the grouped offers list 0.8 s. Counted from `Rollup`, one row per group and hour
(with the fields the lists filter on), a group costs its hours at most. `ProblemRollup` counts the
warnings and errors per tab, severity, code and hour, for the overview and the codes page (a month
of group rollups is nearly as long as the month: most groups of a shop are one entry).

**Sealed hours.** Every entry before the horizon (`RollupHorizon.sealed_until`, a whole hour) is in
the rollups, and no entry after it: a count adds the rollups before the horizon to the entries
after it, in one statement (one snapshot), so it is exact at every moment. The hourly maintenance
run (eventlog.retention) moves the horizon up to the last whole hour with `seal`, one aggregate
over the hours it covers. The writer pays nothing for entries after the horizon, which is almost
every entry: a rollup kept by the writer for each batch made writing 2.5 times slower (one upsert
per group, and nearly every entry of a shop is a group of its own). An entry written before the
horizon (a back-dated import) or deleted before it (retention, a shop admin) makes the writer
`refresh` its group's hours from the entries, in the same transaction.

**Locks** (PostgreSQL advisory locks, held to the end of the transaction): writers and deleters
hold HORIZON shared, so `seal` (exclusive) moves the horizon only between their transactions;
`refresh` also holds REFRESH exclusively, so that two transactions touching one group's hour
recompute it one after the other.

The rollups hold the entries of the declared tabs (an integration removed from the code leaves
entries that no list shows). SQLite (the embedded `make run`) is never sealed: its horizon stays
at the writer's EARLIEST and every count reads the entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, DateTimeField, Expression, Max, Min, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from . import partitions, tabs
from .models import PROBLEM_SEVERITIES, RollupHorizon

#: Advisory lock keys (pg_advisory_xact_lock(int, int)): the journal's, then which lock.
_NAMESPACE = 0x44_7A_6E_6B  # "Dznk"
HORIZON = (_NAMESPACE, 1)
REFRESH = (_NAMESPACE, 2)
HOUR = dt.timedelta(hours=1)
#: The horizon before the first seal (migration 0015 starts it there; a flushed test database has
#: no horizon): not later than the writer's EARLIEST, so that no entry is before it.
NOTHING_SEALED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: The most `seal` rolls up in one transaction (writers wait for it): a day of entries.
SEAL_STEP = dt.timedelta(days=1)

#: A group's fields that a rollup row keeps apart; the object follows from the fingerprint.
KEY = ("tab", "fingerprint", "severity", "event_type", "initiator", "account", "service", "message_code")
_GROUP_BY = ", ".join(f"e.{name}" for name in KEY)
#: The entries a problem rollup counts.


class _Rollup(NamedTuple):
    table: str
    columns: str
    #: Its rows from the entries `e` a WHERE picks, `{hour}` being their hour (`{by_hour}`: "1, "
    #: when it is grouped by).
    select: str


GROUPS = _Rollup(
    "eventlog_rollup",
    f"hour, {', '.join(KEY)}, object_type, object_id, count, first, last",
    f"SELECT {{hour}}, {_GROUP_BY}, min(e.object_type), min(e.object_id), count(*), min(e.occurred_at),"
    f" max(e.occurred_at) FROM {partitions.PARENT} e WHERE {{where}} GROUP BY {{by_hour}}{_GROUP_BY}",
)
PROBLEMS = _Rollup(
    "eventlog_problemrollup",
    "hour, tab, severity, message_code, count, last",
    f"SELECT {{hour}}, e.tab, e.severity, e.message_code, count(*), max(e.occurred_at) FROM {partitions.PARENT} e"
    f" WHERE e.severity IN ('warning', 'error') AND {{where}} GROUP BY {{by_hour}}e.tab, e.severity, e.message_code",
)
_IN_HOUR = "e.occurred_at >= k.hour AND e.occurred_at < k.hour + interval '1 hour'"
#: The keys a change touched that are before the horizon, from arrays.
_BEFORE_HORIZON = " WHERE hour < (SELECT coalesce(max(sealed_until), '-infinity') FROM eventlog_rolluphorizon)) AS k"


def floor_hour(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def ceil_hour(when: dt.datetime) -> dt.datetime:
    floor = floor_hour(when)
    return floor if floor == when else floor + HOUR


def sealed_until() -> Expression:
    """The horizon, as a subquery: read in the statement that reads the rollups, never apart."""
    sealed = Subquery(RollupHorizon.objects.values("sealed_until")[:1], output_field=DateTimeField())
    return Coalesce(sealed, _at(NOTHING_SEALED))


def horizon() -> dt.datetime:
    """The horizon now (for maintenance and tests; a count reads it with `sealed_until`)."""
    sealed = RollupHorizon.objects.values_list("sealed_until", flat=True).first()
    return sealed if sealed is not None else NOTHING_SEALED


def lock_for_write() -> dt.datetime:
    """Hold the horizon still until this transaction ends; returns it.

    Called by the writer (and its deletes) inside their transaction, before they change entries:
    an entry before the returned horizon must be refreshed, one after it must not.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Two statements: a statement's snapshot is taken before its lock is granted.
            cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", HORIZON)
    return horizon()


def refresh(touched: Iterable[tuple[str, int, dt.datetime, str, str]]) -> None:
    """Recompute the rollup rows of the hours of these entries, after a change to them.

    `touched`: (tab, fingerprint, hour, message_code, severity) of each entry written or deleted.
    Hours from the horizon on are left alone (their entries are counted as they are); the caller
    holds the horizon with `lock_for_write` in the same transaction. A group's (or code's) hour is
    at most 3,600 entries of a once-a-second group, read through entry_tab_fingerprint (a tab's
    warnings or errors of an hour, through entry_tab_severity).
    """
    touched = set(touched)
    if not touched or connection.vendor != "postgresql":
        return
    groups = sorted({(tab, fingerprint, hour) for tab, fingerprint, hour, _, _ in touched})
    problems = sorted(
        {(tab, severity, hour) for tab, _, hour, _, severity in touched if severity in PROBLEM_SEVERITIES}
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", REFRESH)
        keys = (
            "(SELECT * FROM unnest(%s::text[], %s::bigint[], %s::timestamptz[]) AS k(tab, fingerprint, hour)"
            + _BEFORE_HORIZON
        )
        _recompute(cursor, GROUPS, keys, "r.tab = k.tab AND r.fingerprint = k.fingerprint AND r.hour = k.hour",
                   "e.tab = k.tab AND e.fingerprint = k.fingerprint", groups)  # fmt: skip
        if problems:
            keys = (
                "(SELECT * FROM unnest(%s::text[], %s::text[], %s::timestamptz[]) AS k(tab, severity, hour)"
                + _BEFORE_HORIZON
            )
            _recompute(cursor, PROBLEMS, keys, "r.tab = k.tab AND r.severity = k.severity AND r.hour = k.hour",
                       "e.tab = k.tab AND e.severity = k.severity", problems)  # fmt: skip


def _recompute(cursor, rollup: _Rollup, keys: str, same_key: str, probe: str, rows: list[tuple]) -> None:
    arrays = [list(column) for column in zip(*rows, strict=True)]
    cursor.execute(f"DELETE FROM {rollup.table} r USING {keys} WHERE {same_key}", arrays)
    # LATERAL: one probe of an index per key, never a join over the journal.
    per_key = rollup.select.format(hour="k.hour", where=f"{probe} AND {_IN_HOUR}", by_hour="")
    cursor.execute(
        f"INSERT INTO {rollup.table} ({rollup.columns}) SELECT g.* FROM {keys} CROSS JOIN LATERAL ({per_key}) g", arrays
    )


def forget_between(lower: dt.datetime, upper: dt.datetime) -> None:
    """Delete the rollup rows of [lower, upper): a month retention drops, in its transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", REFRESH)
        for rollup in (GROUPS, PROBLEMS):
            cursor.execute(f"DELETE FROM {rollup.table} WHERE hour >= %s AND hour < %s", [lower, upper])


def seal(now: dt.datetime | None = None, *, between: Callable[[], None] | None = None) -> int:
    """Roll up every entry before the current hour that is not yet; returns the rollup rows written.

    One transaction per SEAL_STEP at most (the writers wait for each); a span without a monthly
    partition is one step, which reads only the DEFAULT partition. `between` runs after each
    transaction (a job's heartbeat). A no-op on SQLite.
    """
    if connection.vendor != "postgresql":
        return 0
    target = floor_hour(now or timezone.now())
    declared = tabs.slugs()
    months = sorted(partitions.ranges().values())
    written = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", HORIZON)
            start = horizon()
            if not RollupHorizon.objects.exists():
                RollupHorizon.objects.create(sealed_until=start)
            if start >= target:
                return written
            upper = min(target, start + SEAL_STEP)
            month = next(((lo, up) for lo, up in months if lo <= start < up), None)
            if month is not None:
                upper = min(upper, month[1])
            else:
                upper = min([target, *(lo for lo, _ in months if lo > start)])
            for rollup in (GROUPS, PROBLEMS):
                # By tab: each tab's time range of an index, never a scan of the month.
                where = "e.tab = ANY(%s) AND e.occurred_at >= %s AND e.occurred_at < %s"
                select = rollup.select.format(
                    hour="date_trunc('hour', e.occurred_at, 'UTC')", where=where, by_hour="1, "
                )
                cursor.execute(f"INSERT INTO {rollup.table} ({rollup.columns}) {select}", [declared, start, upper])
                written += cursor.rowcount
            cursor.execute("UPDATE eventlog_rolluphorizon SET sealed_until = %s", [upper])
        if between is not None:
            between()


def split(
    entries: QuerySet,
    rollups: QuerySet,
    *,
    lower: dt.datetime | None = None,
    upper: dt.datetime | None = None,
    hidden: tuple[Q, dt.datetime] | None = None,
) -> tuple[QuerySet, list[QuerySet]]:
    """`rollups` and `entries` narrowed so that together they hold each entry of [lower, upper) once.

    `entries` is already narrowed to [lower, upper) (None: open) and by every other filter;
    `rollups` by the same filters but time. The rollups take the whole hours from ceil(lower) to
    the horizon (or floor(upper), if earlier), the entries the rest: the partial first hour and
    everything after the horizon. Returns the rollups and the parts of the entries, each one index
    range (an OR of ranges would read the whole group).

    `hidden`: a tab's rule hiding its entries before a cutoff (Tab.hidden_after), which `entries`
    apply by the exact time: the rollups lose the rule's rows of every hour before ceil(cutoff),
    and what that takes of the hour holding the cutoff comes back from `entries`.
    """
    until: Expression = sealed_until()
    if upper is not None:
        until = Least(until, _at(floor_hour(upper)))
    start = None
    parts = []
    if lower is not None:
        start = ceil_hour(lower)
        rollups = rollups.filter(hour__gte=start)
        if start > lower:
            parts.append(entries.filter(occurred_at__lt=start))
        until = Greatest(until, _at(start))
    if hidden is not None:
        rule, cutoff = hidden
        end = ceil_hour(cutoff)
        rollups = rollups.exclude(rule & Q(hour__lt=end))
        if end > cutoff:
            sliver = floor_hour(cutoff) if start is None else max(floor_hour(cutoff), start)
            parts.append(entries.filter(rule, occurred_at__gte=sliver, occurred_at__lt=Least(_at(end), until)))
    parts.append(entries.filter(occurred_at__gte=until))
    return rollups.filter(hour__lt=until), parts


def _at(when: dt.datetime) -> Value:
    return Value(when, output_field=DateTimeField())


def counted(parts: list[QuerySet], rollups: QuerySet | None, *by: str, latest: bool = False) -> dict[Any, Total]:
    """Per value of the fields `by` (of both; a tuple of values for more than one): how many
    entries and their first (or latest) date.

    `parts` and `rollups` as `split` returns them (no rollups: the entries alone); one query
    (UNION ALL), added up here.
    """
    edge, rolled_edge = (Max, "last") if latest else (Min, "first")
    queries = [part.order_by().values(*by).annotate(n=Count("id"), at=edge("occurred_at")) for part in parts]
    if rollups is not None:
        queries.append(rollups.order_by().values(*by).annotate(n=Sum("count"), at=edge(rolled_edge)))
    pick = max if latest else min
    totals: dict[Any, Total] = {}
    for row in queries[0].union(*queries[1:], all=True):
        key = row[by[0]] if len(by) == 1 else tuple(row[name] for name in by)
        count, at = row["n"], row["at"]
        if key in totals:
            count, at = totals[key].count + count, pick(totals[key].at, at)
        totals[key] = Total(count, at)
    return totals


@dataclass(frozen=True, slots=True)
class Total:
    count: int
    #: The first date, or the latest (`counted(latest=True)`).
    at: dt.datetime
