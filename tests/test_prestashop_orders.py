"""Order download from the stand-in shop: new and changed orders across runs, the cursor,
the started status, unmapped methods, paging within one second, and beat's tick."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from eventlog.models import Entry, Run
from integrations.prestashop import orders, tasks
from integrations.prestashop.models import Account, Order, RemoteChoice, ShopMethod
from integrations.prestashop.standin import StandIn


@pytest.fixture
def shop(settings):
    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=20, orders=30) as shop:
        yield shop


def status(code: str) -> ShopMethod:
    return ShopMethod.objects.get(kind="order_status", code=code)


@pytest.fixture
def account(db, shop):
    account = Account.objects.create(
        url=shop.url,
        key=shop.key,
        connected=True,
        orders_enabled=True,
        orders_from=timezone.make_aware(dt.datetime(2025, 12, 1)),
        orders_into_status=status("new"),
        orders_update_statuses=[status("processing").pk, status("new").pk, status("paid").pk],
    )
    mapped = {"ps_wirepayment": "transfer", "przelewy24": "online", "ps_cashondelivery": "cod"}  # not ps_checkpayment
    for module, code in mapped.items():
        RemoteChoice.objects.create(
            account=account,
            kind="payment",
            external_id=module,
            name=module,
            mapped_to=ShopMethod.objects.get(kind="payment", code=code),
        )
    courier = ShopMethod.objects.get(kind="delivery", code="courier")
    RemoteChoice.objects.create(account=account, kind="delivery", external_id="2", name="Kurier DPD", mapped_to=courier)
    RemoteChoice.objects.create(account=account, kind="delivery", external_id="3", name="InPost Paczkomaty 24/7")
    return account


def download(account, capture) -> Run:
    with capture():
        run = orders.queue_download(account)
    tasks.download_orders.apply(args=[run.pk])
    run.refresh_from_db()
    return run


def test_new_orders_are_created_in_the_download_status_with_mapped_methods(
    shop, account, django_capture_on_commit_callbacks
):
    run = download(account, django_capture_on_commit_callbacks)

    assert run.status == "succeeded", run.error
    remote = shop.data["orders"]
    assert Order.objects.filter(account=account).count() == len(remote) == 30
    assert set(Order.objects.values_list("status__code", flat=True)) == {"new"}
    one = Order.objects.get(external_id=2)
    assert (one.reference, one.external_state) == (remote[2]["reference"], remote[2]["current_state"])
    assert one.payment.code == "online" and one.delivery.code == "courier"  # przelewy24, carrier 2
    assert str(one.total_paid) == f"{float(remote[2]['total_paid']):.2f}"
    account.refresh_from_db()
    assert account.orders_cursor == max(o["date_upd"] for o in remote.values())
    request = next(r for r in shop.requests if r.path == "/api/orders")
    assert request.query["date"] == "1" and request.query["sort"] == "[date_upd_ASC,id_ASC]"
    assert request.query["filter[date_upd]"] == "[2025-12-01 00:00:00,2999-12-31 23:59:59]"

    summary = Entry.objects.get(tab="prestashop", event_type="orders", severity="success")
    assert summary.message_params == {"created": 30, "updated": 0, "skipped": 0, "since": "2025-12-01 00:00:00"}
    assert summary.run_id == run.pk and summary.account == account.label
    # Unmapped: ps_checkpayment orders, and carrier 3 (InPost) has no mapping.
    warned = Entry.objects.filter(tab="prestashop", event_type="orders", severity="warning")
    expected = sum(1 for o in remote.values() if o["module"] == "ps_checkpayment") + sum(
        1 for o in remote.values() if o["id_carrier"] == "3"
    )
    assert warned.count() == expected > 0
    inpost = warned.filter(message__contains="InPost Paczkomaty").first()
    assert inpost is not None and inpost.object_type == "order"


def test_a_second_run_creates_new_updates_changed_and_leaves_started_orders(
    shop, account, django_capture_on_commit_callbacks
):
    download(account, django_capture_on_commit_callbacks)
    first_cursor = Account.objects.get(pk=account.pk).orders_cursor
    # The update statuses are processing (the first: started), new and paid.
    Order.objects.filter(account=account, external_id=3).update(status=status("paid"))
    Order.objects.filter(account=account, external_id=4).update(status=status("shipped"))  # not listed
    Order.objects.filter(account=account, external_id=6).update(status=status("processing"))  # started
    RemoteChoice.objects.create(
        account=account, kind="order_status", external_id="4", name="Wysłane", mapped_to=status("shipped")
    )
    shop.touch_order(3, state=4)  # paid → updated, follows the mapped state
    shop.touch_order(4, state=5)  # shipped (not an update status) → skipped
    shop.touch_order(5, state=6, total_paid="10.00")  # new → updated
    shop.touch_order(6, state=5)  # processing = started → skipped
    added = shop.add_order(module="przelewy24", payment="Przelewy24", carrier=2)
    requests_before = len(shop.requests)

    run = download(account, django_capture_on_commit_callbacks)

    assert run.status == "succeeded", run.error
    assert {k: run.counters[k] for k in ("created", "updated", "skipped")} == {"created": 1, "updated": 2, "skipped": 2}
    three = Order.objects.get(account=account, external_id=3)
    assert (three.external_state, three.status.code) == ("4", "shipped")
    five = Order.objects.get(account=account, external_id=5)
    assert (five.external_state, str(five.total_paid), five.status.code) == ("6", "10.00", "new")
    assert Order.objects.get(account=account, external_id=6).external_state != "5"  # started: no update
    assert Order.objects.get(account=account, external_id=4).status.code == "shipped"
    assert Order.objects.get(account=account, external_id=added).status.code == "new"
    account.refresh_from_db()
    assert account.orders_cursor > first_cursor
    [query] = [r.query for r in shop.requests[requests_before:] if r.path == "/api/orders"]
    assert query["filter[date_upd]"].startswith(f"[{first_cursor},")  # from the cursor
    newest = Entry.objects.filter(tab="prestashop", event_type="orders", run=run).exclude(severity="warning").get()
    assert newest.message_params == {"created": 1, "updated": 2, "skipped": 2, "since": first_cursor}


def test_a_run_with_nothing_new_writes_no_entry_and_creates_nothing_twice(
    shop, account, django_capture_on_commit_callbacks
):
    download(account, django_capture_on_commit_callbacks)
    entries = Entry.objects.filter(tab="prestashop").count()

    again = download(account, django_capture_on_commit_callbacks)

    assert again.status == "succeeded"
    assert Order.objects.filter(account=account).count() == 30
    assert Entry.objects.filter(tab="prestashop").count() == entries
    assert again.summary_message["code"] == "PS_ORDERS_DONE"  # the run itself still says so
    assert again.summary_message["params"]["created"] == 0


def test_orders_changed_before_the_start_date_are_not_downloaded(shop, account, django_capture_on_commit_callbacks):
    since = sorted(o["date_upd"] for o in shop.data["orders"].values())[20]
    Account.objects.filter(pk=account.pk).update(
        orders_from=timezone.make_aware(dt.datetime.strptime(since, "%Y-%m-%d %H:%M:%S"))
    )
    account.refresh_from_db()

    download(account, django_capture_on_commit_callbacks)

    assert Order.objects.filter(account=account).count() == 10


def test_pages_within_one_second_are_all_read(settings, db, django_capture_on_commit_callbacks):
    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=5, orders=orders.PAGE_SIZE * 2 + 30) as shop:
        for order in shop.data["orders"].values():
            order["date_upd"] = "2026-03-01 12:00:00"  # a bulk status change: one second for all
        account = Account.objects.create(
            url=shop.url,
            key=shop.key,
            connected=True,
            orders_enabled=True,
            orders_from=timezone.make_aware(dt.datetime(2026, 1, 1)),
        )
        run = download(account, django_capture_on_commit_callbacks)
        limits = [r.query["limit"] for r in shop.requests if r.path == "/api/orders"]

    assert run.status == "succeeded", run.error
    assert Order.objects.filter(account=account).count() == orders.PAGE_SIZE * 2 + 30
    assert limits == ["0,100", "100,100", "200,100"]


def test_the_shop_down_fails_the_run_and_keeps_the_cursor(shop, account, django_capture_on_commit_callbacks):
    shop.enabled = False

    run = download(account, django_capture_on_commit_callbacks)

    assert run.status == "failed"
    assert run.summary_message["params"]["reason"]["code"] == "PS_REASON_WEBSERVICE_OFF"
    error = Entry.objects.get(tab="prestashop", event_type="orders", severity="error")
    assert error.run_id == run.pk
    account.refresh_from_db()
    assert account.orders_cursor == ""


def test_beat_queues_one_run_per_enabled_account(shop, account, django_capture_on_commit_callbacks):
    beat = PeriodicTask.objects.get(name="prestashop-orders")  # the default schedule (eventlog/schedules.py)
    assert (beat.task, beat.interval.every, beat.interval.period) == ("prestashop.orders_tick", 5, "minutes")
    Account.objects.create(url="https://off.example.pl", key="K" * 32, connected=True, orders_enabled=False)
    Account.objects.create(url="https://broken.example.pl", key="K" * 32, connected=False, orders_enabled=True)
    with django_capture_on_commit_callbacks() as sent:
        queued = tasks.orders_tick.apply().get()
    [run] = Run.objects.filter(pk__in=queued)
    assert (run.kind, run.params["account"], run.status) == ("prestashop_orders", account.pk, "queued")
    assert len(sent) == 1
    with django_capture_on_commit_callbacks():
        assert tasks.orders_tick.apply().get() == []  # one is pending already

    tasks.download_orders.apply(args=[run.pk])
    with django_capture_on_commit_callbacks():
        assert len(tasks.orders_tick.apply().get()) == 1  # finished: the next tick queues again


def test_a_run_that_stops_half_way_is_continued_from_its_cursor(settings, db, django_capture_on_commit_callbacks):
    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=5, orders=orders.PAGE_SIZE * 2 + 30) as shop:
        account = Account.objects.create(
            url=shop.url,
            key=shop.key,
            connected=True,
            orders_enabled=True,
            orders_from=timezone.make_aware(dt.datetime(2025, 12, 1)),
        )
        shop.fail_next(502, after=1)  # the second page's request meets a broken proxy

        stopped = download(account, django_capture_on_commit_callbacks)

        assert stopped.status == "failed"
        assert stopped.summary_message["code"] == "PS_ORDERS_FAILED"
        assert stopped.summary_message["params"]["created"] == orders.PAGE_SIZE
        assert stopped.summary_message["params"]["reason"]["params"] == {"status": 502}
        account.refresh_from_db()
        hundredth = sorted(o["date_upd"] for o in shop.data["orders"].values())[orders.PAGE_SIZE - 1]
        assert account.orders_cursor == hundredth  # saved with the first page's orders

        continued = download(account, django_capture_on_commit_callbacks)

    assert continued.status == "succeeded", continued.error
    assert continued.counters["created"] == orders.PAGE_SIZE + 30
    assert Order.objects.filter(account=account).count() == orders.PAGE_SIZE * 2 + 30
