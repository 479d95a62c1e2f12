"""Stock pushed to PrestaShop and its sync report (issue 10 §1.8).

A local stock change → beat's push (a run) → `stock_availables` read by product and written
back whole with PUT, over real HTTP to the stand-in webservice → one "sync_report" entry
with the products sent, accepted and refused with PrestaShop's error, opened from the
account's Sync reports and from the tab.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from eventlog.models import Entry, Run
from integrations.erp.models import Product
from integrations.prestashop import stock, tasks
from integrations.prestashop.models import Account, Offer, SettingsTemplate
from integrations.prestashop.standin import StandIn, WsError


class PickyShop(StandIn):
    """A shop whose stock rows in `refused` its own validation refuses (a module hooked on the save)."""

    refused: set[str] = set()

    def _write(self, name, schema, body, *, partial):
        if name == "stock_availables" and any(f"<id>{i}</id>".encode() in body for i in self.refused):
            raise WsError(400, (85, 'Validation error: "Property StockAvailable->quantity is locked"'))
        return super()._write(name, schema, body, partial=partial)


@pytest.fixture
def shop():
    with PickyShop(products=20) as standin:
        yield standin


@pytest.fixture
def account(db, shop):
    return Account.objects.create(url=shop.url, key=shop.key, connected=True, sync_stock=True)


def offer(account, template, external_id, combination_id=0, *, stock, pushed=None, code=None) -> Offer:
    product = Product.objects.create(
        code=code or f"P-{external_id}-{combination_id}",
        name=f"Produkt {external_id}",
        price=10,
        stock=stock,
        content_hash="",
    )
    return Offer.objects.create(
        account=account,
        external_id=external_id,
        combination_id=combination_id,
        product=product,
        template=template,
        pushed_stock=pushed,
    )


def push(capture) -> Run:
    with capture():
        [run_id] = stock.tick()
    tasks.push_account_stock.apply(args=[run_id])
    return Run.objects.get(pk=run_id)


def test_a_stock_change_is_pushed_and_reported_with_accepted_and_refused_products(
    account, shop, admin_client, django_capture_on_commit_callbacks
):
    syncing = SettingsTemplate.objects.create(account=account, name="Stany", is_default=True, sync_stock=True)
    quiet = SettingsTemplate.objects.create(account=account, name="Bez stanów", sync_stock=False)
    combination = min(cid for cid, c in shop.data["combinations"].items() if c["id_product"] == "3")
    one = offer(account, syncing, 1, stock=Decimal("7"))
    variant = offer(account, syncing, 3, combination, stock=Decimal("2.5"), pushed=Decimal("9"))
    locked = offer(account, syncing, 5, stock=Decimal("11"), code="ZABLOKOWANY")
    offer(account, quiet, 2, stock=Decimal("30"))  # its template does not sync stock
    offer(account, syncing, 4, stock=Decimal("8"), pushed=Decimal("8"))  # unchanged
    shop.refused = {shop.stock(5)["id"]}
    before = dict(shop.stock(2))

    run = push(django_capture_on_commit_callbacks)

    assert run.status == "succeeded", run.error
    assert run.counters == {"sent": 3, "accepted": 2, "refused": 1}
    assert shop.stock(1)["quantity"] == "7" and shop.stock(3, combination)["quantity"] == "2"  # whole numbers
    assert shop.stock(2) == before and shop.stock(5)["quantity"] != "11"
    assert shop.stock(1)["out_of_stock"] == "2"  # the row was written back whole
    reads = [r for r in shop.requests if r.method == "GET" and r.path == "/api/stock_availables"]
    assert [r.query["filter[id_product]"] for r in reads] == ["[1|3|5]"]
    puts = [r.path for r in shop.requests if r.method == "PUT"]
    assert sorted(puts) == sorted(
        f"/api/stock_availables/{shop.stock(p, c)['id']}" for p, c in [(1, 0), (3, combination), (5, 0)]
    )
    for o, pushed in [(one, Decimal("7")), (variant, Decimal("2.5")), (locked, None)]:
        o.refresh_from_db()
        assert o.pushed_stock == pushed

    [report] = Entry.objects.filter(tab="prestashop", event_type="sync_report")
    assert (report.severity, report.run_id, report.account) == ("warning", run.pk, account.label)
    assert report.data["sent"] == 3 and report.data["accepted"] == 2 and report.data["refused_count"] == 1
    [refused] = report.data["refused"]
    assert refused["product"] == "ZABLOKOWANY" and "85" in refused["error"] and "locked" in refused["error"]

    # The account's Sync reports list it with an eye icon opening the entry, whose page shows the report.
    listing = admin_client.get(f"/prestashop/{account.pk}/sync/")
    assert listing.status_code == 200 and "bi-eye" in listing.text
    assert f"/journal/prestashop/{report.pk}/" in listing.text
    detail = admin_client.get(f"/journal/prestashop/{report.pk}/")
    assert detail.status_code == 200 and 'id="ps-sync-report"' in detail.text
    assert "ZABLOKOWANY" in detail.text and "StockAvailable-&gt;quantity is locked" in detail.text
    tab = admin_client.get("/journal/prestashop/", {"event_type": "sync_report"})
    assert f"/journal/prestashop/{report.pk}/" in tab.text

    # The next push sends only what PrestaShop refused.
    shop.refused = set()
    again = push(django_capture_on_commit_callbacks)
    assert again.counters == {"sent": 1, "accepted": 1, "refused": 0}
    assert shop.stock(5)["quantity"] == "11"
    assert stock.tick() == []  # nothing left to push: no run, no report
    assert Entry.objects.filter(event_type="sync_report").count() == 2


def test_no_push_while_the_account_does_not_sync_stock(account, shop):
    template = SettingsTemplate.objects.create(account=account, name="Stany", is_default=True, sync_stock=True)
    offer(account, template, 1, stock=Decimal("7"))
    Account.objects.filter(pk=account.pk).update(sync_stock=False)

    assert stock.tick() == []
    assert not Run.objects.filter(kind="prestashop_stock_push").exists()
    assert [r for r in shop.requests if r.path.startswith("/api/stock")] == []
