import datetime as dt

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


def test_partition_task_runs_in_a_real_worker(transactional_db, settings):
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
