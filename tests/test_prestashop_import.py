"""Importing products from PrestaShop (issue 10 §1.6): prepare, import, the report, and what refuses.

Against the stand-in webservice over real HTTP (`StandIn(products=200)`: every third
product has 2-4 combinations, every 17th has no EAN, every 41st its predecessor's EAN,
every 23rd is inactive). The runs' tasks run here, as a worker would run them.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from config.celery import app
from eventlog import runs
from eventlog.models import Entry, Run
from integrations.erp.models import Product
from integrations.prestashop import imports, tasks
from integrations.prestashop.models import Account, Import, ImportItem, Offer, SettingsTemplate
from integrations.prestashop.standin import StandIn, ean13

from .workers import wait_for


@pytest.fixture
def shop():
    with StandIn(products=200) as standin:
        yield standin


@pytest.fixture
def account(db, shop):
    account = Account.objects.create(url=shop.url, key=shop.key, connected=True, version="8.1.7")
    SettingsTemplate.objects.create(account=account, name="Standard", is_default=True, sync_stock=True)
    return account


def run_task(capture, start, task) -> Run:
    """Start a stage (its task is sent on commit) and run the task here, as a worker would."""
    with capture():
        run = start()
    task.apply(args=[run.pk])
    run.refresh_from_db()
    return run


def expected_items(shop: StandIn, ids: range) -> list[tuple[int, int]]:
    """(product, combination) of the active products in `ids`: combinations, or the product itself."""
    items = []
    for pid in ids:
        if shop.data["products"][pid]["active"] != "1":
            continue
        combinations = [cid for cid, c in shop.data["combinations"].items() if c["id_product"] == str(pid)]
        items += [(pid, cid) for cid in sorted(combinations)] or [(pid, 0)]
    return items


def test_prepare_lists_ids_and_names_then_import_creates_links_and_reports(
    account, shop, alice, admin_client, django_capture_on_commit_callbacks
):
    existing = Product.objects.create(code="LOCAL-5", name="Kubek z magazynu", ean=ean13(5), price=10, content_hash="")
    Product.objects.create(code="PS-00007", name="Zajęty symbol", ean="5900000000007", price=1, content_hash="")
    elsewhere = Product.objects.create(code="LOCAL-20", name="Plakat", ean=ean13(20), price=1, content_hash="")
    Offer.objects.create(account=account, external_id=190, product=elsewhere)  # linked to another PrestaShop product
    job = Import.objects.create(account=account, id_from=1, id_to=60, identifier="ean", created_by=alice)

    prepare = run_task(
        django_capture_on_commit_callbacks, lambda: imports.start_prepare(job, alice), tasks.prepare_import
    )

    assert prepare.status == "succeeded", prepare.error
    job.refresh_from_db()
    assert job.status == "prepared" and not job.editable
    wanted = expected_items(shop, range(1, 61))
    assert list(job.items.values_list("external_id", "combination_id")) == wanted
    assert job.items.get(external_id=5).name == "Koszulka 5"
    assert set(job.items.values_list("status", flat=True)) == {"prepared"}
    assert Product.objects.count() == 3  # stage 1 reads ids and names only
    # Stage 1 asked for ids and names only, filtered by the range and "only active".
    listing = next(r for r in shop.requests if r.path == "/api/products")
    assert listing.query["display"] == "[id,name,active,date_upd]"
    assert (listing.query["filter[id]"], listing.query["filter[active]"]) == ("[1,60]", "[1]")

    del shop.data["products"][10]  # gone from PrestaShop between the stages
    imported = run_task(django_capture_on_commit_callbacks, lambda: imports.start_import(job, alice), tasks.run_import)

    assert imported.status == "succeeded", imported.error
    job.refresh_from_db()
    assert job.status == "done"
    items = {(i.external_id, i.combination_id): i for i in job.items.all()}
    # Linked to the local product with the same EAN; nothing created for it.
    assert (items[(5, 0)].status, items[(5, 0)].product) == ("linked", existing)
    # Product 7's symbol is taken locally: its code is made up from the account and id.
    seven = items[(7, 0)].product
    assert (items[(7, 0)].status, seven.code, seven.ean) == ("created", f"PS{account.pk}-7", ean13(7))
    # Created with PrestaShop's data and stock.
    eight = items[(8, 0)].product
    assert (eight.code, eight.name, eight.price) == ("PS-00008", "Kubek 8", Decimal("27.99"))
    assert eight.stock == Decimal(shop.stock(8)["quantity"]) and eight.catalogue_number == "MPN-00008"
    first_of_six = min(cid for cid, c in shop.data["combinations"].items() if c["id_product"] == "6")
    combination = items[(6, first_of_six)]
    assert combination.status == "created" and combination.product.code == "PS-00006-1"
    # Skipped with their reasons: no EAN (17, 34), a second product with product 40's EAN (41).
    assert items[(17, 0)].status == items[(34, 0)].status == "skipped"
    assert "ean13" in items[(17, 0)].reason  # the PrestaShop field it read
    assert items[(41, 0)].status == "skipped" and ean13(40) in items[(41, 0)].reason
    assert items[(20, 0)].status == "skipped" and "190" in items[(20, 0)].reason
    assert (items[(10, 0)].status, items[(10, 0)].product) == ("failed", None)
    counts = imports.counts(job)
    assert counts["linked"] == 1 and counts["skipped"] == 4 and counts["failed"] == 1 and counts["prepared"] == 0
    assert counts["created"] == len(wanted) - 6
    assert imported.counters == {k: counts[k] for k in ("created", "linked", "skipped", "failed")}
    # Every offer has the default template; one per item created or linked, and nothing twice.
    offers = Offer.objects.filter(account=account)
    assert offers.count() == counts["created"] + counts["linked"] + 1  # and the one linked before
    assert set(offers.exclude(external_id=190).values_list("template__name", flat=True)) == {"Standard"}
    # Full data was read in batches of ids.
    full = [r for r in shop.requests if r.path == "/api/products" and r.query.get("display") == "full"]
    assert full and all(r.query["filter[id]"].startswith("[") and "|" in r.query["filter[id]"] for r in full)

    # The journal: the summary with its run, one entry per skipped or failed product.
    summary = Entry.objects.get(tab="prestashop", event_type="import", message_code="PS_IMPORT_SUMMARY")
    assert summary.run_id == imported.pk and summary.severity == "warning"
    problems = Entry.objects.filter(
        run_id=imported.pk, message_code__in=["PS_IMPORT_ITEM_SKIPPED", "PS_IMPORT_ITEM_FAILED"]
    )
    assert sorted(problems.values_list("object_id", flat=True)) == ["10", "17", "20", "34", "41"]

    # The report a shop admin reads, filtered by status.
    page = admin_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Linked to existing" in page.text and "Kubek 8" in page.text
    assert "PrestaShop product 190" in page.text  # the reason, in the reader's language
    assert 'class="badge text-bg-success">Done<' in page.text and "&lt;span" not in page.text
    assert "hx-trigger" not in page.text and 'id="import-start"' not in page.text  # over: nothing to poll or start
    skipped = admin_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/", {"status": "skipped"})
    assert "Koszulka 17" in skipped.text and "Kubek 8" not in skipped.text
    assert admin_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/", {"status": "nope"}).status_code == 400


def test_a_second_import_links_what_the_first_created(account, shop, alice, django_capture_on_commit_callbacks):
    first = Import.objects.create(account=account, ids=[8, 9], identifier="ean")
    run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(first, alice), tasks.prepare_import)
    run_task(django_capture_on_commit_callbacks, lambda: imports.start_import(first, alice), tasks.run_import)
    again = Import.objects.create(account=account, ids=[8, 9, 11], identifier="ean")
    run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(again, alice), tasks.prepare_import)
    run = run_task(django_capture_on_commit_callbacks, lambda: imports.start_import(again, alice), tasks.run_import)

    # Product 9 comes as its two combinations.
    assert run.counters == {"created": 1, "linked": 3, "skipped": 0, "failed": 0}
    codes = ["PS-00008", "PS-00009-1", "PS-00009-2", "PS-00011"]
    assert sorted(Product.objects.values_list("code", flat=True)) == codes
    assert Offer.objects.filter(account=account).count() == 4


def test_the_filters_go_to_prestashop_as_its_filter_syntax(account, shop, alice, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    since = timezone.make_aware(dt.datetime(2026, 1, 2, 12, 0))  # product N changed 17·N minutes after 1 Jan 8:00
    job = Import.objects.create(account=account, changed_since=since, id_from=80, id_to=120, only_active=False)
    run = run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(job, alice), tasks.prepare_import)

    assert run.status == "succeeded", run.error
    listing = next(r for r in shop.requests if r.path == "/api/products")
    assert listing.query["date"] == "1" and listing.query["filter[date_upd]"].startswith("[2026-01-02 12:00:00,")
    assert "filter[active]" not in listing.query
    ids = sorted(set(job.items.values_list("external_id", flat=True)))
    assert ids == list(range(99, 121)) and shop.data["products"][115]["active"] == "0"  # inactive ones too


def test_an_import_is_refused_without_a_default_template(account, alice, admin_client):
    SettingsTemplate.objects.filter(account=account).delete()
    job = Import.objects.create(account=account, id_from=1, id_to=5)

    with pytest.raises(imports.Refused):
        imports.start_prepare(job, alice)
    page = admin_client.post(f"/prestashop/{account.pk}/imports/{job.pk}/", {"action": "prepare"}, follow=True)
    assert "no default settings template" in page.text
    job.refresh_from_db()
    assert job.status == "draft" and job.prepare_run is None and not Run.objects.exists()
    add = admin_client.get(f"/prestashop/{account.pk}/imports/add/")
    assert "no default settings template" in add.text


def test_an_import_cannot_be_edited_once_started(account, alice, admin_client, django_capture_on_commit_callbacks):
    job = Import.objects.create(account=account, id_from=1, id_to=5)
    edit = admin_client.post(
        f"/prestashop/{account.pk}/imports/{job.pk}/edit/",
        {"id_from": 2, "id_to": 6, "identifier": "symbol", "with_stock": "on"},
    )
    assert edit.status_code == 302
    job.refresh_from_db()
    assert (job.id_from, job.identifier, job.only_active) == (2, "symbol", False)

    run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(job, alice), tasks.prepare_import)
    refused = admin_client.post(
        f"/prestashop/{account.pk}/imports/{job.pk}/edit/", {"id_from": 1, "id_to": 9, "identifier": "ean"}
    )
    assert refused.status_code == 409
    job.refresh_from_db()
    assert (job.id_from, job.id_to, job.identifier) == (2, 6, "symbol")
    with pytest.raises(imports.Refused):
        imports.start_prepare(job, alice)  # prepared already


@pytest.fixture
def eager():
    """Runs sent on commit run there and then (no transaction around them here: committed at once)."""
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_abort_stops_between_batches_and_the_import_goes_on_later(account, shop, alice, admin_client, settings, eager):
    job = Import.objects.create(account=account, id_from=1, id_to=200, identifier="symbol")
    imports.start_prepare(job, alice)
    settings.JOURNAL_RUN_BATCH_PAUSE_SECONDS = 0.5
    # Stage 2 runs in a thread here, so that this test can abort it half-way.
    run = Run.objects.create(kind="prestashop_import", tab="prestashop", params={"import": job.pk}, created_by=alice)
    Import.objects.filter(pk=job.pk).update(status="importing", import_run=run)

    def work() -> None:
        try:
            imports.run_import(run.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    wait_for(lambda: ImportItem.objects.filter(job=job).exclude(status="prepared").exists(), "a batch was imported")
    page = admin_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/")
    assert 'id="import-abort"' in page.text and "hx-trigger" in page.text
    admin_client.post(f"/prestashop/{account.pk}/imports/{job.pk}/", {"action": "abort"})
    thread.join(timeout=60)

    run.refresh_from_db()
    job.refresh_from_db()
    assert (run.status, job.status) == ("aborted", "aborted")
    left = ImportItem.objects.filter(job=job, status="prepared").count()
    assert 0 < left < job.items.count()
    settings.JOURNAL_RUN_BATCH_PAUSE_SECONDS = 0
    again = imports.start_import(job, alice)  # "Continue the import"
    assert Run.objects.get(pk=again.pk).status == "succeeded"
    job.refresh_from_db()
    assert job.status == "done" and not job.items.filter(status="prepared").exists()
    assert Offer.objects.filter(account=account).count() == job.items.filter(status__in=["created", "linked"]).count()
    assert runs.kind_of("prestashop_import").abortable


def test_the_import_form_validates_and_saves_a_draft(account, admin_client):
    empty = admin_client.get(f"/prestashop/{account.pk}/imports/add/")
    assert empty.status_code == 200 and "[]" not in empty.text  # the given ids box starts empty
    bad = admin_client.post(
        f"/prestashop/{account.pk}/imports/add/", {"id_from": 50, "id_to": 10, "ids": "5, x7", "identifier": "ean"}
    )
    assert bad.status_code == 400
    assert "These are not PrestaShop product ids: x7." in bad.text and "must not be below" in bad.text
    good = admin_client.post(
        f"/prestashop/{account.pk}/imports/add/",
        {"ids": "12 5,5; 9", "identifier": "symbol", "only_active": "on", "changed_since": "2026-03-01T10:00"},
    )
    job = Import.objects.get()
    assert good.status_code == 302 and good["Location"] == f"/prestashop/{account.pk}/imports/{job.pk}/"
    assert (job.ids, job.identifier, job.status, job.created_by.username) == ([5, 9, 12], "symbol", "draft", "alice")
    listing = admin_client.get(f"/prestashop/{account.pk}/imports/")
    assert listing.status_code == 200 and f"#{job.pk}" in listing.text and "Draft" in listing.text
    page = admin_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/")
    assert 'id="import-prepare"' in page.text and "hx-trigger" not in page.text
    assert admin_client.post(f"/prestashop/{account.pk}/imports/{job.pk}/", {"action": "x"}).status_code == 400


def test_support_sees_imports_but_cannot_start_them(account, support_client):
    job = Import.objects.create(account=account)
    assert support_client.get(f"/prestashop/{account.pk}/imports/{job.pk}/").status_code == 200
    assert support_client.post(f"/prestashop/{account.pk}/imports/{job.pk}/", {"action": "prepare"}).status_code == 403
    assert support_client.post(f"/prestashop/{account.pk}/imports/add/", {"identifier": "ean"}).status_code == 403


def test_prestashop_down_fails_the_run_and_the_import_goes_on_later(
    account, shop, alice, settings, django_capture_on_commit_callbacks
):
    settings.PRESTASHOP_RETRIES = 0
    job = Import.objects.create(account=account, ids=[1, 2, 4])
    run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(job, alice), tasks.prepare_import)
    shop.fail_next(502, times=1)

    failed = run_task(django_capture_on_commit_callbacks, lambda: imports.start_import(job, alice), tasks.run_import)

    job.refresh_from_db()
    assert (failed.status, job.status) == ("failed", "failed")
    assert "502" in failed.summary_text and imports.may_import(job)
    entry = Entry.objects.get(message_code="PS_IMPORT_FAILED")
    assert (entry.severity, entry.run_id, entry.event_type) == ("error", failed.pk, "import") and "502" in entry.text
    done = run_task(django_capture_on_commit_callbacks, lambda: imports.start_import(job, alice), tasks.run_import)
    job.refresh_from_db()
    assert (done.status, job.status, done.counters["created"]) == ("succeeded", "done", 3)


def test_given_ids_are_asked_for_a_hundred_at_a_time(account, shop, alice, django_capture_on_commit_callbacks):
    job = Import.objects.create(account=account, ids=list(range(1, 151)), id_to=140)
    run = run_task(django_capture_on_commit_callbacks, lambda: imports.start_prepare(job, alice), tasks.prepare_import)

    assert run.status == "succeeded", run.error
    asked = [r.query["filter[id]"] for r in shop.requests if r.path == "/api/products"]
    assert asked == ["[" + "|".join(map(str, range(1, 101))) + "]", "[" + "|".join(map(str, range(101, 141))) + "]"]
    assert set(job.items.values_list("external_id", flat=True)) == {p for p in range(1, 141) if p % 23}
