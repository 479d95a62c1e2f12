"""Celery tasks of the PrestaShop module: thin wrappers around its jobs (runs are sent here by task name)."""

from __future__ import annotations

from celery import shared_task

from . import analysis, imports, linking, orders, stock


@shared_task(name="prestashop.analyse")
def analyse(run_id: int) -> str | None:
    """Collect the shop's payment methods, carriers and order states for the mappings; safe to run twice."""
    run = analysis.Analysis.execute(run_id)
    return run.status if run is not None else None


@shared_task(name="prestashop.download_orders")
def download_orders(run_id: int) -> str | None:
    """Download the orders changed since the account's cursor; safe to run twice."""
    run = orders.DownloadOrders.execute(run_id)
    return run.status if run is not None else None


@shared_task(name="prestashop.orders_tick")
def orders_tick() -> list[int]:
    """Beat, every 5 minutes: an order download run per account with order download on."""
    return orders.tick()


# Imported here, so that a worker (and beat's stale-run check) knows their run kinds.


@shared_task(name="prestashop.prepare_import")
def prepare_import(run_id: int) -> str | None:
    """Stage 1 of an import (ids and names); safe to run twice."""
    run = imports.prepare_import(run_id)
    return run.status if run is not None else None


@shared_task(name="prestashop.run_import")
def run_import(run_id: int) -> str | None:
    """Stage 2 of an import (full data, products created and linked); safe to run twice."""
    run = imports.run_import(run_id)
    return run.status if run is not None else None


@shared_task(name="prestashop.link_products")
def link_products(run_id: int) -> str | None:
    """Automatic linking by an identifier; safe to run twice."""
    run = linking.link_products(run_id)
    return run.status if run is not None else None


@shared_task(name="prestashop.push_stock")
def push_stock() -> list[int]:
    """Beat, every minute: a stock push run for each account with changed stock."""
    return stock.tick()


@shared_task(name="prestashop.push_account_stock")
def push_account_stock(run_id: int) -> str | None:
    """One account's stock push and its sync report."""
    run = stock.push_account(run_id)
    return run.status if run is not None else None
