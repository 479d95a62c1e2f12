import datetime as dt

import time_machine
from django.db import connection
from django.utils import timezone, translation

from eventlog import partitions, retention, writer
from eventlog.models import Entry, TabRetention

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def write(tab, age, **fields):
    fields.setdefault("message", "m")
    return writer.record(tab=tab, occurred_at=NOW - age, **fields).pk


def exists(pk) -> bool:
    return Entry.objects.filter(pk=pk).exists()


def test_sms_waiting_over_a_day_are_removed(db):
    waiting_old = write("sms", dt.timedelta(hours=25), event_type="waiting")
    waiting_new = write("sms", dt.timedelta(hours=23), event_type="waiting")
    sent_old = write("sms", dt.timedelta(hours=25), event_type="sent")
    run = retention.run_retention(now=NOW)
    assert not exists(waiting_old)
    assert exists(waiting_new) and exists(sent_old)
    assert run.counters["sms"] == 1 and run.status == "succeeded"


def test_tab_keeps_its_days_and_the_admins_choice_wins(db):
    old_offer = write("offers", dt.timedelta(days=91))
    young_offer = write("offers", dt.timedelta(days=89))
    old_erp = write("erp-sync", dt.timedelta(days=91))  # the ERP tab keeps 180 days
    retention.run_retention(now=NOW)
    assert not exists(old_offer)
    assert exists(young_offer) and exists(old_erp)

    TabRetention.objects.create(tab="erp-sync", days=30)
    retention.run_retention(now=NOW)
    assert not exists(old_erp)


def test_allegro_account_deactivated_is_never_deleted_and_hidden_after_30_days(admin_client, db):
    deactivated = write("offers", dt.timedelta(days=400), event_type="account_deactivated", service="allegro")
    recent = write("offers", dt.timedelta(days=10), event_type="account_deactivated", service="allegro")
    ebay = write("offers", dt.timedelta(days=400), event_type="account_deactivated", service="ebay")
    retention.run_retention(now=NOW)
    assert exists(deactivated) and exists(recent)
    assert not exists(ebay)

    with time_machine.travel(NOW):
        page = admin_client.get("/journal/offers/?group=0")
    assert f"/journal/offers/{recent}/" in page.text
    assert f"/journal/offers/{deactivated}/" not in page.text


def test_second_run_deletes_nothing(db):
    for days in (100, 120, 200):
        write("offers", dt.timedelta(days=days))
    first = retention.run_retention(now=NOW)
    second = retention.run_retention(now=NOW)
    assert first.counters.get("offers") == 3
    assert second.counters == {}


def test_whole_expired_partition_is_dropped_not_deleted_row_by_row(db):
    # Every tab keeps at most 365 days: a month two years back has expired everywhere.
    old = [write("appearance", NOW - dt.datetime(2024, 3, 10, tzinfo=dt.UTC)) for _ in range(3)]
    assert partitions.partition_name(dt.date(2024, 3, 1)) in partitions.existing_partitions()
    run = retention.run_retention(now=NOW)
    assert run.counters["partitions_dropped"] >= 1
    assert run.counters["rows_in_dropped_partitions"] >= 3
    assert not Entry.objects.filter(pk__in=old).exists()
    assert partitions.partition_name(dt.date(2024, 3, 1)) not in partitions.existing_partitions()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM eventlog_entry_default")
        assert cursor.fetchone()[0] == 0


def test_expired_month_with_an_undeletable_entry_is_dropped_but_the_entry_stays(db):
    keep = write(
        "offers", NOW - dt.datetime(2024, 5, 5, tzinfo=dt.UTC), event_type="account_deactivated", service="allegro"
    )
    kept = Entry.objects.get(pk=keep)
    drop = [write("offers", NOW - dt.datetime(2024, 5, 6, tzinfo=dt.UTC), event_type="price_change") for _ in range(3)]
    run = retention.run_retention(now=NOW)
    assert run.counters["rows_in_dropped_partitions"] == 3
    assert not Entry.objects.filter(pk__in=drop).exists()
    # The entry is back, unchanged, in a fresh partition of its month.
    assert (
        Entry.objects.get(pk=keep).__dict__.items()
        >= {"message": kept.message, "occurred_at": kept.occurred_at}.items()
    )
    assert partitions.partition_name(dt.date(2024, 5, 1)) in partitions.existing_partitions()

    # The next hourly runs, with the same clock, find the month handled: nothing to do, and they say 0.
    for _ in range(2):
        again = retention.run_retention(now=NOW)
        assert again.counters == {}
        with translation.override("en"):
            assert again.summary_text.startswith("Entries removed: 0 (whole months dropped: 0)")
    assert exists(keep)


def test_retention_runs_from_the_task_with_a_run_record(db):
    from eventlog.models import Run
    from eventlog.tasks import apply_retention

    write("offers", timezone.now() - NOW + dt.timedelta(days=100))
    run = Run.objects.get(pk=apply_retention())
    assert run.kind == "retention" and run.status == "succeeded"
    # Stored in the shop's language, shown in the reader's.
    assert run.summary.startswith("Usunięto wpisy: 1 ")
    with translation.override("en"):
        assert run.summary_text.startswith("Entries removed: 1 (whole months dropped: 0) in ")


def test_a_month_detached_by_a_run_that_died_is_dropped_by_the_next(db):
    old = write("appearance", NOW - dt.datetime(2024, 3, 10, tzinfo=dt.UTC))
    name = partitions.partition_name(dt.date(2024, 3, 1))
    with connection.cursor() as cursor:  # what a run killed after detaching leaves behind
        cursor.execute(f'ALTER TABLE eventlog_entry DETACH PARTITION "{name}"')
        cursor.execute(f'ALTER TABLE "{name}" RENAME TO "{name}{retention.EXPIRED_SUFFIX}"')
    partitions.forget()
    retention.run_retention(now=NOW)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [f"{name}{retention.EXPIRED_SUFFIX}"])
        assert cursor.fetchone()[0] is None
    assert not Entry.objects.filter(pk=old).exists()
