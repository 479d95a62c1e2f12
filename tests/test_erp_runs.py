"""ERP runs on the one lifecycle: an import aborted by a shop admin between its batches,
and an export whose run was given up releasing its orders."""

import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from eventlog.models import Entry, Run
from integrations.erp import sample
from integrations.erp.models import Order, OrderLine, Product


def wait_for(run: Run, condition, what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition(run):
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)
        run.refresh_from_db()


# A worker thread reads what the test committed; the rollback restores the roles for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_shop_admin_aborts_an_import_between_its_batches(
    admin_client, support_client, settings, tmp_path, file_storages
):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    settings.JOURNAL_RUN_BATCH_PAUSE_SECONDS = 0.5  # before each batch of 5,000 products but the first
    path = tmp_path / "katalog.xml"
    sample.write_catalogue(path, products_count=20_000, problems_every=50)
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        package = SimpleUploadedFile(path.name, path.read_bytes(), "text/xml")
        admin_client.post("/erp/upload/", {"package": package})
        run = Run.objects.get(kind="erp_import")
        wait_for(run, lambda r: r.status == "running" and r.progress_done >= 5000, "the import wrote a batch")
        assert 'id="run-abort"' in admin_client.get(f"/journal/runs/{run.pk}/").text
        assert 'id="run-abort"' not in support_client.get(f"/journal/runs/{run.pk}/").text
        admin_client.post(f"/journal/runs/{run.pk}/abort/")
        wait_for(run, lambda r: r.status != "running", "the import stopped")

    assert run.status == "aborted" and "alice" in run.summary
    done = run.progress_done
    assert 5000 <= done < run.progress_total
    # Whole batches only, and the counters say what they held.
    assert run.counters["products_received"] == done - run.counters["categories_received"]
    assert Product.objects.count() == run.counters["products_created"] > 0
    record = Entry.objects.get(run_id=run.pk, event_type="import")
    assert record.severity == "warning" and "alice" in record.message
    assert [p.name.endswith("katalog.xml") for p in (file_storages["erp_inbox"] / "failed").iterdir()] == [True]


def test_orders_claimed_by_a_run_given_up_are_sent_by_the_next_export(db):
    order = Order.objects.create(
        number="ZAM/2025/00001", placed_at=timezone.now(), customer_name="Anna Nowak", customer_email="a@example.com"
    )
    OrderLine.objects.create(order=order, product_code="KUB-001", name="Kubek", quantity=1, unit_price="24.99")
    dead = Run.objects.create(kind="erp_export", tab="erp-sync", status="failed", summary="The worker stopped.")
    Order.objects.filter(pk=order.pk).update(export_run=dead)

    out = StringIO()
    call_command("erp_sync", "--direction", "export", stdout=out)

    run = Run.objects.get(pk=int(out.getvalue().split("\t")[0]))
    assert run.status == "succeeded" and run.counters["orders"] == 1
    order.refresh_from_db()
    assert order.export_run_id == run.pk and order.exported_at is not None
