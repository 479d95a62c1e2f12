"""Run counters say what the database holds as a result of the run: a batch rolled back by the
database (a real PostgreSQL trigger refusing a row) claims nothing."""

from pathlib import Path

import pytest
from django.db import connection

from integrations.erp import importer, jobs, sample
from integrations.erp.models import Category, Product


def sync(path: Path):
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    return run


def refuse(table: str, code: str) -> None:
    """A trigger that makes PostgreSQL refuse one row, as a full disk or a constraint would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$BEGIN IF NEW.code = '{code}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END$$"
        )
        cursor.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse_row()")


@pytest.mark.parametrize(("table", "code"), [("erp_category", "DOM"), ("erp_product", "P-000061")])
def test_a_batch_rolled_back_is_not_counted(db, tmp_path, settings, table, code):
    settings.ERP_IMPORT_BATCH = 20
    path = tmp_path / "katalog.xml"
    sample.write_catalogue(path, products_count=100, problems_every=0)
    refuse(table, code)
    run = sync(path)

    assert run.status == "failed"
    counts = run.counters
    # What the counters claim is exactly what the database holds.
    assert counts.get("categories_created", 0) == Category.objects.count()
    assert counts.get("products_created", 0) == Product.objects.count()
    assert counts.get("products_received", 0) == Product.objects.count()
    if table == "erp_category":
        assert not Category.objects.exists() and not Product.objects.exists()
    else:
        assert Product.objects.count() == 60 and counts["categories_created"] == Category.objects.count() > 0
    assert run.progress_done == Category.objects.count() + Product.objects.count()
