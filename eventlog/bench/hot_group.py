"""Hot groups, for `journal_bench`: the pages a group of millions used to slow down.

A connector stuck in a retry loop writes the same error for one offer once a second; this part
adds such a group of 2,000,000 entries (23 days of it, ending now) to the offers tab and requests
the grouped offers list, the overview and "codes without an explanation" before and after, as
full requests, in the same run. The journal is sealed into the rollups first (what the
hourly maintenance run does; `rollup_seal_s` is how long the first seal of the whole journal
takes). The hot group goes in through the writer like any import: entries before the rollups'
horizon refresh their groups' hours (`hot_group_write_rows_per_s`), and it leaves through the
writer's delete like retention (`hot_group_delete_rows_per_s`), so that a next run finds the
journal as it was. `late_write_rows_per_s` is the writer with demo rows of yesterday (every
row before the horizon, nearly each a group of its own): the back-dated import's worst case.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
import time
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from .. import demo, retention, rollups, writer
from ..models import Entry
from .lists import TAB, USERNAME, _client, _request

#: Entries of the hot group, one a second.
HOT = 2_000_000
BATCH = 20_000
HOT_ENTRY = {
    "tab": TAB,
    "severity": "error",
    "event_type": "price_change",
    "message": "Rate limit exceeded (429)",
    "message_code": "ALLEGRO_RATE_LIMITED",
    "service": "allegro",
    "object_type": "offer",
    "object_id": "journal-bench-hot-offer",
}
PAGES = {"list": f"/journal/{TAB}/", "overview": "/journal/", "codes": "/journal/codes/unexplained/"}


def measure_hot_group(repeat: int, progress: Callable[[str], None], size: int = HOT) -> dict[str, float]:
    client = _client()
    result: dict[str, float] = {}
    try:
        started = time.perf_counter()
        rows = rollups.seal()
        result["rollup_seal_s"] = time.perf_counter() - started
        progress(f"  sealed into the rollups: {rows:,} rows in {result['rollup_seal_s']:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE eventlog_rollup")  # what autovacuum does after a large seal
        before = {name: _p50(client, path, repeat) for name, path in PAGES.items()}

        now = timezone.now()
        started = time.perf_counter()
        for start in range(0, size, BATCH):
            stop = min(start + BATCH, size)
            writer.write(
                writer.prepare({**HOT_ENTRY, "occurred_at": now - dt.timedelta(seconds=i)} for i in range(start, stop))
            )
        result["hot_group_write_rows_per_s"] = size / (time.perf_counter() - started)
        rollups.seal()
        after = {name: _p50(client, path, repeat) for name, path in PAGES.items()}
        for name in PAGES:
            result[f"hot_group_base_{name}_p50_ms"] = before[name]
            result[f"hot_group_{name}_p50_ms"] = after[name]
            progress(f"  {name:<8} {before[name]:7.1f} ms -> with the hot group {after[name]:7.1f} ms")
        result["hot_group_p50_ms"] = after["list"]
        result["hot_group_worst_ratio"] = max(after[name] / before[name] for name in PAGES)
        result["late_write_rows_per_s"] = _late_writes()
    finally:
        started = time.perf_counter()
        fingerprint = writer.fingerprint(TAB, HOT_ENTRY["message"], HOT_ENTRY["message_code"], "offer",
                                         HOT_ENTRY["object_id"])  # fmt: skip
        gone = retention.delete_in_batches(Entry.objects.filter(tab=TAB, fingerprint=fingerprint))
        if gone:
            result["hot_group_delete_rows_per_s"] = gone / (time.perf_counter() - started)
        User.objects.filter(username=USERNAME).delete()
    progress(
        f"  writer {result.get('hot_group_write_rows_per_s', 0):,.0f} rows/s into sealed hours,"
        f" {result.get('late_write_rows_per_s', 0):,.0f} rows/s of yesterday's demo rows;"
        f" deletes {result.get('hot_group_delete_rows_per_s', 0):,.0f} rows/s"
    )
    return result


def _p50(client, path: str, repeat: int) -> float:
    return statistics.median([_request(client, path, {}) for _ in range(repeat + 1)][1:])


def _late_writes() -> float:
    """Rows/s of the writer for BATCH demo rows of yesterday, then deleted again."""
    yesterday = timezone.now() - dt.timedelta(days=1)
    rows = list(itertools.islice(demo.generate(BATCH, 1, seed=77), BATCH))
    for row in rows:
        row["occurred_at"] -= dt.timedelta(days=1)
        row["occurred_at"] = min(row["occurred_at"], yesterday)
    batch = writer.prepare(rows)
    started = time.perf_counter()
    ids = writer.write(batch)
    seconds = time.perf_counter() - started
    writer.delete(Entry.objects.filter(pk__in=ids))
    return len(ids) / seconds
