"""Writer throughput, for `journal_bench`: the project's writer against raw `COPY`.

Both write the very same demo rows. The writer is timed as an import uses it:
validation, fingerprints, partition routing, ids and `COPY` into the partitioned
journal, one transaction per batch of 20,000. Raw `COPY` sends the already
validated tuples into a plain (unpartitioned) table, three times: with the
journal's indexes (`copy_rows_per_s`: what storing these rows costs at all), with
only the primary key and the full-text indexes (`copy_search_only_rows_per_s`: the
most any writer could do while free text stays indexed, whatever the other
indexes become) and bare (`copy_bare_rows_per_s`: what only the disk write costs).
Then each index alone beside the primary key (`index_<name>_us_per_row`: µs a row
above `copy_pk_only_rows_per_s`): where the writer's time goes. Together the indexes
cost more than these parts add up to (they compete for the buffers and the WAL).
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from .. import demo, partitions, rollups, writer
from .plain import create_plain_table, journal_indexes

BATCH = 20_000
_PLAIN = "bench_plain_copy"


def measure_writes(rows: int, progress: Callable[[str], None]) -> dict[str, float]:
    entries = list(itertools.islice(demo.generate(rows, 1, seed=4242), rows))
    _after_the_horizon(entries)
    batches = [writer.prepare(entries[i : i + BATCH]) for i in range(0, len(entries), BATCH)]

    started = time.perf_counter()
    for batch in batches:
        writer.write(batch)
    write_s = time.perf_counter() - started
    progress(f"  writer: {rows:,} rows in {write_s:.1f} s")

    result = {"write_rows_per_s": rows / write_s}
    variants = (
        ("copy_rows_per_s", True, None, " with the same indexes"),
        ("copy_search_only_rows_per_s", True, tuple(partitions.SEARCH_INDEXES), " with only the full-text indexes"),
        ("copy_bare_rows_per_s", False, None, ""),
    )
    for key, indexed, only, label in variants:
        seconds = _raw_copy(batches, indexed, only)
        progress(f"  raw COPY into a plain table{label}: {seconds:.1f} s")
        result[key] = rows / seconds
    pk_only = _raw_copy(batches, True, ())
    result["copy_pk_only_rows_per_s"] = rows / pk_only
    progress("  each index alone beside the primary key, µs a row above the key alone:")
    with connection.cursor() as cursor:
        names = list(journal_indexes(cursor))
    for name in names:
        extra = (_raw_copy(batches, True, (name,)) - pk_only) / rows * 1e6
        result[f"index_{name}_us_per_row"] = extra
        progress(f"    {name}: {extra:.1f}")
    return result


def _after_the_horizon(entries: list[dict]) -> None:
    """Squeeze the rows' day into the time after the rollups' horizon: what a shop writes as it
    happens (back-dated rows cost more; bench/hot_group.py measures those)."""
    now = timezone.now()
    start = max(rollups.horizon(), now - dt.timedelta(days=1))
    share = (now - start) / dt.timedelta(days=1)
    for entry in entries:
        entry["occurred_at"] = now - (now - entry["occurred_at"]) * share


def _raw_copy(batches: list[writer.Batch], indexed: bool, only: tuple[str, ...] | None) -> float:
    columns = ", ".join(writer._FIELDS)
    with connection.cursor() as cursor:
        create_plain_table(cursor, _PLAIN, indexed=indexed, only=only)
    try:
        started = time.perf_counter()
        for batch in batches:
            with (
                transaction.atomic(),
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {_PLAIN} ({columns}) FROM STDIN") as copy,
            ):
                for row in batch:
                    copy.write_row(row)
        return time.perf_counter() - started
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {_PLAIN}")
