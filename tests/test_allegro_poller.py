"""The Allegro poller against a stand-in Allegro over real HTTP: pages of both feeds into the Offers tab,
the cursor kept, each event type's mapping, and the faults (401, 429 with Retry-After, no answer, a gap,
token refresh, invalid_grant) as a shop admin sees them: entries in the tab and a run that says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone, translation

from eventlog import messages, runs
from eventlog.models import Entry, Run
from integrations.allegro import poller, tasks
from integrations.allegro.models import AllegroAccount, Cursor
from integrations.allegro.standin import StandIn, invalid_grant, rate_limited

LOGIN = "sklep_u_gosi"


@pytest.fixture
def allegro(settings, db) -> Iterator[StandIn]:
    """A stand-in Allegro with every ALLEGRO_* setting pointing at it; pages of 10 events."""
    with StandIn() as standin:
        settings.ALLEGRO_API_URL = settings.ALLEGRO_AUTH_URL = standin.url
        settings.ALLEGRO_CLIENT_ID, settings.ALLEGRO_CLIENT_SECRET = standin.client_id, standin.client_secret
        settings.ALLEGRO_TIMEOUT_SECONDS = 5.0
        settings.ALLEGRO_RETRIES = 1
        settings.ALLEGRO_PAGE_SIZE = 10
        yield standin


def connect(allegro: StandIn, login: str = LOGIN) -> AllegroAccount:
    """An account as the device flow leaves it: tokens from the stand-in."""
    tokens = allegro.authorise(login)
    return AllegroAccount.objects.create(
        login=login, access_token=tokens["access_token"], refresh_token=tokens["refresh_token"],
        access_expires_at=timezone.now() + dt.timedelta(seconds=tokens["expires_in"]),
    )  # fmt: skip


@pytest.fixture
def account(allegro) -> AllegroAccount:
    return connect(allegro)


def poll(account: AllegroAccount) -> Run:
    """One poll run of the account, run here as a worker runs it."""
    run = runs.start(poller.POLL_RUN, tab="offers", params={"account": account.pk})
    poller.PollAccount.execute(run.pk)
    run.refresh_from_db()
    return run


def english(item: Entry | Run) -> str:
    """What an English reader sees of an entry's message or a run's summary (stored in the shop's language)."""
    with translation.override("en"):
        if isinstance(item, Run):
            said = item.summary_message or {}
            return messages.render(said.get("code", ""), said.get("params"), item.summary)
        return messages.render(item.message_code, item.message_params, item.message)


def written() -> list[str]:
    """The Allegro event ids in the Offers tab, in the order written."""
    events = Entry.objects.filter(tab="offers").exclude(message_code="ALLEGRO_OFFER_FETCHED").order_by("id")
    return [i for i in events.values_list("data__id", flat=True) if i]


def test_pages_of_both_feeds_become_offers_entries_and_the_cursor_moves_on(allegro, account, admin_client):
    offer_ids = [allegro.offer_event(LOGIN, "OFFER_PRICE_CHANGED", f"1000000{i:04d}")["id"] for i in range(25)]
    order_ids = [allegro.order_event(LOGIN, "BOUGHT", f"cf-{i}", items=(("10000001", "Kubek 350 ml"),))["id"]
                 for i in range(12)]  # fmt: skip

    run = poll(account)

    assert run.status == "succeeded", (english(run), run.error)
    assert run.counters["offer_events"] == 25 and run.counters["order_events"] == 12
    assert run.counters["written"] == 37 and run.counters["skipped"] == 0
    assert written() == offer_ids + order_ids
    feeds = [r for r in allegro.requests if r.path in ("/sale/offer-events", "/order/events")]
    # Pages of 10, each from the last event of the one before: 3 + 1 (empty) offer pages, 2 order pages.
    assert [r.query.get("from", "") for r in feeds if r.path == "/sale/offer-events"] == [
        "", offer_ids[9], offer_ids[19]]  # fmt: skip
    assert [r.query.get("from", "") for r in feeds if r.path == "/order/events"] == ["", order_ids[9]]
    assert all(r.query["limit"] == "10" for r in feeds)
    cursors = dict(Cursor.objects.filter(account=account).values_list("feed", "last_event_id"))
    assert cursors == {"offer": offer_ids[-1], "order": order_ids[-1]}
    assert "Account sklep_u_gosi: 25 offer events and 12 order events read, 37 entries written" in english(run)

    # The next run asks from the cursor and writes only what is new.
    new = allegro.offer_event(LOGIN, "OFFER_ENDED", "10000000099")["id"]
    again = poll(account)
    assert again.counters["written"] == 1
    assert written() == offer_ids + order_ids + [new]
    assert [r.query["from"] for r in allegro.requests[-2:]] == [offer_ids[-1], order_ids[-1]]

    tab = admin_client.get("/journal/offers/", {"object_id": "10000000099"})
    assert tab.status_code == 200
    assert "Offer 10000000099 ended on Allegro." in tab.text and "sklep_u_gosi" in tab.text


@pytest.mark.parametrize(
    ("kind", "event_type", "severity", "text"),
    [
        ("OFFER_ACTIVATED", "offer_listed", "success", "Offer 10000000001 is active on Allegro."),
        ("OFFER_ENDED", "offer_ended", "info", "Offer 10000000001 ended on Allegro."),
        ("OFFER_ARCHIVED", "offer_ended", "info", "Offer 10000000001 was archived on Allegro."),
        ("OFFER_PRICE_CHANGED", "price_change", "info", "The price of offer 10000000001 changed on Allegro."),
        ("OFFER_STOCK_CHANGED", "stock_check", "info", "The stock of offer 10000000001 changed on Allegro."),
        ("OFFER_CHANGED", "offer_changed", "info", "Offer 10000000001 was changed on Allegro."),
        ("OFFER_VISIBILITY_CHANGED", "offer_changed", "info", "The visibility of offer 10000000001 changed"),
        ("OFFER_TRANSLATION_UPDATED", "offer_changed", "info", "A translation of offer 10000000001 was"),
        ("OFFER_DELIVERY_COUNTRIES_BLOCKED", "offer_changed", "warning", "Allegro blocked delivery countries"),
    ],
)
def test_each_offer_event_type_maps_to_the_offers_tab(allegro, account, kind, event_type, severity, text):
    event = allegro.offer_event(LOGIN, kind, "10000000001", external="SKU-1")
    poll(account)
    entry = Entry.objects.get(tab="offers", data__id=event["id"])
    assert (entry.event_type, entry.severity, entry.service, entry.account) == (event_type, severity, "allegro", LOGIN)
    assert (entry.object_type, entry.object_id) == ("offer", "10000000001")
    assert english(entry).startswith(text)
    assert entry.occurred_at == dt.datetime.fromisoformat(event["occurredAt"])
    assert entry.data == event


@pytest.mark.parametrize(
    ("kind", "status", "event_type", "severity", "text"),
    [
        ("BOUGHT", "", "order_created", "success", "Order cf-7 was placed on Allegro: Kubek 350 ml, Patelnia 28 cm."),
        ("FILLED_IN", "", "order_status_change", "info", "The buyer filled in the checkout form of order cf-7."),
        ("READY_FOR_PROCESSING", "", "order_status_change", "info", "Order cf-7 is paid and ready for processing."),
        ("BUYER_CANCELLED", "", "order_status_change", "warning", "The buyer cancelled order cf-7."),
        ("AUTO_CANCELLED", "", "order_status_change", "warning", "Allegro cancelled order cf-7 automatically."),
        ("FULFILLMENT_STATUS_CHANGED", "SENT", "order_status_change", "info",
         "The fulfillment status of order cf-7 changed to SENT."),
        ("FULFILLMENT_STATUS_CHANGED", "", "order_status_change", "info",
         "The fulfillment status of order cf-7 changed."),
        ("BUYER_MODIFIED", "", "order_status_change", "info", "The buyer changed order cf-7."),
    ],
)  # fmt: skip
def test_each_order_event_type_maps_to_the_offers_tab(allegro, account, kind, status, event_type, severity, text):
    items = (("10000000001", "Kubek 350 ml"), ("10000000002", "Patelnia 28 cm"))
    event = allegro.order_event(LOGIN, kind, "cf-7", items=items, status=status)
    poll(account)
    entry = Entry.objects.get(tab="offers", data__id=event["id"])
    assert (entry.event_type, entry.severity, english(entry)) == (event_type, severity, text)
    assert (entry.object_type, entry.object_id, entry.service, entry.account) == ("order", "cf-7", "allegro", LOGIN)


def test_auction_bids_and_unknown_types_are_skipped_and_counted(allegro, account):
    allegro.offer_event(LOGIN, "OFFER_BID_PLACED", "10000000001")
    allegro.offer_event(LOGIN, "SOMETHING_NEW", "10000000001")
    kept = allegro.offer_event(LOGIN, "OFFER_ACTIVATED", "10000000001")
    run = poll(account)
    assert run.counters["skipped"] == 2 and run.counters["written"] == 1
    assert written() == [kept["id"]]
    assert Cursor.objects.get(account=account, feed="offer").last_event_id == kept["id"]


def test_a_page_that_fails_keeps_the_pages_before_and_the_next_run_reads_on(allegro, account):
    ids = [allegro.offer_event(LOGIN, "OFFER_STOCK_CHANGED", f"1000000{i:04d}")["id"] for i in range(25)]
    # The second page fails: a 503, and the one retry too.
    first = poll_with_failing_second_page(allegro, account)
    assert first.status == "failed"
    assert "Allegro did not answer (HTTP status 503)" in english(first)
    assert written() == ids[:10]
    warning = Entry.objects.get(tab="offers", message_code="ALLEGRO_UNAVAILABLE")
    assert (warning.severity, warning.account, warning.run_id) == ("warning", LOGIN, first.pk)

    second = poll(account)
    assert second.status == "succeeded"
    assert written() == ids  # neither skipped nor repeated


def poll_with_failing_second_page(allegro: StandIn, account: AllegroAccount) -> Run:
    original = allegro._route

    calls = {"n": 0}

    def route(method, path, query, body, headers):
        if path == "/sale/offer-events":
            calls["n"] += 1
            if calls["n"] in (2, 3):
                return 503, {"Content-Type": "text/html"}, "<html>503</html>"
        return original(method, path, query, body, headers)

    allegro._route = route  # type: ignore[method-assign]
    try:
        return poll(account)
    finally:
        allegro._route = original  # type: ignore[method-assign]


def test_a_401_is_retried_once_with_a_refreshed_token_then_an_error_entry(allegro, account):
    allegro.offer_event(LOGIN, "OFFER_ACTIVATED", "10000000001")
    allegro.expire_access(LOGIN)  # the access token stops working; the refresh token still does
    run = poll(account)
    assert run.status == "succeeded", english(run)
    assert len(written()) == 1
    assert [r.query.get("grant_type") or "" for r in allegro.requests if r.path == "/auth/oauth/token"] == [""]
    account.refresh_from_db()
    assert account.active

    # A token Allegro keeps refusing (the refreshed one too): an error entry and a run that says why.
    original = allegro._bearer
    allegro._bearer = lambda authorization, accept: None  # type: ignore[method-assign]
    try:
        failed = poll(account)
    finally:
        allegro._bearer = original  # type: ignore[method-assign]
    assert failed.status == "failed"
    assert "Traceback" not in failed.error
    error = Entry.objects.get(tab="offers", message_code="ALLEGRO_UNAUTHORIZED")
    assert error.severity == "error"
    assert english(error).startswith("Allegro refused the access token of account sklep_u_gosi (HTTP 401: ")
    assert english(failed).startswith("Account sklep_u_gosi: reading stopped after 0 entries: Allegro refused")


def test_a_429_writes_a_warning_pauses_the_account_for_retry_after_and_the_next_run_reads_on(allegro, account):
    ids = [allegro.offer_event(LOGIN, "OFFER_PRICE_CHANGED", f"1000000{i:04d}")["id"] for i in range(15)]
    calls = {"n": 0}
    original = allegro._next_plan

    def second_page_limited(route):
        if route == "offer-events":
            calls["n"] += 1
            if calls["n"] == 2:
                return rate_limited(120)
        return original(route)

    allegro._next_plan = second_page_limited  # type: ignore[method-assign]
    before = timezone.now()
    run = poll(account)
    allegro._next_plan = original  # type: ignore[method-assign]

    assert run.status == "succeeded"  # partly: what it read is kept
    assert english(run) == ("Account sklep_u_gosi: Allegro limited the requests (HTTP 429) after 10 entries; "
                           "reading goes on after 120 s.")  # fmt: skip
    warning = Entry.objects.get(tab="offers", message_code="ALLEGRO_RATE_LIMITED")
    assert warning.severity == "warning" and "after 120 s" in english(warning)
    account.refresh_from_db()
    assert before + dt.timedelta(seconds=119) < account.paused_until < timezone.now() + dt.timedelta(seconds=121)
    assert poller.tick() == []  # paused: beat queues nothing for it

    AllegroAccount.objects.filter(pk=account.pk).update(paused_until=timezone.now() - dt.timedelta(seconds=1))
    assert poll(account).status == "succeeded"
    assert written() == ids


def test_a_gap_warns_that_events_may_be_missing_and_reads_the_offers_again(allegro, account):
    first = allegro.offer_event(LOGIN, "OFFER_ACTIVATED", "10000000001")
    poll(account)
    # Two days without reading: Allegro forgot the cursor's event and everything up to it.
    allegro.expire(LOGIN, "offer")
    later = allegro.offer_event(LOGIN, "OFFER_PRICE_CHANGED", "10000000002")
    allegro.add_offer(LOGIN, "10000000001", "Kubek ceramiczny 350 ml", price="39.99", stock=3)
    allegro.add_offer(LOGIN, "10000000002", "Patelnia <b>granitowa</b>", price="129.00", stock=0, status="ENDED")
    Cursor.objects.filter(account=account).update(last_read_at=timezone.now() - dt.timedelta(days=2))

    run = poll(account)

    assert run.status == "succeeded"
    gap = Entry.objects.get(tab="offers", message_code="ALLEGRO_FEED_GAP")
    assert gap.severity == "warning" and "events may be missing" in english(gap)
    assert english(gap).startswith("Gap in the offer events of account sklep_u_gosi: events may be missing")
    fetched = Entry.objects.filter(tab="offers", event_type="offer_fetched", message_code="ALLEGRO_OFFER_FETCHED")
    assert sorted(fetched.values_list("object_id", flat=True)) == ["10000000001", "10000000002"]
    assert english(fetched.get(object_id="10000000002")) == (
        "Offer 10000000002 read from Allegro: Patelnia <b>granitowa</b> — status ENDED, price 129.00 PLN, stock 0."
    )
    assert run.counters["offers_fetched"] == 2
    assert written() == [first["id"], later["id"]]
    # Said once: the next run has nothing to warn about.
    poll(account)
    assert Entry.objects.filter(message_code="ALLEGRO_FEED_GAP").count() == 1


def test_a_token_near_expiry_is_refreshed_before_reading(allegro, account):
    AllegroAccount.objects.filter(pk=account.pk).update(access_expires_at=timezone.now() + dt.timedelta(minutes=1))
    old_refresh = account.refresh_token
    allegro.offer_event(LOGIN, "OFFER_ACTIVATED", "10000000001")
    run = poll(account)
    assert run.status == "succeeded"
    account.refresh_from_db()
    assert account.refresh_token != old_refresh  # rotated, as Allegro does
    assert account.access_expires_at > timezone.now() + dt.timedelta(hours=11)
    token_calls = [r for r in allegro.requests if r.path == "/auth/oauth/token"]
    assert len(token_calls) == 1 and token_calls[0].query == {}  # the grant went in the body
    assert token_calls[0].authorization.startswith("Basic ")


def test_invalid_grant_deactivates_the_account_with_its_entry(allegro, account):
    AllegroAccount.objects.filter(pk=account.pk).update(access_expires_at=timezone.now())
    allegro.plan("token", invalid_grant())
    run = poll(account)

    assert run.status == "failed" and "Traceback" not in run.error
    account.refresh_from_db()
    assert not account.active and account.deactivated_at is not None
    entry = Entry.objects.get(tab="offers", event_type="account_deactivated")
    assert (entry.severity, entry.service, entry.account, entry.message_code) == (
        "error", "allegro", LOGIN, "ALLEGRO_ACCOUNT_DEACTIVATED_TOKEN")  # fmt: skip
    assert "no longer accepts its refresh token (Invalid refresh token)" in english(entry)
    assert poller.tick() == []  # no more runs for it
    assert english(poll(account)) == "Account sklep_u_gosi is deactivated: nothing was read."


def test_beat_queues_one_run_per_active_account_and_none_while_one_is_pending(
    allegro, account, django_capture_on_commit_callbacks
):
    other = connect(allegro, "hurtownia-krakow")
    AllegroAccount.objects.create(login="stare_konto", active=False)
    with django_capture_on_commit_callbacks() as sent:
        queued = tasks.poll.apply().get()
    assert len(queued) == 2 and len(sent) == 2
    assert sorted(Run.objects.filter(pk__in=queued).values_list("params__account", flat=True)) == sorted(
        [account.pk, other.pk])  # fmt: skip
    with django_capture_on_commit_callbacks():
        assert tasks.poll.apply().get() == []  # both still queued
    tasks.poll_account.apply(args=[queued[0]])
    assert Run.objects.get(pk=queued[0]).status == "succeeded"


def test_a_gap_in_the_order_feed_warns_without_reading_offers(allegro, account):
    allegro.order_event(LOGIN, "BOUGHT", "cf-1", items=(("10000000001", "Kubek"),))
    poll(account)
    Cursor.objects.filter(account=account, feed="order").update(last_read_at=timezone.now() - dt.timedelta(days=61))
    poll(account)
    gap = Entry.objects.get(tab="offers", message_code="ALLEGRO_ORDER_FEED_GAP")
    assert english(gap).startswith("Gap in the order events of account sklep_u_gosi: events may be missing")
    assert not Entry.objects.filter(message_code="ALLEGRO_OFFER_FETCHED").exists()
    assert not [r for r in allegro.requests if r.path == "/sale/offers"]
