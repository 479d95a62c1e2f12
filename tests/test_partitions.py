import datetime as dt

import pytest
import time_machine
from django.db import connection

from eventlog import partitions


def partition_names() -> set[str]:
    return set(partitions.existing_partitions())


def test_partitions_are_created_ahead(db):
    with time_machine.travel(dt.datetime(2031, 5, 20, tzinfo=dt.UTC)):
        partitions.forget()
        created = partitions.create_ahead(months=3)
    assert created == [
        "eventlog_entry_p2031_05", "eventlog_entry_p2031_06", "eventlog_entry_p2031_07", "eventlog_entry_p2031_08",
    ]  # fmt: skip
    assert set(created) <= partition_names()
    # Running it again creates nothing.
    with time_machine.travel(dt.datetime(2031, 5, 21, tzinfo=dt.UTC)):
        assert partitions.create_ahead(months=3) == []


def search_statistics(table: str) -> dict[str, int]:
    """{parent index: the statistics target of its index on `table`} for the search indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhparent::regclass::text, attstattarget FROM pg_index JOIN pg_inherits ON inhrelid = indexrelid"
            " JOIN pg_attribute ON attrelid = indexrelid AND attnum = 1"
            " WHERE indrelid = %s::regclass AND inhparent::regclass::text = ANY(%s)",
            [table, partitions.SEARCH_INDEXES],
        )
        return dict(cursor.fetchall())


def test_a_new_month_is_searched_with_the_planners_finer_statistics(db):
    """Migration 0014's statistics target reached the months that existed; a month made later
    (ahead, or out of rows that fell into DEFAULT) gets it from partitions.created."""
    wanted = dict.fromkeys(partitions.SEARCH_INDEXES, partitions.SEARCH_STATISTICS)
    assert search_statistics(partitions.DEFAULT_PARTITION) == wanted
    with time_machine.travel(dt.datetime(2032, 1, 10, tzinfo=dt.UTC)):
        partitions.forget()
        (ahead, *_rest) = partitions.create_ahead(months=0)
    assert search_statistics(ahead) == wanted


# Serialized rollback: the flush after a transactional test must leave the roles and content
# types for the tests after it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_partition_task_runs_in_a_real_worker(settings):
    """Beat's job goes through the Redis broker to a Celery worker and creates partitions."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from eventlog.tasks import create_partitions_ahead

    partitions.forget()
    with connection.cursor() as cursor:
        month = partitions.month_start(dt.datetime.now(dt.UTC))
        cursor.execute(f'DROP TABLE IF EXISTS "{partitions.partition_name(month)}"')
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        created = create_partitions_ahead.delay().get(timeout=30)
    assert partitions.partition_name(month) in created
    assert partitions.partition_name(month) in partition_names()


def test_rows_that_fell_into_default_move_into_their_new_partition(db):
    """A writer with a stale cache wrote into a month whose partition retention had dropped."""
    from eventlog import writer
    from eventlog.models import Entry

    month = dt.date(2023, 6, 1)
    when = dt.datetime(2023, 6, 15, 8, tzinfo=dt.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO eventlog_entry_default (tab, occurred_at, severity, event_type, message, message_code,"
            " initiator, actor, account, service, object_type, object_id, data, fingerprint)"
            " VALUES ('sms', %s, 'info', 'sent', 'stray', '', 'automatic', '', '', '', '', '', '{}', 0)",
            [when],
        )
    partitions.forget()
    entry = writer.record(tab="sms", message="new", event_type="sent", occurred_at=when)

    assert partitions.partition_name(month) in partition_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eventlog_entry_default")
        assert cursor.fetchone()[0] == 0
        cursor.execute(f'SELECT message FROM "{partitions.partition_name(month)}" ORDER BY id')
        assert [r[0] for r in cursor.fetchall()] == ["stray", "new"]
    assert Entry.objects.filter(pk=entry.pk, occurred_at=when).exists()
    assert set(search_statistics(partitions.partition_name(month)).values()) == {partitions.SEARCH_STATISTICS}


def index_bytes(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_indexes_size(%s::regclass)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_indexes_of_a_finished_month_are_packed_once():
    """Rows written newest first leave half-empty index pages; a month that has ended is rebuilt packed."""
    from eventlog import writer
    from eventlog.models import Entry

    start = dt.datetime(2029, 3, 1, tzinfo=dt.UTC)
    rows = [
        {"tab": "sms", "message": f"SMS {i}", "occurred_at": start + dt.timedelta(seconds=i), "object_id": str(i)}
        for i in range(20_000)
    ]
    # Written on the day (the writer refuses entries more than a day ahead of its clock).
    with time_machine.travel(dt.datetime(2029, 3, 2, tzinfo=dt.UTC)):
        for i in range(0, len(rows), 2000):  # newest last, in small batches, as a live shop writes
            writer.record_many(rows[i : i + 2000])
    name = partitions.partition_name(start.date())
    before = index_bytes(name)

    assert name not in partitions.compact_finished(now=dt.datetime(2029, 3, 20, tzinfo=dt.UTC))  # not over yet
    assert name in partitions.compact_finished(now=dt.datetime(2029, 4, 3, tzinfo=dt.UTC))
    assert index_bytes(name) < 0.8 * before
    assert name not in partitions.compact_finished(now=dt.datetime(2029, 4, 4, tzinfo=dt.UTC))  # once
    # Still the same entries, found through the rebuilt indexes.
    assert Entry.objects.filter(tab="sms", object_id="19999").count() == 1
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{name}"')
    partitions.forget()
