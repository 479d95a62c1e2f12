"""A transaction that rolls back publishes no task: every place that starts a job sends its
task only once the run is committed (`runs.queue` → `transaction.on_commit`).

Each place in STARTERS runs inside `transaction.atomic()` that then rolls back: afterwards
the broker's queue (the Redis list of the test run's broker) is empty and no run exists.
The same place without the rollback publishes exactly one task, so the test can fail.
A run kind with a task and no entry in STARTERS fails the test, as does a module that
publishes a task by hand (`.delay(`, `.apply_async(`, `send_task`) outside `eventlog/runs.py`.

The tests use real commits (`transaction=True`): inside the usual test transaction nothing
ever commits, and an on_commit callback would never run either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from config.celery import app
from eventlog import actions, exports, runs, tabs
from eventlog.models import Run
from integrations.allegro import poller
from integrations.allegro.models import AllegroAccount
from integrations.erp import actions as erp_actions
from integrations.erp import jobs as erp_jobs
from integrations.erp import sample
from integrations.erp.models import Product
from integrations.messaging.actions import save_mailing, start_sending
from integrations.messaging.models import Mailing, MailingKind
from integrations.prestashop import analysis, imports, linking, orders, stock
from integrations.prestashop.models import Account, Import, Offer, SettingsTemplate
from integrations.sms import jobs as sms_jobs

ROOT = Path(__file__).resolve().parent.parent


class RolledBack(Exception):
    """Raised inside the transaction to roll it back."""


def broker_messages() -> int:
    """Messages waiting in the broker: the length of every Redis list of a Celery queue."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    # kombu keeps a queue as a list named after it (priorities as suffixed lists); bindings are sets.
    return sum(client.llen(key) for key in client.scan_iter("celery*") if client.type(key) == b"list")


@pytest.fixture
def broker():
    app.control.purge()
    assert broker_messages() == 0
    yield
    app.control.purge()


def shop(user) -> Account:
    account = Account.objects.create(url="http://127.0.0.1:9", key="K" * 32, connected=True, sync_stock=True)
    SettingsTemplate.objects.create(account=account, name="Standard", is_default=True, sync_stock=True)
    return account


def start_export(user) -> Run:
    export = exports.build(tabs.get("sms"), QueryDict(""), user=user)
    return actions.start_export(export=export, fmt="csv", user=user)


def start_upload(user) -> Run:
    catalogue = settings.ERP_INBOX_DIR / "upload.xml"
    sample.write_catalogue(catalogue, products_count=3)
    upload = SimpleUploadedFile("katalog.xml", catalogue.read_bytes(), content_type="text/xml")
    catalogue.unlink()
    return erp_actions.start_upload(upload=upload, user=user)


def check_inbox(user) -> Run:
    sample.write_catalogue(settings.ERP_INBOX_DIR / "katalog.xml", products_count=3)
    [run_id] = erp_jobs.check_inbox()
    return Run.objects.get(pk=run_id)


def prestashop_import(start: Callable[[Import, Any], Run]) -> Callable[[Any], Run]:
    def begin(user) -> Run:
        account = shop(user)
        job = Import.objects.create(account=account, id_from=1, id_to=5, created_by=user)
        if start is imports.start_import:
            Import.objects.filter(pk=job.pk).update(status="prepared")
        return start(job, user)

    return begin


def push_stock(user) -> Run:
    account = shop(user)
    product = Product.objects.create(code="KUBEK-1", name="Kubek", price=10, stock=5, content_hash="")
    Offer.objects.create(account=account, external_id=7, product=product, template=account.templates.get())
    [run_id] = stock.tick()
    return Run.objects.get(pk=run_id)


def send_mailing(user) -> Run:
    mailing = save_mailing(Mailing(name="Nowości", kind=MailingKind.NEWSLETTER, subject="Nowości"), ["a@example.com"])
    return start_sending(mailing, user=user)


def stale_run_sent_again(user) -> Run:
    """Beat's recovery sends a run whose worker died again: that is a publish too."""
    old = timezone.now() - dt.timedelta(hours=1)
    run = Run.objects.create(kind=runs.EXPORT.code, tab="sms", status="running", heartbeat_at=old, attempts=1)
    assert runs.recover_stale().resumed == [run.pk]
    return run


#: Every place that starts a job with a task, by the run kind it starts (one entry per place).
STARTERS: dict[str, list[Callable[[Any], Run]]] = {
    "export": [start_export, stale_run_sent_again],
    "erp_import": [start_upload, check_inbox],
    "erp_export": [lambda user: erp_actions.start_export(user=user)],
    "sms_send": [lambda user: sms_jobs.queue_send_run(user=user, source="panel")],
    "allegro_poll": [lambda user: poller.queue_poll(AllegroAccount.objects.create(login="sprzedawca"), user=user)],
    "mailing": [send_mailing],
    "prestashop_orders": [lambda user: orders.queue_download(shop(user), user)],
    "prestashop_analysis": [lambda user: analysis.queue_analysis(shop(user), user)],
    "prestashop_link": [lambda user: linking.start_auto_link(shop(user), "ean", user)],
    "prestashop_prepare": [prestashop_import(imports.start_prepare)],
    "prestashop_import": [prestashop_import(imports.start_import)],
    "prestashop_stock_push": [push_stock],
}


@pytest.fixture
def erp_folders(settings):
    settings.ERP_INBOX_DIR.mkdir(parents=True, exist_ok=True)  # the test's own folder (conftest's file_storages)


def test_every_run_kind_with_a_task_has_its_starters_here():
    with_task = {kind.code for kind in runs.all_kinds() if kind.task and not kind.task.startswith("tests.")}
    assert with_task == set(STARTERS), "a run kind was added or removed: list the places that start it in STARTERS"


def test_nothing_publishes_a_task_but_the_run_lifecycle():
    publishing = re.compile(r"\.delay\(|\.apply_async\(|\bsend_task\(")
    sources = [*ROOT.glob("eventlog/**/*.py"), *ROOT.glob("integrations/**/*.py"), *ROOT.glob("*/tasks.py")]
    found = {str(path.relative_to(ROOT)) for path in sources if publishing.search(path.read_text(encoding="utf-8"))}
    assert found == {"eventlog/runs.py"}


def test_a_rolled_back_transaction_publishes_no_task_and_leaves_no_run(
    transactional_db, django_db_serialized_rollback, broker, erp_folders, alice
):
    # One test for all places: each transactional test costs a flush and a reload of the roles.
    for kind, starts in STARTERS.items():
        for start in starts:
            place = f"{kind}: {start.__name__}"
            with pytest.raises(RolledBack), transaction.atomic():
                run = start(alice)
                assert Run.objects.filter(pk=run.pk, status="queued").exists(), place
                raise RolledBack

            assert broker_messages() == 0, f"{place} published a task from a transaction that rolled back"
            assert not Run.objects.filter(kind=run.kind).exists(), place
            # The same place, committed: its task reaches the broker once (so the assertion above can fail).
            run = start(alice)
            assert broker_messages() == 1, place
            assert Run.objects.get(pk=run.pk).status == "queued", place
            app.control.purge()
            Run.objects.all().delete()
