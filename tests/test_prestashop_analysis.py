"""The analysis after the first login: the mapping lists filled from the stand-in shop's orders.

The run reads the orders (paged), carriers and order states over real HTTP, upserts the
account's RemoteChoice rows and says what it found in the PrestaShop tab's Mapping section.
"""

from __future__ import annotations

from collections import Counter

import pytest

from eventlog.models import Entry, Run
from integrations.prestashop import analysis, tasks
from integrations.prestashop.models import Account, RemoteChoice, ShopMethod
from integrations.prestashop.standin import StandIn


@pytest.fixture
def shop(settings):
    settings.PRESTASHOP_RETRIES = 0
    with StandIn(products=20, orders=40) as shop:
        yield shop


@pytest.fixture
def account(db, shop):
    return Account.objects.create(url=shop.url, key=shop.key, connected=True)


def analyse(account, capture, user=None) -> Run:
    with capture():  # queued once committed; run here as the worker would
        run = analysis.queue_analysis(account, user)
    tasks.analyse.apply(args=[run.pk])
    run.refresh_from_db()
    return run


def choices(account, kind):
    return {c.external_id: (c.name, c.used_by_orders) for c in RemoteChoice.objects.filter(account=account, kind=kind)}


def test_the_analysis_fills_the_mapping_lists_from_orders_carriers_and_states(
    shop, account, alice, django_capture_on_commit_callbacks
):
    run = analyse(account, django_capture_on_commit_callbacks, alice)
    assert run.status == "succeeded", run.error

    orders = list(shop.data["orders"].values())
    modules = Counter(o["module"] for o in orders)
    labels = {o["module"]: o["payment"] for o in orders}
    assert choices(account, "payment") == {module: (labels[module], n) for module, n in modules.items()}

    carriers = Counter(o["id_carrier"] for o in orders)
    assert choices(account, "delivery") == {
        "1": (account.label, 0),  # PrestaShop's carrier "0" is the shop itself
        "2": ("Kurier DPD", carriers["2"]),
        "3": ("InPost Paczkomaty 24/7", carriers["3"]),
    }  # the deleted carrier 4, used by no order, is left out
    states = choices(account, "order_status")
    assert len(states) == 10
    assert states["2"] == (
        "Płatność przyjęta",
        sum(1 for o in orders if o["current_state"] == "2"),
    )  # the shop's Polish

    [entry] = Entry.objects.filter(tab="prestashop", event_type="mapping")
    assert (entry.account, entry.service, entry.run_id, entry.severity) == (account.label, "prestashop", run.pk, "info")
    assert entry.actor == "alice" and entry.initiator == "manual"
    assert entry.message_params == {
        "orders": 40, "payments": 4, "carriers": 3, "states": 10, "new": 17, "unmapped": 6,
    }  # fmt: skip
    assert run.counters["orders"] == 40
    paths = [r.path for r in shop.requests]
    assert {"/api/orders", "/api/carriers", "/api/order_states"} <= set(paths)
    [orders_request] = [r for r in shop.requests if r.path == "/api/orders"]  # 40 orders: one page
    assert orders_request.query["display"] == "[id,module,payment,id_carrier,current_state]"


def test_analysing_again_keeps_the_mappings_and_counts_anew(shop, account, django_capture_on_commit_callbacks):
    analyse(account, django_capture_on_commit_callbacks)
    transfer = ShopMethod.objects.get(kind="payment", code="transfer")
    RemoteChoice.objects.filter(account=account, kind="payment", external_id="ps_wirepayment").update(
        mapped_to=transfer
    )
    before = choices(account, "payment")
    shop.add_order(module="ps_blik", payment="BLIK", carrier=3)

    run = analyse(account, django_capture_on_commit_callbacks)

    assert run.status == "succeeded", run.error
    after = choices(account, "payment")
    assert after == {**before, "ps_blik": ("BLIK", 1)}
    wire = RemoteChoice.objects.get(account=account, kind="payment", external_id="ps_wirepayment")
    assert wire.mapped_to == transfer
    newest = Entry.objects.filter(tab="prestashop", event_type="mapping").latest("id")
    assert newest.message_params["new"] == 1 and newest.run_id == run.pk


def test_a_shop_that_refuses_the_key_fails_the_run_and_says_why(shop, account, django_capture_on_commit_callbacks):
    shop.inactive_keys.add(shop.key)

    run = analyse(account, django_capture_on_commit_callbacks)

    assert run.status == "failed"
    reason = run.summary_message["params"]["reason"]
    assert reason["code"] == "PS_REASON_KEY_INACTIVE" and reason["params"]["code"] == 20
    assert "401" in run.summary and "Authentification key is not active" in run.summary  # PrestaShop's words
    [entry] = Entry.objects.filter(tab="prestashop", event_type="mapping")
    assert entry.severity == "error" and entry.run_id == run.pk
    assert entry.message == run.summary
    assert not RemoteChoice.objects.filter(account=account).exists()
