"""The ERP inbox and outbox on S3-compatible object storage, for real: moto's S3 server on loopback
(tests/s3.py). A shop admin's upload lands in the bucket and a real worker that shares nothing else
(another machine) imports it; a package the ERP puts under erp/inbox/ is claimed by beat's check and
imported; checks racing on one bucket claim each package once; the orders package lands in erp/outbox/.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import timezone

from eventlog.models import Run
from integrations.erp import importer, inbox, jobs, storage
from integrations.erp.models import InboxClaim, Order, OrderLine, Product
from tests.workers import wait_for, worker

__all__ = ["worker"]

EXAMPLES = Path(django_settings.BASE_DIR) / "examples" / "erp"
PROBLEMS = EXAMPLES / "catalogue-with-problems.xml"
CLEAN = EXAMPLES / "catalogue.xml"


def over(run: Run) -> bool:
    run.refresh_from_db()
    return run.status not in ("queued", "running")


def test_an_upload_in_the_panel_is_imported_by_a_worker_that_shares_only_the_bucket(
    worker, s3_storages, alice, tmp_path
):
    started = time.monotonic()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    package = SimpleUploadedFile(PROBLEMS.name, PROBLEMS.read_bytes(), "text/xml")
    response = client.post("/erp/upload/", {"package": package})
    run = Run.objects.get(kind="erp_import")
    assert response.status_code == 302 and response["Location"] == f"/journal/runs/{run.pk}/"
    [stored] = s3_storages.keys("erp/inbox/")
    assert stored == f"erp/inbox/{run.params['package']}" and stored.startswith("erp/inbox/processing/")

    worker_tmp = tmp_path / "worker-tmp"
    worker_tmp.mkdir()
    worker("s3-erp-import", TMPDIR=str(worker_tmp), **s3_storages.env)  # its own machine: only the bucket
    # The run ends, then its package is filed away: both are the worker's.
    wait_for(lambda: over(run) and not run.params["package"].startswith("processing/"), "the worker imported it")

    assert run.status == "succeeded", (run.summary, run.error)
    assert run.params["file_name"] == PROBLEMS.name and run.params["package"].startswith("done/")
    assert s3_storages.keys("erp/inbox/") == [f"erp/inbox/{run.params['package']}"]
    body = s3_storages.server.client().get_object(Bucket=s3_storages.bucket, Key=f"erp/inbox/{run.params['package']}")
    assert body["Body"].read() == PROBLEMS.read_bytes()
    assert run.counters["products_received"] == 14 and Product.objects.filter(code="KUB-001").exists()
    page = client.get(f"/journal/runs/{run.pk}/").text
    assert "Succeeded" in page and PROBLEMS.name in page and "Subiekt nexo PRO" in page
    details = client.get(f"/erp/runs/{run.pk}/problems/").text
    assert "KAWA-ZIA-1KG" in details and "Kawa ziarnista Brazylia Santos 1 kg" in details
    assert list(worker_tmp.iterdir()) == []  # nothing of the package stays on the worker's disk
    print(f"S3 ERP upload test: {time.monotonic() - started:.1f} s")


def put(s3_storages, key: str, body: bytes) -> None:
    s3_storages.server.client().put_object(Bucket=s3_storages.bucket, Key=key, Body=body)


def test_a_package_the_erp_puts_into_the_bucket_is_claimed_imported_and_removed_in_time(db, s3_storages):
    put(s3_storages, "erp/inbox/katalog.xml", CLEAN.read_bytes())
    put(s3_storages, "erp/inbox/.katalog-2.xml", b"<being uploaded")  # hidden names are never taken
    put(s3_storages, "erp/inbox/notes/readme.txt", b"a folder of the operator's")
    assert inbox.waiting() == ["katalog.xml"]

    [run_id] = jobs.check_inbox()
    run = Run.objects.get(pk=run_id)
    assert run.params["file_name"] == "katalog.xml" and run.params["source"] == "inbox"
    assert s3_storages.keys("erp/inbox/") == sorted(
        ["erp/inbox/.katalog-2.xml", "erp/inbox/notes/readme.txt", f"erp/inbox/{run.params['package']}"]
    )
    assert not InboxClaim.objects.exists() and jobs.check_inbox() == []

    run = jobs.import_file(run_id)  # what the worker does with the queued run
    assert run.status == "succeeded" and Product.objects.count() == 6
    assert f"erp/inbox/{run.params['package']}" in s3_storages.keys("erp/inbox/done/")
    assert inbox.remove_processed() == 0  # filed just now
    assert inbox.remove_processed(now=timezone.now() + dt.timedelta(days=31)) == 1
    assert s3_storages.keys("erp/inbox/done/") == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_checks_racing_on_one_bucket_claim_each_package_once(s3_storages):
    names = [f"katalog-{i}.xml" for i in range(6)]
    for name in names:
        put(s3_storages, f"erp/inbox/{name}", CLEAN.read_bytes())
    start = threading.Barrier(3)
    claimed: list[list[int]] = []
    errors: list[BaseException] = []

    def check() -> None:
        try:
            start.wait()
            claimed.append(jobs.check_inbox())
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()  # each thread had a database connection of its own

    threads = [threading.Thread(target=check) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    runs = [run_id for found in claimed for run_id in found]
    assert len(runs) == len(set(runs)) == Run.objects.count() == len(names)
    assert sorted(Run.objects.values_list("params__file_name", flat=True)) == names
    assert s3_storages.keys("erp/inbox/") == sorted(f"erp/inbox/{r.params['package']}" for r in Run.objects.all())
    assert not InboxClaim.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_check_waits_for_a_claim_in_progress_and_leaves_the_package_to_it(s3_storages):
    put(s3_storages, "erp/inbox/katalog.xml", CLEAN.read_bytes())
    holding, release = threading.Event(), threading.Event()

    def claim_in_progress() -> None:
        """Another machine's claim, inside its transaction: the row inserted, not yet committed."""
        try:
            with transaction.atomic():
                run = importer.queue_run(source="inbox", file_name="katalog.xml", package="processing/x.xml")
                InboxClaim.objects.create(name="katalog.xml", run=run, size=1, modified_at=timezone.now())
                holding.set()
                release.wait(timeout=120)
        finally:
            connection.close()

    other = threading.Thread(target=claim_in_progress)
    other.start()
    holding.wait(timeout=60)
    result: list[list[int]] = []
    checker = threading.Thread(target=lambda: (result.append(jobs.check_inbox()), connection.close()))
    checker.start()

    def waits_on_the_claim() -> bool:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                ['%INSERT INTO "erp_inboxclaim"%'],
            )
            return cursor.fetchone()[0] == 1

    wait_for(waits_on_the_claim, "the check waits for the other machine's claim")
    release.set()
    other.join(timeout=60)
    checker.join(timeout=60)
    assert result == [[]]  # the name was taken: the check queued nothing and copied nothing
    assert Run.objects.count() == 1 and s3_storages.keys("erp/inbox/") == ["erp/inbox/katalog.xml"]


def test_the_orders_package_goes_into_the_outbox_of_the_bucket(db, s3_storages):
    order = Order.objects.create(
        number="ZAM/2025/00001", placed_at=timezone.now(), customer_name="Anna Nowak", customer_email="a@example.com"
    )
    OrderLine.objects.create(order=order, product_code="KUB-001", name="Kubek", quantity=2, unit_price="24.99")

    run = jobs.export_orders()

    assert run.status == "succeeded" and run.counters == {"orders": 1, "lines": 1}
    key = f"erp/outbox/{run.params['package']}"
    assert s3_storages.keys() == [key] and key.endswith(f"-run{run.pk}.xml")
    assert storage.outbox().exists(run.params["package"])
    body = s3_storages.server.client().get_object(Bucket=s3_storages.bucket, Key=key)["Body"].read()
    root = ET.fromstring(body)
    assert (root.get("type"), [o.get("number") for o in root.iter("order")]) == ("orders", ["ZAM/2025/00001"])
    assert root.find("orders/order/total").text == "49.98" and run.params["size_bytes"] == len(body)
