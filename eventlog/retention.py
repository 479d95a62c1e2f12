"""Retention: removing what the journal no longer needs to keep.

Each tab keeps its entries for its retention days (the tab's default, or a shop
admin's choice in TabRetention); some entries expire earlier (SMS still waiting
after 24 hours) and some never (Allegro's "account deactivated").

The fast path drops whole monthly partitions once every tab's cutoff has passed
their upper bound: no row is read, except the few undeletable ones, which move
into a fresh partition of the same month first. Everything
else is deleted in bounded batches, one transaction each, so a run killed half-way
leaves a consistent journal and the next run carries on. Every rule is recomputed
from "now" on each batch, so a second run finds nothing to delete.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import messages, partitions, rollups, runs, tabs, writer
from .messages import Message
from .models import Entry, Run, TabRetention

#: Rows per delete batch: small enough to keep each transaction short.
BATCH = 5000


def days_for(tab: tabs.Tab, overrides: dict[str, int] | None = None) -> int:
    if overrides is None:
        overrides = dict(TabRetention.objects.values_list("tab", "days"))
    return overrides.get(tab.slug, tab.retention_days)


def deletable(tab: tabs.Tab, queryset: QuerySet[Entry]) -> QuerySet[Entry]:
    """Never touches what the tab declares undeletable."""
    return queryset.exclude(tab.undeletable) if tab.undeletable is not None else queryset


def delete_in_batches(queryset: QuerySet[Entry], between: Callable[[], None] | None = None) -> int:
    """Delete in batches of BATCH rows, each its own transaction; `between` runs after each
    (a job's heartbeat). Uses the tab/time indexes."""
    total = 0
    while True:
        if between is not None and total:
            between()
        # One transaction each (the writer's); 0 when nothing is left (or another run took it).
        deleted = writer.delete(queryset[:BATCH])
        if not deleted:
            return total
        total += deleted


@dataclass
class ExpiredMonth:
    name: str
    lower: dt.datetime
    upper: dt.datetime
    #: Ids of the entries in it that must stay (a tab's undeletable ones): a few.
    keep: list[int]


def expired_months(cutoff: dt.datetime) -> list[ExpiredMonth]:
    """Monthly partitions wholly older than `cutoff` that hold something to remove, with what each must keep."""
    protected = [t for t in tabs.all_tabs() if t.undeletable is not None]
    months = []
    for name, (lower, upper) in sorted(partitions.ranges().items(), key=lambda item: item[1]):
        if upper > cutoff:
            continue
        # The month's range prunes the query to this partition. Uses index: entry_tab_event.
        in_month = Entry.objects.filter(occurred_at__gte=lower, occurred_at__lt=upper)
        keep = [
            pk
            for t in protected
            for pk in in_month.filter(tab=t.slug).filter(t.undeletable).values_list("pk", flat=True)
        ]
        if keep and not in_month.exclude(pk__in=keep).exists():
            # Only what must stay is left (an earlier run dropped the rest): nothing to do,
            # so the hourly run does not detach and re-create the month again and again.
            continue
        months.append(ExpiredMonth(name, lower, upper, keep))
    return months


#: Detached expired months wait under this suffix for `drop_detached` (a run killed
#: in between leaves them for the next run).
EXPIRED_SUFFIX = "_expired"


def drop_month(month: ExpiredMonth) -> int:
    """Take an expired month out of the journal and drop it; returns how many entries went.

    Two transactions: the first detaches the partition (and puts back, into a fresh
    partition of the same month, the few entries that must stay), holding the
    journal's lock for milliseconds; the second drops the detached table, which takes
    as long as the file system needs to free a gigabyte, while the journal stays open.
    """
    expired = f"{month.name}{EXPIRED_SUFFIX}"
    with connection.cursor() as cursor:
        # For the run's counters, before the lock: nothing writes into an expired month.
        cursor.execute(f'SELECT count(*) FROM "{month.name}"')
        rows = cursor.fetchone()[0]
    with transaction.atomic(), connection.cursor() as cursor:
        # The month's rollups go in the same transaction (before the journal's lock is taken).
        rollups.lock_for_write()
        rollups.forget_between(month.lower, month.upper)
        cursor.execute(f'ALTER TABLE "{partitions.PARENT}" DETACH PARTITION "{month.name}"')
        cursor.execute(f'ALTER TABLE "{month.name}" RENAME TO "{expired}"')
        if month.keep:
            # Bounds are formatted from datetimes, never from outside text.
            bounds = f"FROM ('{month.lower.isoformat()}') TO ('{month.upper.isoformat()}')"
            cursor.execute(f'CREATE TABLE "{month.name}" PARTITION OF "{partitions.PARENT}" FOR VALUES {bounds}')
            partitions.created(cursor, month.name)
            cursor.execute(
                f'INSERT INTO "{partitions.PARENT}" SELECT * FROM "{expired}" WHERE id = ANY(%s)'
                " RETURNING tab, fingerprint, date_trunc('hour', occurred_at, 'UTC'), message_code, severity",
                [month.keep],
            )
            rollups.refresh(cursor.fetchall())
    partitions.forget()
    drop_detached()
    return rows - len(month.keep)


def drop_detached() -> list[str]:
    """Drop the detached expired months (normally the one just detached)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE %s AND NOT relispartition",
            [f"{partitions.PARENT}\\_p%{EXPIRED_SUFFIX}"],
        )
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            cursor.execute(f'DROP TABLE "{name}"')
    return names


#: The run's summary (see messages.py).
SUMMARY = "RETENTION_SUMMARY"
messages.register({SUMMARY: _("Entries removed: %(removed)s (whole months dropped: %(months)s) in %(seconds)s s.")})


class RetentionJob(runs.Job):
    """Every retention rule once, after sealing the hours that ended into the rollups;
    the run records counts per tab and the time taken.

    An error (a lock timeout, a full disk) fails the run with the error; the counts of
    what went before it stay on the run, and the next hourly run carries on.
    """

    kind = runs.RETENTION

    def work(self) -> Message:
        now = self.options.get("now") or timezone.now()
        started = time.monotonic()
        counts: Counter[str] = Counter()
        self.counters = counts  # kept on the run whatever happens
        overrides = dict(TabRetention.objects.values_list("tab", "days"))
        all_tabs = tabs.all_tabs()
        cutoffs = {t.slug: now - dt.timedelta(days=days_for(t, overrides)) for t in all_tabs}

        # The hours that ended into the rollups (eventlog/rollups.py), so that counts stay cheap.
        counts["rollup_rows"] = rollups.seal(now, between=self.heartbeat)

        if partitions.is_partitioned():
            drop_detached()  # left by a run killed between detaching and dropping
            for month in expired_months(min(cutoffs.values())):
                counts["partitions_dropped"] += 1
                counts["rows_in_dropped_partitions"] += drop_month(month)
                self.heartbeat()

        for tab in all_tabs:
            expired = Entry.objects.filter(tab=tab.slug, occurred_at__lt=cutoffs[tab.slug])
            counts[tab.slug] += delete_in_batches(deletable(tab, expired), self.heartbeat)
            for entries, age in tab.expires_early:
                early = Entry.objects.filter(tab=tab.slug, occurred_at__lt=now - age).filter(entries)
                counts[tab.slug] += delete_in_batches(deletable(tab, early), self.heartbeat)

        self.counters = {key: value for key, value in counts.items() if value}
        deleted = sum(counts[t.slug] for t in all_tabs)
        seconds = round(time.monotonic() - started, 2)
        removed = deleted + counts["rows_in_dropped_partitions"]
        return Message(SUMMARY, {"removed": removed, "months": counts["partitions_dropped"], "seconds": seconds})


def run_retention(now: dt.datetime | None = None) -> Run:
    """Apply every retention rule once, here and now, as a run of its own (beat's hourly task)."""
    run = runs.start(runs.RETENTION)
    done = RetentionJob.execute(run.pk, now=now)
    assert done is not None  # a run nobody else knows of yet
    return done
