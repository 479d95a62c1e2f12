"""BaseLinker's pulls in the journal: one pull a day is one export run; a second the same day is refused
with a warning; first served / served again with changes / unchanged across days; the quiet timeout."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from eventlog.models import Entry, Run
from integrations.baselinker import tasks
from integrations.baselinker.models import Pull
from integrations.baselinker.standin import Refused
from integrations.erp.models import Product
from tests.baselinker_standin import catalogue, client_for, set_password

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WARSAW = ZoneInfo("Europe/Warsaw")
MONDAY = dt.datetime(2026, 11, 30, 6, 15, tzinfo=WARSAW)


def test_a_second_pull_the_same_day_is_refused_with_a_warning(live_server, admin_client):
    catalogue(1500)
    set_password()
    client = client_for(live_server)
    with time_machine.travel(MONDAY, tick=True):
        client.call("ProductsList", page=1)
        client.call("ProductsList", page=1)  # BaseLinker asking page 1 again: the same pull, counted once
        client.pull()
        assert Run.objects.get().status == "succeeded"
        with pytest.raises(Refused) as refused:
            client.call("ProductsList", category_id="all", page=1)
        # Look-ups and the other actions still answer.
        assert client.call("ProductsList", filter_sku="K-00001")
        assert client.call("ProductsPrices", page=2)

    assert refused.value.code == "daily_limit"
    assert refused.value.text.startswith("The product list was already pulled today (2026-11-30)")
    run = Run.objects.get(kind="baselinker_export")
    assert run.counters["listed"] == 1504 and run.counters["added"] == 1504
    warning = Entry.objects.get(tab="baselinker", message_code="BASELINKER_DAILY_LIMIT")
    assert (warning.severity, warning.event_type, warning.run_id) == ("warning", "product_export", None)

    page = admin_client.get("/journal/baselinker/", {"severity": "warning", "event_type": "product_export"})
    assert page.status_code == 200
    assert "BaseLinker asked for a second full product list today (2026-11-30)" in page.text

    # The next day's pull is a new run.
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=True):
        client.pull()
    assert list(Run.objects.order_by("pk").values_list("status", flat=True)) == ["succeeded", "succeeded"]


def test_first_served_then_served_again_with_changes_or_unchanged(live_server, admin_client):
    catalogue(1200)
    set_password()
    client = client_for(live_server)
    with time_machine.travel(MONDAY, tick=True):
        client.pull()
    changed = list(Product.objects.filter(code__in=["K-00001", "K-00002", "K-00003"]))
    for product in changed:
        product.price += Decimal("1.00")
    Product.objects.bulk_update(changed, ["price"])
    Product.objects.filter(code="K-00004").update(name="Kubek 4 — nowa nazwa")
    Product.objects.create(code="K-NEW", name="Nowy kubek", ean="", price=Decimal("5.00"), stock=3,
                           content_hash="-")  # fmt: skip
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=True):
        pulled = client.pull()

    assert pulled.prices[str(changed[0].pk)] == {"0": float(changed[0].price)}
    first, second = Run.objects.filter(kind="baselinker_export").order_by("pk")
    assert first.counters == {"listed": 1204, "added": 1204, "updated": 0, "unchanged": 0, "problems": 6}
    assert second.counters == {"listed": 1205, "added": 1, "updated": 4, "unchanged": 1200, "problems": 7}
    summary = Entry.objects.get(tab="baselinker", event_type="product_export", run=second)
    assert {k: summary.data[k] for k in ("added", "updated", "problems")} == {"added": 1, "updated": 4, "problems": 7}
    # The problem of the product without an EAN is recorded each day: "only unique messages" collapses it.
    assert Entry.objects.filter(tab="baselinker", message_code="BASELINKER_NO_EAN", object_id="P-no_ean").count() == 2

    tab = admin_client.get("/journal/baselinker/", {"event_type": "product_export"})
    assert tab.status_code == 200
    assert "first served: 1, served again with changes: 4, unchanged: 1,200" in tab.text
    assert "first served <strong>1</strong> · with changes <strong>4</strong> · problems <strong>7</strong>" in tab.text
    run_page = admin_client.get(f"/journal/runs/{second.pk}/")
    assert "Served again, with changes" in run_page.text and "First served" in run_page.text


def test_a_pull_baselinker_stops_reading_is_closed_after_a_quiet_while(live_server, settings):
    settings.BASELINKER_PULL_QUIET_SECONDS = 60
    catalogue(1100)
    set_password()
    client = client_for(live_server)
    with time_machine.travel(MONDAY, tick=False):
        client.call("ProductsList", page=1)
        client.call("ProductsList", page=2)
        client.call("ProductsData", products_id=",".join(list(client.call("ProductsList", page=1))[:100]))
    with time_machine.travel(MONDAY + dt.timedelta(seconds=59), tick=False):
        assert tasks.close_quiet_pulls() == []
        assert Run.objects.get().status == "running"
    with time_machine.travel(MONDAY + dt.timedelta(seconds=61), tick=False):
        [closed] = tasks.close_quiet_pulls()

    run = Run.objects.get(pk=closed)
    assert run.status == "succeeded" and run.counters["listed"] == 1104
    summary = Entry.objects.get(tab="baselinker", event_type="product_export")
    assert summary.message_code == "BASELINKER_PULL_DONE_QUIET"
    assert summary.data["data_served"] == 100
    assert Pull.objects.get().closed_at is not None


def test_two_requests_opening_a_pull_at_once_make_one_run(live_server):
    catalogue(1100)
    set_password()
    barrier = threading.Barrier(4)
    answers = []

    def page_one():
        client = client_for(live_server)
        barrier.wait()
        answers.append(client.call("ProductsList", page=1))

    threads = [threading.Thread(target=page_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(answers) == 4 and all(len(a) == 1001 for a in answers)  # 1000 products and "pages"
    assert Run.objects.filter(kind="baselinker_export").count() == 1
    pull = Pull.objects.get()
    assert (pull.pages_counted, pull.listed) == ([1], 1000)
