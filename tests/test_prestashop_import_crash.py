"""An import whose worker is killed half-way finishes after recovery with nothing created twice.

A real Celery worker (a subprocess on the test database and this test run's broker) imports
from the stand-in webservice, slowed down so that it is killed (SIGKILL) after some batches
were committed and while it waits for PrestaShop's answer in the next one. Beat's stale-run
check sends the run again; a second worker finishes it from the items still "prepared".
"""

from __future__ import annotations

from collections import Counter

from eventlog import runs
from eventlog.models import Entry, Run
from integrations.erp.models import Product
from integrations.prestashop import imports
from integrations.prestashop.models import Account, Import, ImportItem, Offer, SettingsTemplate
from integrations.prestashop.standin import StandIn

from .workers import kill, wait_for, worker

# The fixture is used by name.
__all__ = ["worker"]


def test_a_killed_import_resumes_and_creates_no_product_twice(worker, settings, alice):
    with StandIn(products=200) as shop:
        account = Account.objects.create(url=shop.url, key=shop.key, connected=True)
        SettingsTemplate.objects.create(account=account, name="Standard", is_default=True)
        Product.objects.create(
            code="LOCAL-5", name="Koszulka", ean=shop.data["products"][5]["ean13"], price=1, content_hash=""
        )
        job = Import.objects.create(account=account, identifier="ean", created_by=alice)
        prepare = runs.start(imports.PREPARE_RUN, tab="prestashop", params={"import": job.pk}, user=alice)
        Import.objects.filter(pk=job.pk).update(status="preparing", prepare_run=prepare)
        imports.prepare_import(prepare.pk)
        total = job.items.count()
        assert total > 300

        first = worker("ps-import-1", JOURNAL_RUN_BATCH_PAUSE_SECONDS="0.5")
        job.refresh_from_db()
        run = imports.start_import(job, alice)  # no transaction around it here: the task is sent at once
        wait_for(
            lambda: ImportItem.objects.filter(job=job).exclude(status="prepared").count() >= 100,
            "two batches were imported",
        )
        shop.slow(2)  # the next batch's request is in flight when the worker dies
        asked = len(shop.requests)
        wait_for(lambda: len(shop.requests) > asked, "the next batch asked PrestaShop")
        kill(first)
        settled = ImportItem.objects.filter(job=job).exclude(status="prepared").count()
        assert 0 < settled < total
        shop.slow(0)

        settings.JOURNAL_RUN_STALE_SECONDS = 1
        wait_for(lambda: run.pk in runs.recover_stale().resumed, "the stale run was sent again")
        worker("ps-import-2")
        wait_for(lambda: Run.objects.get(pk=run.pk).status not in ("queued", "running"), "the resumed run ended")

    run.refresh_from_db()
    job.refresh_from_db()
    assert run.status == "succeeded", (run.summary, run.error)
    assert (run.attempts, job.status) == (2, "done")
    counts = imports.counts(job)
    assert counts["prepared"] == 0 and counts["linked"] == 1 and counts["created"] > 250
    assert run.counters == {k: counts[k] for k in ("created", "linked", "skipped", "failed")}
    # One offer per item created or linked, one product per item created: nothing twice.
    assert Offer.objects.filter(account=account).count() == counts["created"] + counts["linked"]
    assert Product.objects.count() == counts["created"] + 1
    assert (
        ImportItem.objects.filter(job=job, status="created").values("product").distinct().count() == counts["created"]
    )
    # Each skipped product has exactly one entry, and the import one start and one summary.
    skipped = Counter(
        Entry.objects.filter(run_id=run.pk, message_code="PS_IMPORT_ITEM_SKIPPED").values_list(
            "data__external_id", "data__combination_id"
        )
    )
    assert len(skipped) == counts["skipped"] and set(skipped.values()) == {1}
    assert Entry.objects.filter(message_code="PS_IMPORT_STARTED").count() == 1
    assert Entry.objects.filter(message_code="PS_IMPORT_SUMMARY", run_id=run.pk).count() == 1
