"""Retention cost, for `journal_bench`: expiring the oldest month against a plain DELETE.

The months that have ended get their indexes packed first, as beat's daily job
does (`partitions.compact_finished`). The oldest full month of the journal is then
expired by the project's retention job
(every tab set to keep one day less than that month's age, with the clock put a
day after the month ends), which detaches and drops the month's partition. The
comparison deletes the same rows with one `DELETE` from a copy of that month in a
plain table with the same indexes, as a journal without partitions would.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import connection, transaction

from .. import partitions, retention, rollups, tabs
from ..models import TabRetention
from .plain import create_plain_table

_COPY = "bench_month_copy"


def measure_retention(progress: Callable[[str], None]) -> dict[str, float]:
    name, (lower, upper) = _oldest_full_month()
    # What beat's daily job has done to every month that has ended (untimed here).
    started = time.perf_counter()
    if partitions.compact_finished():
        progress(f"  packed the indexes of the months that have ended in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        rows = cursor.fetchone()[0]
    progress(f"  oldest month {lower:%Y-%m}: {rows:,} entries")

    delete_s = _plain_delete(name, lower, upper)
    progress(f"  plain DELETE of those entries from a copy: {delete_s:.1f} s")

    saved = list(TabRetention.objects.all())
    try:
        TabRetention.objects.all().delete()
        TabRetention.objects.bulk_create(TabRetention(tab=t.slug, days=1) for t in tabs.all_tabs())
        # Whatever is older than the month goes first, untimed, and the rollups are sealed as the
        # hourly runs would have: the timed run expires one month.
        retention.run_retention(now=lower + dt.timedelta(days=1))
        rollups.seal(upper + dt.timedelta(days=1))
        started = time.perf_counter()
        run = retention.run_retention(now=upper + dt.timedelta(days=1))
        retention_s = time.perf_counter() - started
    finally:
        TabRetention.objects.all().delete()
        TabRetention.objects.bulk_create(saved)
    progress(f"  retention job: {run.summary}")
    return {"retention_month_s": retention_s, "delete_month_s": delete_s, "retention_month_rows": rows}


def _oldest_full_month() -> tuple[str, tuple[dt.datetime, dt.datetime]]:
    """The oldest partition whose month has entries from its first days: a whole month."""
    for name, (lower, upper) in sorted(partitions.ranges().items(), key=lambda item: item[1]):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT min(occurred_at) FROM "{name}"')
            first = cursor.fetchone()[0]
        if first is not None and first < lower + dt.timedelta(days=2):
            return name, (lower, upper)
    raise RuntimeError("no whole month in the journal yet: seed more days (journal_bench seeds 200)")


def _plain_delete(name: str, lower: dt.datetime, upper: dt.datetime) -> float:
    with connection.cursor() as cursor:
        create_plain_table(cursor, _COPY, source=name)
        cursor.execute(f"VACUUM ANALYZE {_COPY}")
    try:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_COPY} WHERE occurred_at >= %s AND occurred_at < %s", [lower, upper])
        return time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {_COPY}")
