"""Demo data of the PrestaShop tab: the module walked step by step against the stand-in webservice.

`make run` has no PrestaShop shop, so `demo_setup` starts the stand-in (`standin.py`) for
a moment and the module's own code does what a shop admin does in the panel: add the
account (connection test, analysis), map the payment methods, carriers and order states,
switch order download on, add the default settings template, import the first products
with their combinations, push changed stock (a sync report) and download the orders. The
jobs run in-process (as a worker runs them) against the stand-in over HTTP. The account
points at the stand-in that `make run` keeps serving (`manage.py prestashop_standin`), so
that a shop admin can go on in the panel.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from celery import current_app
from django.conf import settings

from eventlog import demo, runs
from eventlog.models import Run

from . import actions, imports, orders, stock
from .models import Account, Identifier, Import, MethodKind, Offer, RemoteChoice, ShopMethod
from .standin import DEMO_KEY, StandIn
from .tab import PRESTASHOP

#: The stand-in's payment modules, carriers and order states → the shop's own (ShopMethod codes).
MAPPING: dict[str, dict[str, str]] = {
    MethodKind.PAYMENT: {"ps_wirepayment": "transfer", "ps_cashondelivery": "cod", "przelewy24": "online",
                         "ps_checkpayment": "transfer"},
    MethodKind.DELIVERY: {"1": "pickup", "2": "courier", "3": "inpost_locker", "4": "post"},
    MethodKind.ORDER_STATUS: {"1": "awaiting_payment", "2": "paid", "3": "processing", "4": "shipped",
                              "5": "delivered", "6": "cancelled", "7": "cancelled", "8": "awaiting_payment",
                              "9": "paid", "10": "awaiting_payment"},
}  # fmt: skip
#: Products of the demo import (of the stand-in's 2,000, with their combinations).
IMPORTED_IDS = (1, 120)


def _execute(run: Run) -> int:
    # A run the module queued, executed right here as a worker would (the worker, started
    # later, finds it finished and leaves it alone).
    current_app.loader.import_default_modules()
    current_app.tasks[runs.kind_of(run.kind).task].apply(args=(run.pk,))  # type: ignore[union-attr]
    return run.pk


@demo.real_runs
def walk_the_module() -> list[int]:
    """Configure one account and run its jobs through the stand-in; returns the runs' ids (none if done)."""
    if Account.objects.exists():
        return []
    # The orders were placed over the last weeks, as those of `manage.py prestashop_standin`.
    base = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=9 * 60 + 1)
    shop = StandIn(products=2000, orders=60, base=base, port=settings.PRESTASHOP_STANDIN_PORT)
    try:
        # On the port `make run`'s stand-in serves next, so the account and its entries name it.
        shop.start()
    except OSError:  # taken (a stand-in already runs there): the demo needs a shop of its own
        shop.port = 0
        shop.start()
    try:
        account, result = actions.save_account(account=None, url=shop.url, key=DEMO_KEY, user=None)
        if not result.ok or result.analysis is None:
            return []
        made = [_execute(result.analysis)]
        shop_methods = {(m.kind, m.code): m for m in ShopMethod.objects.all()}
        mapping = {
            choice.pk: shop_methods.get((choice.kind, MAPPING[choice.kind].get(choice.external_id, "")))
            for choice in RemoteChoice.objects.filter(account=account)
        }
        actions.save_mapping(account=account, mapping=mapping, user=None)
        statuses = [shop_methods[(MethodKind.ORDER_STATUS, code)].pk for code in ("processing", "paid", "new")]
        actions.save_order_settings(
            account=account,
            values={
                "orders_enabled": True,
                "orders_from": account.created_at - dt.timedelta(days=30),
                "orders_into_status": shop_methods[(MethodKind.ORDER_STATUS, "new")],
                "orders_update_statuses": statuses,
                "sync_order_status": True,
                "send_tracking_numbers": True,
                "send_sales_documents": False,
                "sync_stock": True,
            },
            user=None,
        )
        actions.create_template(
            account=account,
            values={"name": "Domyślny", "sync_description": False, "sync_delivery_prices": False,
                    "sync_price": False, "sync_stock": True},
            user=None,
        )  # fmt: skip
        job = Import.objects.create(
            account=account, id_from=IMPORTED_IDS[0], id_to=IMPORTED_IDS[1], identifier=Identifier.EAN
        )
        made.append(_execute(imports.start_prepare(job, None)))
        made.append(_execute(imports.start_import(job, None)))
        # The shop sold a few of the imported products: their new stock goes to PrestaShop.
        for offer in Offer.objects.filter(account=account).select_related("product")[:12]:
            offer.product.stock = max(offer.product.stock - 2, Decimal(0))
            offer.product.save(update_fields=["stock"])
        made += [_execute(Run.objects.get(pk=pk)) for pk in stock.tick()]
        made.append(_execute(orders.queue_download(account)))
    finally:
        shop.stop()
    return made


@demo.free_entries(PRESTASHOP.slug, weight=5, volume_only=True)
def prestashop(d: demo.Draw) -> demo.Row:
    """For volume only (seed_journal, the benchmarks): records of the module's sections."""
    section = d.r.choice(["connection", "mapping", "templates", "import", "linking", "orders", "sync_report"])
    sev = d.severity()
    message = {
        "error": "Błąd połączenia z API PrestaShop: 401 Unauthorized (nieprawidłowy klucz).",
        "warning": "Nie zmapowano 3 kategorii — produkty trafią do kategorii domyślnej.",
    }.get(sev, f"Zapisano ustawienia sekcji: {section}.")
    return {
        "severity": sev, "event_type": section, "message": message, "account": "presta.sklep.example.com",
        "message_code": {"error": "PS_AUTH_FAILED", "warning": "PS_UNMAPPED_CATEGORY"}.get(sev, ""),
    }  # fmt: skip
