"""The ERP inbox on Celery beat, the order export and the erp_sync command."""

import time
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from eventlog.models import Entry, Run
from integrations.erp.models import Order, OrderLine, Product

EXAMPLES = Path(django_settings.BASE_DIR) / "examples" / "erp"


@pytest.fixture(autouse=True)
def erp_folders(file_storages):
    """The inbox and outbox folders of this test (the `file_storages` fixture's)."""
    file_storages["erp_inbox"].mkdir()
    return {"inbox": file_storages["erp_inbox"], "outbox": file_storages["erp_outbox"]}


# A worker thread reads what the test committed; the rollback restores the roles for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_task_imports_the_inbox_in_a_real_worker(erp_folders):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from integrations.erp.tasks import check_inbox

    inbox = erp_folders["inbox"]
    (inbox / "katalog.xml").write_bytes((EXAMPLES / "catalogue.xml").read_bytes())
    (inbox / "zepsuty.xml").write_text("<erp-package format-version='1.0'><header>")
    (inbox / "w-trakcie.xml.part").write_text("<still being written")
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        run_ids = check_inbox.delay().get(timeout=30)
        assert len(run_ids) == 2
        deadline = time.monotonic() + 30
        while Run.objects.filter(pk__in=run_ids, status__in=["queued", "running"]).exists():
            assert time.monotonic() < deadline, "imports did not finish"
            time.sleep(0.2)

    runs = {r.params["file_name"]: r for r in Run.objects.filter(pk__in=run_ids)}
    assert runs["katalog.xml"].status == "succeeded" and runs["zepsuty.xml"].status == "failed"
    assert runs["katalog.xml"].params["initiator"] == "automatic"
    assert Product.objects.count() == 6
    assert [p.name.endswith("katalog.xml") for p in (inbox / "done").iterdir()] == [True]
    assert [p.name.endswith("zepsuty.xml") for p in (inbox / "failed").iterdir()] == [True]
    assert not list((inbox / "processing").iterdir())
    assert (inbox / "w-trakcie.xml.part").exists()  # unfinished files are never taken
    # A second look finds nothing new.
    from integrations.erp import jobs

    assert jobs.check_inbox() == []


def make_orders(count: int) -> None:
    for i in range(count):
        order = Order.objects.create(
            number=f"ZAM/2025/{i:05d}", placed_at=timezone.now(), customer_name="Anna Nowak",
            customer_email="anna@example.com",
        )  # fmt: skip
        OrderLine.objects.create(order=order, product_code="KUB-001", name="Kubek", quantity=2, unit_price="24.99")


def test_export_sends_new_orders_once_into_the_outbox(db, erp_folders):
    make_orders(3)
    out = StringIO()
    call_command("erp_sync", "--direction", "export", stdout=out)
    run_id, status, _summary = out.getvalue().strip().split("\t")
    run = Run.objects.get(pk=int(run_id))
    assert status == "succeeded" and run.counters == {"orders": 3, "lines": 3}
    [file] = erp_folders["outbox"].iterdir()
    root = ET.parse(file).getroot()
    assert (root.tag, root.get("format-version"), root.get("type")) == ("erp-package", "1.0", "orders")
    assert [o.get("number") for o in root.iter("order")] == ["ZAM/2025/00000", "ZAM/2025/00001", "ZAM/2025/00002"]
    assert root.find("orders/order/total").text == "49.98"
    record = Entry.objects.get(run=run)
    assert (record.event_type, record.severity) == ("export", "success")
    assert record.data["size_bytes"] == file.stat().st_size
    assert not Order.objects.filter(exported_at__isnull=True).exists()

    # Nothing new: nothing is sent again.
    out = StringIO()
    call_command("erp_sync", "--direction", "export", stdout=out)
    run = Run.objects.get(pk=int(out.getvalue().split("\t")[0]))
    assert run.counters["orders"] == 0 and len(list(erp_folders["outbox"].iterdir())) == 1
    assert Run.objects.get(kind="erp_export", counters__orders=3).params["package"] == file.name


def test_export_into_an_unwritable_outbox_fails_and_keeps_the_orders_waiting(db, settings, tmp_path):
    (tmp_path / "blocker").write_text("a file where the folder should be")
    outbox = settings.STORAGES["erp_outbox"]
    blocked = {**outbox, "OPTIONS": {**outbox["OPTIONS"], "location": str(tmp_path / "blocker" / "outbox")}}
    settings.STORAGES = {**settings.STORAGES, "erp_outbox": blocked}
    make_orders(2)
    with pytest.raises(CommandError):
        call_command("erp_sync", "--direction", "export", stdout=StringIO())
    run = Run.objects.get(kind="erp_export")
    assert run.status == "failed"
    assert Entry.objects.get(run=run).message_code == "ERP_EXPORT_FAILED"
    assert Order.objects.filter(export_run__isnull=True).count() == 2


def test_erp_sync_command_prints_the_run_id_and_a_summary(db):
    out = StringIO()
    call_command("erp_sync", str(EXAMPLES / "catalogue-with-problems.xml"), stdout=out)
    run_id, status, summary = out.getvalue().strip().split("\t")
    run = Run.objects.get(pk=int(run_id))
    assert status == "succeeded" and summary == run.summary
    assert "14" in summary and run.counters["products_received"] == 14
    # The command never moves the file it was given.
    assert (EXAMPLES / "catalogue-with-problems.xml").exists()


def test_erp_sync_command_fails_loudly_on_a_broken_package(db, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("not xml")
    with pytest.raises(CommandError, match="failed"):
        call_command("erp_sync", str(broken), stdout=StringIO())
    assert Run.objects.get().status == "failed"


def test_demo_data_makes_real_runs_once(db):
    from integrations.erp import demo

    runs = demo.seed_demo()
    assert [Run.objects.get(pk=pk).status for pk in runs] == ["succeeded", "succeeded", "succeeded"]
    assert Order.objects.filter(exported_at__isnull=False).count() == 4
    assert demo.seed_demo() == []
