"""Group rollups: a group's count and first date, and a code's count, stay what a COUNT of the
entries says, whatever was rolled up, written late, deleted or dropped by retention."""

import datetime as dt
import re
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone

from eventlog import actions, grouping, journal, retention, rollups, tabs, writer
from eventlog.filters import filterset_for
from eventlog.models import Entry, ProblemRollup, Rollup, TabRetention
from eventlog.paging import Cursor
from explanations import queries

# Half past an hour, so that a day's entries straddle hours and the current hour is partial.
NOW = timezone.now().replace(minute=30, second=0, microsecond=0) - dt.timedelta(hours=1)
OFFERS = tabs.get("offers")
STUCK = {"message": "Rate limit exceeded (429)", "message_code": "OFFER_SYNC_THROTTLED", "severity": "error"}


def offer_rows(start, count, step=dt.timedelta(minutes=7), **fields):
    """`count` entries of one offer's group, one every `step` back from `start`."""
    base = {"tab": "offers", "event_type": "price_change", "object_type": "offer", "object_id": "offer-1", **STUCK}
    base |= fields
    return [{**base, "occurred_at": start - i * step} for i in range(count)]


@pytest.fixture
def journal_rows(db):
    """Groups over three days, with accounts, severities and the current hour; nothing rolled up yet."""
    rows = offer_rows(NOW, 600, account="acme", service="allegro")  # 70 hours of one stuck offer
    rows += offer_rows(NOW - dt.timedelta(minutes=3), 40, severity="warning", account="acme")
    rows += offer_rows(NOW, 30, step=dt.timedelta(hours=2), object_id="offer-2", message="Stock 0", message_code="")
    rows += offer_rows(timezone.now(), 5, step=dt.timedelta(minutes=1), object_id="offer-3", account="other")
    writer.record_many(rows)


def listed(**query):
    return filterset_for(OFFERS)(query or None, queryset=journal.tab_entries(OFFERS))


def shown(**query) -> dict[int, tuple[int, dt.datetime]]:
    """What the grouped list shows: each group's count and first date, over every page."""
    groups, cursor = {}, None
    while True:
        page = grouping.grouped_page(listed(**query), older=cursor, size=2)
        groups |= {g.fingerprint: (g.count, g.first) for g in page.rows}
        if not page.older:
            return groups
        cursor = Cursor.decode(page.older)


def counted(**query) -> dict[int, tuple[int, dt.datetime]]:
    """The same, by COUNT over the entries."""
    rows = listed(**query).qs.values("fingerprint").annotate(n=Count("id"), first=Min("occurred_at"))
    return {r["fingerprint"]: (r["n"], r["first"]) for r in rows}


QUERIES = [
    {},
    {"severity": "error"},
    {"account": "acme"},
    {"date_from": (NOW - dt.timedelta(days=1)).date().isoformat()},
    {"date_to": (NOW - dt.timedelta(days=1)).date().isoformat()},
    {"event_type": "price_change", "service": "allegro"},
    {"q": "rate"},
]


def seal(now=None):
    return rollups.seal(now or timezone.now())


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(q) or "none")
def test_sealed_counts_and_first_dates_are_those_of_the_entries(journal_rows, query):
    before = counted(**query)
    assert seal() > 0
    assert rollups.horizon() == rollups.floor_hour(timezone.now())
    assert shown(**query) == before == counted(**query)
    assert before  # every query finds groups


def test_entries_written_before_the_horizon_are_counted(journal_rows):
    seal()
    writer.record_many(offer_rows(NOW - dt.timedelta(hours=5, minutes=1), 50, step=dt.timedelta(seconds=30)))
    writer.record(**offer_rows(NOW - dt.timedelta(days=2), 1, object_id="offer-9")[0])  # a group of its own
    for query in QUERIES:
        assert shown(**query) == counted(**query), query


def test_deleted_entries_leave_the_counts_and_the_first_date(journal_rows):
    seal()
    stuck = Entry.objects.filter(tab="offers", object_id="offer-1", severity="error").order_by("occurred_at")
    group = stuck[0].fingerprint
    oldest = list(stuck.values_list("pk", flat=True)[:3])
    assert writer.delete(Entry.objects.filter(pk__in=oldest)) == 3
    assert shown(severity="error")[group] == (597, stuck.first().occurred_at)
    for query in QUERIES:
        assert shown(**query) == counted(**query), query


def test_a_shop_admin_deleting_sealed_entries_updates_the_counts(db, alice):
    email = tabs.get("email")
    bounced = {"tab": "email", "severity": "error", "message": "Mailbox full", "object_id": "jan@example.com"}
    rows = [{**bounced, "occurred_at": NOW - dt.timedelta(minutes=10 * i)} for i in range(12)]
    ids = writer.record_many(rows)
    seal()
    assert actions.delete_entries(tab=email, ids=ids[:5], user=alice) == 5
    filters = filterset_for(email)({"severity": "error"}, queryset=journal.tab_entries(email))
    (group,) = grouping.grouped_page(filters).rows
    assert (group.count, group.first) == (7, rows[-1]["occurred_at"])


def test_retention_that_cuts_a_group_in_the_middle_of_an_hour_keeps_it_exact(journal_rows):
    seal()
    TabRetention.objects.create(tab="offers", days=2)  # the cutoff falls inside the stuck offer's hours
    run = retention.run_retention(now=NOW)
    assert run.counters["offers"] > 0
    for query in QUERIES:
        assert shown(**query) == counted(**query), query


def test_a_month_dropped_by_retention_takes_its_rollups(db):
    # Every tab keeps at most 365 days: a month two years back has expired everywhere.
    old = dt.datetime(2024, 3, 10, 12, tzinfo=dt.UTC)
    writer.record_many(offer_rows(old, 300, step=dt.timedelta(minutes=1)))
    writer.record_many(offer_rows(NOW, 20))
    kept = writer.record(
        tab="offers", event_type="account_deactivated", service="allegro", message="Deactivated", occurred_at=old
    )
    seal()
    assert (
        Rollup.objects.filter(hour__lt=dt.datetime(2024, 4, 1, tzinfo=dt.UTC)).count() == 6 + 1
    )  # 07:01-12:00, and the kept entry
    run = retention.run_retention()
    assert run.counters["partitions_dropped"] >= 1
    stuck = Entry.objects.filter(object_id="offer-1").first().fingerprint
    assert shown()[stuck] == (20, NOW - 19 * dt.timedelta(minutes=7)) == counted()[stuck]
    assert shown() == counted()
    # The undeletable entry stayed, and so did its hour's rollup.
    (left,) = Rollup.objects.filter(hour__lt=dt.datetime(2024, 4, 1, tzinfo=dt.UTC))
    assert (left.fingerprint, left.count, left.first) == (kept.fingerprint, 1, old)


def test_entries_hidden_after_30_days_are_not_counted_in_the_hour_of_the_cutoff(db):
    cutoff = timezone.now() - OFFERS.hidden_after[1]
    deactivated = {"event_type": "account_deactivated", "service": "allegro", "message": "Deactivated"}
    writer.record_many(offer_rows(cutoff + dt.timedelta(minutes=50), 20, step=dt.timedelta(minutes=5), **deactivated))
    seal()
    assert shown() == counted()
    ((count, _),) = shown().values()
    assert count == 10  # the other ten are older than 30 days


def test_codes_page_counts_are_those_of_the_entries(journal_rows):
    since = timezone.now() - dt.timedelta(days=queries.UNEXPLAINED_WINDOW_DAYS)

    def by_count():
        rows = queries.problems_with_codes().filter(occurred_at__gte=since).values("message_code")
        return {r["message_code"]: (r["n"], r["last"]) for r in rows.annotate(n=Count("id"), last=Max("occurred_at"))}

    expected = by_count()
    seal()
    writer.record_many(offer_rows(NOW - dt.timedelta(days=1), 10, severity="warning", object_id="offer-7"))
    stuck = Entry.objects.filter(tab="offers", object_id="offer-1").order_by("-occurred_at")
    writer.delete(Entry.objects.filter(pk=stuck[0].pk))
    seen = {c.code: (c.count, c.last_seen) for c in queries.codes_seen(since)}
    assert seen == by_count() != expected
    assert seen["OFFER_SYNC_THROTTLED"][0] == 600 + 40 + 5 + 10 - 1


def test_the_grouped_list_shows_a_hot_group_exactly(admin_client, db):
    writer.record_many(offer_rows(NOW, 5000, step=dt.timedelta(seconds=1)))
    writer.record_many(offer_rows(NOW, 3, object_id="offer-2", message="Stock 0", message_code=""))
    seal()
    writer.record_many(offer_rows(timezone.now(), 7, step=dt.timedelta(seconds=1)))  # after the horizon
    page = admin_client.get("/journal/offers/")
    assert page.status_code == 200
    counts = [int(n) for n in re.findall(r">×(\d+)</span>", page.text)]
    assert counts == [5007, 3]
    codes = admin_client.get("/journal/codes/unexplained/")
    assert re.search(r"OFFER_SYNC_THROTTLED.*?5007", codes.text, re.S)


def wait_for_a_waiting_lock(timeout=10.0):
    """Until another connection waits for an advisory lock (what `seal` does while a writer writes)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("nothing waited for the writer")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_seal_waits_for_a_writer_and_counts_its_entries():
    rows = offer_rows(NOW - dt.timedelta(hours=3), 30, step=dt.timedelta(minutes=1))
    in_writer, sealed = threading.Event(), []

    def seal_meanwhile():
        in_writer.wait()
        sealed.append(rollups.seal(timezone.now()))
        connection.close()

    sealer = threading.Thread(target=seal_meanwhile)
    sealer.start()
    with transaction.atomic():
        writer.record_many(rows)
        in_writer.set()
        wait_for_a_waiting_lock()  # the sealer waits for this transaction
    sealer.join(timeout=30)
    assert sealed == [2]  # one group's hour and its code's hour
    assert Rollup.objects.get().count == ProblemRollup.objects.get().count == 30
    assert shown() == counted()
