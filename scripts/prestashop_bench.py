"""Figures of the PrestaShop module on the stand-in: prepare + import of its 2,000 products with their
combinations, then one stock push of every offer (seconds, requests). Not part of the suite; run with

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dz_bench .venv/bin/pytest -c pyproject.toml \\
        --rootdir . scripts/prestashop_bench.py -q -s -p no:cacheprovider

(it makes its own test database, as the suite does).
"""

import time

import pytest
from django.db.models import F

from integrations.erp.models import Product
from integrations.prestashop import actions, imports, stock
from integrations.prestashop.models import Account, Identifier, Import, Offer
from integrations.prestashop.standin import DEMO_KEY, StandIn

TEMPLATE = {"name": "Standard", "sync_description": False, "sync_delivery_prices": False, "sync_price": False,
            "sync_stock": True}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_import_and_push_2000_products():
    with StandIn(products=2000) as shop:
        account = Account.objects.create(url=shop.url, key=DEMO_KEY, connected=True, sync_stock=True)
        actions.create_template(account=account, values=TEMPLATE, user=None)
        job = Import.objects.create(account=account, identifier=Identifier.EAN)
        for stage, start, execute in (
            ("prepare", imports.start_prepare, imports.prepare_import),
            ("import", imports.start_import, imports.run_import),
        ):
            sent, began = len(shop.requests), time.perf_counter()
            execute(start(job, None).pk)
            print(f"\n{stage}: {time.perf_counter() - began:.2f} s, {len(shop.requests) - sent} requests")
        print(f"rows (products and combinations): {job.items.count()}, {imports.counts(job)}")

        Product.objects.update(stock=F("stock") + 1)
        sent, began = len(shop.requests), time.perf_counter()
        for run_id in stock.tick():
            stock.push_account(run_id)
        took, requests = time.perf_counter() - began, len(shop.requests) - sent
        print(f"stock push of {Offer.objects.count()} offers: {took:.2f} s, {requests} requests")
