"""Monthly range partitions of `eventlog_entry` on PostgreSQL.

Partitions are created ahead by Celery beat (`create_partitions_ahead`) and, for
back-dated writes (imports, demo data), by the writer just before it writes. The
DEFAULT partition exists only as a safety net and stays empty in normal operation:
a row there would block creating the partition its month belongs to.
SQLite keeps a plain table; every function here is a no-op on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

PARENT = "eventlog_entry"
DEFAULT_PARTITION = f"{PARENT}_default"

# Months known to have a partition in this process; saves a catalogue query per batch.
_known: set[dt.date] = set()


def is_partitioned() -> bool:
    return connection.vendor == "postgresql"


def month_start(when: dt.datetime | dt.date) -> dt.date:
    if isinstance(when, dt.datetime):
        when = when.astimezone(dt.UTC).date()
    return when.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{PARENT}_p{month:%Y_%m}"


def existing_partitions() -> dict[str, str]:
    """Partition name -> its bound as PostgreSQL prints it, read from the catalogue."""
    if not is_partitioned():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass
            """,
            [PARENT],
        )
        return {name: bound for name, bound in cursor.fetchall()}


_BOUNDS = re.compile(r"FROM \('([^']+)'\) TO \('([^']+)'\)")


def ranges() -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """Monthly partitions (not DEFAULT) -> (lower, upper) bounds."""
    result = {}
    for name, bound in existing_partitions().items():
        found = _BOUNDS.search(bound or "")
        if found:
            lower, upper = (dt.datetime.fromisoformat(v.replace("+00", "+00:00")) for v in found.groups())
            result[name] = (lower, upper)
    return result


#: The table comment of a month whose indexes were rebuilt after it ended.
COMPACTED = "compacted"


def compact_finished(now: dt.datetime | None = None) -> list[str]:
    """Rebuild the indexes of months that have ended, once each; returns their names.

    Rows arrive newest first into a dozen tabs, so the tab-led indexes split pages
    in their middle and stay half empty: a month's indexes take about twice the room
    they need. Rebuilt once the month is over (CONCURRENTLY: lists keep working),
    they are packed, which keeps more of the journal in memory and makes dropping an
    expired month quicker.
    """
    if not is_partitioned():
        return []
    # A day's grace: late, back-dated writes of the month have arrived.
    finished_before = (now or timezone.now()) - dt.timedelta(days=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = %s::regclass AND obj_description(c.oid, 'pg_class') IS DISTINCT FROM %s
            """,
            [PARENT, COMPACTED],
        )
        candidates = {name for (name,) in cursor.fetchall()}
    done = []
    for name, (_, upper) in sorted(ranges().items()):
        if name in candidates and upper <= finished_before:
            with connection.cursor() as cursor:
                cursor.execute(f'REINDEX TABLE CONCURRENTLY "{name}"')
                cursor.execute(f"COMMENT ON TABLE \"{name}\" IS '{COMPACTED}'")
            done.append(name)
    return done


def ensure_months(months: Iterable[dt.date]) -> list[str]:
    """Create the partitions of these months where missing; returns the names created."""
    if not is_partitioned():
        return []
    missing = sorted({month_start(m) for m in months} - _known)
    if not missing:
        return []
    existing = existing_partitions()
    created = []
    for month in missing:
        name = partition_name(month)
        if name not in existing:
            _create(month, name)
            created.append(name)
        # Only once committed: a rolled-back CREATE must not be remembered as done,
        # or later rows of that month would fall into the DEFAULT partition.
        transaction.on_commit(functools.partial(_known.add, month))
    return created


def ensure_for(timestamps: Iterable[dt.datetime]) -> list[str]:
    """The partitions of every month from the earliest to the latest of `timestamps`.

    Only the two ends are converted to months: a batch of 20,000 rows costs two
    conversions, not 20,000 (and a gap month gets its, empty, partition too).
    """
    timestamps = list(timestamps)
    if not timestamps:
        return []
    month, last = month_start(min(timestamps)), month_start(max(timestamps))
    months = [month]
    while month < last:
        month = next_month(month)
        months.append(month)
    return ensure_months(months)


def create_ahead(months: int | None = None) -> list[str]:
    """The current month and the next `months` ones (settings.JOURNAL_PARTITION_MONTHS_AHEAD)."""
    months = settings.JOURNAL_PARTITION_MONTHS_AHEAD if months is None else months
    month = month_start(timezone.now())
    wanted = [month]
    for _ in range(months):
        month = next_month(month)
        wanted.append(month)
    _known.difference_update(wanted)  # re-check the catalogue: a partition may have been dropped
    return ensure_months(wanted)


def forget() -> None:
    """Drop the in-process cache (after partitions were dropped, e.g. in tests)."""
    _known.clear()


#: The search indexes' statistics target (migration 0014), and the indexes it is set on.
SEARCH_STATISTICS = 1000
SEARCH_INDEXES = ["entry_search", "entry_search_problems"]


def created(cursor: CursorWrapper, name: str) -> None:
    """What a partition made after migration 0014 needs beyond the indexes its parent gives it.

    PostgreSQL copies a partitioned index column's statistics target to the partitions that
    existed when it was set, not to later ones: without it the planner misjudges how rare a
    searched word is in the new month (see migration 0014).
    """
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index JOIN pg_inherits ON inhrelid = indexrelid"
        " WHERE indrelid = %s::regclass AND inhparent::regclass::text = ANY(%s)",
        [f'"{name}"', SEARCH_INDEXES],
    )
    for (index,) in cursor.fetchall():
        cursor.execute(f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS {SEARCH_STATISTICS}")


def _create(month: dt.date, name: str) -> None:
    # Bounds are formatted from dates, never from outside text.
    lower = f"'{month.isoformat()} 00:00:00+00'"
    upper = f"'{next_month(month).isoformat()} 00:00:00+00'"
    with transaction.atomic(), connection.cursor() as cursor:
        # Serialise creators: two workers writing into a new month must not race.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [PARENT])
        cursor.execute("SELECT to_regclass(%s)", [name])
        if cursor.fetchone()[0] is not None:
            return
        in_range = f"occurred_at >= {lower} AND occurred_at < {upper}"
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{DEFAULT_PARTITION}" WHERE {in_range})')
        if not cursor.fetchone()[0]:
            cursor.execute(f'CREATE TABLE "{name}" PARTITION OF "{PARENT}" FOR VALUES FROM ({lower}) TO ({upper})')
            created(cursor, name)
            return
        # Rows of this month reached DEFAULT (written by a process whose cache still
        # had a partition that retention dropped): PostgreSQL refuses the new partition
        # until they move, so move them into it and attach it.
        cursor.execute(f'CREATE TABLE "{name}" (LIKE "{PARENT}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
        cursor.execute(
            f'WITH moved AS (DELETE FROM "{DEFAULT_PARTITION}" WHERE {in_range} RETURNING *) '
            f'INSERT INTO "{name}" SELECT * FROM moved'
        )
        cursor.execute(f'ALTER TABLE "{PARENT}" ATTACH PARTITION "{name}" FOR VALUES FROM ({lower}) TO ({upper})')
        created(cursor, name)
