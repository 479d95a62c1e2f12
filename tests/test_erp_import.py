"""The ERP import: an example package's problems and counts, re-import, fixed problems, broken packages."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from eventlog.models import Entry, Run
from integrations.erp import importer, jobs, sample
from integrations.erp.models import Category, Problem, Product

EXAMPLES = Path(django_settings.BASE_DIR) / "examples" / "erp"
PROBLEMS = EXAMPLES / "catalogue-with-problems.xml"
CLEAN = EXAMPLES / "catalogue.xml"

EXPECTED_PRODUCT_PROBLEMS = {
    ("CZAJ-210", "ERP_PRODUCT_NO_CATEGORY"),
    ("KAWA-ZIA-1KG", "ERP_PRODUCT_CATEGORY_UNKNOWN"),
    ("SLU-BT-55", "ERP_EAN_INVALID"),
    ("KUB-002", "ERP_EAN_DUPLICATE"),
    ("TERM-750", "ERP_STOCK_NEGATIVE"),
    ("KUB-001", "ERP_PRODUCT_CODE_DUPLICATE"),
    ("GLOS-MINI", "ERP_PRICE_MISSING"),
    ("LAMP-LED-12", "ERP_PRICE_NEGATIVE"),
    ("GARN-12", "ERP_PRODUCT_NAME_TOO_LONG"),
    ("=HYPERLINK(1)", "ERP_PRODUCT_CATEGORY_UNKNOWN"),
}
EXPECTED_CATEGORY_PROBLEMS = {
    ("OGR-NARZ", "ERP_CATEGORY_PARENT_MISSING"),
    ("PROMO", "ERP_CATEGORY_CYCLE"),
    ("OUTLET", "ERP_CATEGORY_CYCLE"),
    ("DOM", "ERP_CATEGORY_CODE_DUPLICATE"),
}


def sync(path: Path) -> Run:
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    return run


def problems(run: Run, event_type: str) -> set[tuple[str, str]]:
    return set(Entry.objects.filter(run=run, event_type=event_type).values_list("object_id", "message_code"))


def test_example_package_imports_with_the_expected_problems_and_counts(db):
    run = sync(PROBLEMS)

    assert run.status == "succeeded"
    assert run.progress_done == run.progress_total == 14 + 7
    counts = run.counters
    assert (counts["products_received"], counts["products_created"], counts["products_skipped"]) == (14, 10, 4)
    assert (counts["products_with_problems"], counts["categories_with_problems"]) == (10, 4)
    assert (counts["categories_received"], counts["categories_created"], counts["categories_skipped"]) == (7, 6, 1)
    assert problems(run, "product_problem") == EXPECTED_PRODUCT_PROBLEMS
    assert problems(run, "category_problem") == EXPECTED_CATEGORY_PROBLEMS

    # Skipped products are not in the catalogue; warned ones are, without the faulty field.
    assert set(Product.objects.values_list("code", flat=True)) == {
        "KUB-001", "CZAJ-210", "KAWA-ZIA-1KG", "SLU-BT-55", "KUB-002", "TERM-750", "PLEC-30L", "KOC-150", "MYSZ-BT",
        "=HYPERLINK(1)",
    }  # fmt: skip
    assert Product.objects.get(code="TERM-750").stock == 0
    assert Product.objects.get(code="SLU-BT-55").ean == ""
    assert Product.objects.get(code="KUB-002").ean == "" and Product.objects.get(code="KUB-001").ean == "5900044001375"
    assert Product.objects.get(code="CZAJ-210").category is None
    assert Product.objects.get(code="MYSZ-BT").stock == Decimal("25.5")
    assert Product.objects.get(code="KUB-001").name == "Kubek ceramiczny 350 ml, biały"  # the first occurrence won
    assert Category.objects.get(code="OGR-NARZ").parent is None
    assert Category.objects.get(code="PROMO").parent is None and Category.objects.get(code="OUTLET").parent is None
    assert Category.objects.get(code="DOM-KUCH").parent.code == "DOM"

    # One summary entry with the size, version and the ERP's header; problems are errors or warnings.
    summary = Entry.objects.get(run=run, event_type="import")
    assert summary.severity == "error"  # some products were skipped
    assert summary.data["size_bytes"] == PROBLEMS.stat().st_size
    assert summary.data["file_version"] == "1.0"
    assert summary.data["erp"]["system"] == "Subiekt nexo PRO"
    assert Entry.objects.filter(run=run).count() == 1 + 10 + 4  # no entry per healthy product
    price = Entry.objects.get(run=run, object_id="GLOS-MINI")
    assert (price.severity, price.object_type, price.data["change"]) == ("error", "product", "new")


def test_reimport_of_the_same_package_changes_nothing(db):
    first = sync(PROBLEMS)
    stamps = dict(Product.objects.values_list("code", "updated_at"))
    second = sync(PROBLEMS)

    counts = second.counters
    assert (counts["products_created"], counts["products_updated"], counts["products_unchanged"]) == (0, 0, 10)
    assert (counts["categories_created"], counts["categories_updated"], counts["categories_unchanged"]) == (0, 0, 6)
    assert dict(Product.objects.values_list("code", "updated_at")) == stamps
    # The same problems, now "still failing" since the first run.
    records = Entry.objects.filter(run=second, event_type__endswith="_problem")
    assert {(r.data["change"], r.data["since_run"]) for r in records} == {("still_failing", first.pk)}
    assert Problem.objects.filter(resolved_in_run__isnull=True).count() == 14


def test_a_clean_package_marks_the_problems_of_the_items_it_sends_as_fixed(db):
    first = sync(PROBLEMS)
    clean = sync(CLEAN)

    fixed = set(Problem.objects.filter(resolved_in_run=clean).values_list("item_code", "message_code"))
    # The clean package sends these items again without their problems...
    assert ("TERM-750", "ERP_STOCK_NEGATIVE") in fixed and ("GLOS-MINI", "ERP_PRICE_MISSING") in fixed
    assert ("DOM", "ERP_CATEGORY_CODE_DUPLICATE") in fixed
    # ...and does not send these, so they are not judged.
    still_open = set(Problem.objects.filter(resolved_in_run__isnull=True).values_list("item_code", flat=True))
    assert {"KUB-002", "GARN-12", "PROMO", "OUTLET"} <= still_open
    assert clean.counters["problems_fixed"] == len(fixed)
    # A problem that comes back is new again, from the run that found it.
    third = sync(PROBLEMS)
    again = Entry.objects.get(run=third, object_id="TERM-750")
    assert (again.data["change"], again.data["since_run"]) == ("new", third.pk)
    kept = Entry.objects.get(run=third, object_id="KUB-002")
    assert (kept.data["change"], kept.data["since_run"]) == ("still_failing", first.pk)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    '<erp-package format-version="1.0"><header/><products><product code="A"><name>&lol2;</name></product>'
    "</products></erp-package>"
)


@pytest.mark.parametrize(
    ("content", "code", "reason"),
    [
        (lambda clean: clean[: len(clean) // 2], "ERP_PACKAGE_UNREADABLE", "not well-formed"),
        (lambda clean: "", "ERP_PACKAGE_UNREADABLE", "the file is empty"),
        (lambda clean: "PK\x03\x04 this is a zip file", "ERP_PACKAGE_UNREADABLE", "compressed archive"),
        (lambda clean: BILLION_LAUGHS, "ERP_PACKAGE_UNREADABLE", "DTD"),
        (
            lambda clean: clean.replace('format-version="1.0"', 'format-version="3.2"'),
            "ERP_PACKAGE_VERSION_UNSUPPORTED", "3.2",
        ),
        (lambda clean: clean.replace('type="catalogue"', 'type="orders"'), "ERP_PACKAGE_WRONG_TYPE", "orders"),
        (lambda clean: clean.replace("erp-package", "katalog"), "ERP_PACKAGE_UNREADABLE", "katalog"),
        (
            lambda clean: clean.replace('encoding="UTF-8"', 'encoding="klingon-42"'),
            "ERP_PACKAGE_ENCODING_UNKNOWN", "klingon-42",
        ),
    ],
    ids=["truncated", "empty", "not-xml", "dtd", "unknown-version", "orders-package", "wrong-root", "encoding"],
)  # fmt: skip
def test_a_broken_package_fails_the_run_cleanly_and_writes_no_catalogue_rows(
    db, tmp_path, settings, content, code, reason
):
    settings.LANGUAGE_CODE = "en"
    path = tmp_path / "package.xml"
    path.write_text(content(CLEAN.read_text()))
    run = sync(path)

    assert run.status == "failed" and run.finished_at is not None
    assert not Product.objects.exists() and not Category.objects.exists()
    [record] = Entry.objects.filter(run=run)
    assert (record.event_type, record.severity, record.message_code) == ("import", "error", code)
    assert reason in record.message and "Nothing was imported" in record.message
    assert run.summary == record.message


def test_a_missing_file_fails_the_run(db, tmp_path):
    run = sync(tmp_path / "gone.xml")
    assert run.status == "failed"
    assert Entry.objects.get(run=run).message_code == "ERP_PACKAGE_UNREADABLE"


def test_a_few_hundred_generated_products_with_every_tenth_faulty(db, tmp_path):
    path = tmp_path / "sample.xml"
    sample.write_catalogue(path, products_count=300, problems_every=10)
    run = sync(path)

    assert run.counters["products_received"] == 300
    assert run.counters["products_with_problems"] == 30
    assert Product.objects.count() == 300 - run.counters["products_skipped"]
    assert Entry.objects.filter(run=run, event_type="product_problem").count() == 30
    assert run.progress_done == run.progress_total == 310
