"""The ERP tab in the panel: upload (shop admins only), the run page, Details and its XLSX files."""

import io
import re
import time
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eventlog.models import Entry, Run
from integrations.erp import importer, jobs

EXAMPLES = Path(django_settings.BASE_DIR) / "examples" / "erp"
PROBLEMS = EXAMPLES / "catalogue-with-problems.xml"
CLEAN = EXAMPLES / "catalogue.xml"


def sync(path: Path) -> Run:
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    return run


def upload(client: Client, path: Path = PROBLEMS):
    return client.post("/erp/upload/", {"package": SimpleUploadedFile(path.name, path.read_bytes(), "text/xml")})


def wait_until_finished(run: Run, timeout: float = 30) -> Run:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status in ("succeeded", "failed"):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run.pk} still {run.status}")


# A worker thread reads what the test committed; the rollback restores the roles for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_shop_admin_uploads_a_package_and_a_real_worker_imports_it(alice, file_storages):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        response = upload(client)
        run = Run.objects.get(kind="erp_import")
        assert response.status_code == 302 and response["Location"] == f"/journal/runs/{run.pk}/"
        wait_until_finished(run)

    assert run.status == "succeeded" and run.created_by == alice
    assert run.params["file_name"] == PROBLEMS.name and run.params["initiator"] == "manual"
    # The stored upload was filed away in done/.
    assert run.params["package"].startswith("done/") and run.params["package"].endswith(PROBLEMS.name)
    assert (file_storages["erp_inbox"] / run.params["package"]).read_bytes() == PROBLEMS.read_bytes()
    page = client.get(f"/journal/runs/{run.pk}/").text
    assert "Details: problem products and categories" in page
    assert f"/erp/runs/{run.pk}/products.xlsx" in page and f"/erp/runs/{run.pk}/categories.xlsx" in page
    assert "Subiekt nexo PRO" in page and "1.0" in page


def test_support_staff_and_people_without_a_role_cannot_upload_or_export(support_client, charlie):
    other = Client()
    other.force_login(charlie)
    for client in (support_client, other):
        assert upload(client).status_code == 403
        assert client.post("/erp/export/").status_code == 403
    assert not Run.objects.exists()


def test_upload_form_is_shown_to_shop_admins_only(admin_client, support_client):
    assert 'action="/erp/upload/"' in admin_client.get("/journal/erp-sync/").text
    assert 'action="/erp/upload/"' not in support_client.get("/journal/erp-sync/").text


def test_too_large_upload_is_refused_with_a_clear_error(admin_client, settings):
    settings.ERP_UPLOAD_MAX_BYTES = 1000
    response = upload(admin_client)
    assert response.status_code == 302
    page = admin_client.get(response["Location"]).text
    assert "packages of at most 1000\xa0bytes can be uploaded here" in page
    assert not Run.objects.exists()


def test_details_lists_the_problem_items_with_what_changed(admin_client, db):
    first = sync(PROBLEMS)
    second = sync(PROBLEMS)
    page = admin_client.get(f"/erp/runs/{second.pk}/problems/").text
    assert "Problem products" in page and "Problem categories" in page
    assert "Kawa ziarnista Brazylia Santos 1 kg" in page and "ERP_PRODUCT_CATEGORY_UNKNOWN" in page
    assert f"Still failing since run #{first.pk}" in page
    # Outside text is escaped.
    assert "=HYPERLINK(&quot;http://example.com&quot;,&quot;kliknij&quot;)" in page

    clean = sync(CLEAN)
    page = admin_client.get(f"/erp/runs/{clean.pk}/problems/").text
    assert "Fixed since the previous run" in page and "TERM-750" in page and "ERP_STOCK_NEGATIVE" in page
    first_page = admin_client.get(f"/erp/runs/{first.pk}/problems/").text
    assert "New" in first_page and "Still failing since" not in first_page


def test_details_tables_show_their_columns(admin_client, db):
    run = sync(PROBLEMS)
    page = admin_client.get(f"/erp/runs/{run.pk}/problems/").text
    headers = re.findall(r"<th [^>]*>(.*?)</th>", page)
    assert headers[:6] == [
        '<span class="visually-hidden">Severity</span>',
        "Identifier",
        "Code",
        "Name",
        "Message",
        "Change",
    ]
    entry = Entry.objects.filter(run=run, event_type="product_problem", object_id="KAWA-ZIA-1KG").get()
    assert f'<a href="/journal/erp-sync/{entry.pk}/">KAWA-ZIA-1KG</a>' in page
    assert '<code class="small">ERP_PRODUCT_CATEGORY_UNKNOWN</code>' in page
    assert '<span class="badge text-bg-danger">New</span>' in page
    assert "?sort=" not in page  # package order


def read_xlsx(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def test_problem_spreadsheets_hold_exactly_the_problem_items(support_client, db):
    first = sync(PROBLEMS)
    second = sync(PROBLEMS)

    response = support_client.get(f"/erp/runs/{second.pk}/products.xlsx")
    assert response.status_code == 200
    assert f"erp-run-{second.pk}-products-to-fix.xlsx" in response["Content-Disposition"]
    header, *rows = read_xlsx(response)
    assert header == ("Identifier", "Code", "Name", "Message", "Message code", "Severity", "Change")
    assert {(r[1], r[4]) for r in rows} == {
        ("CZAJ-210", "ERP_PRODUCT_NO_CATEGORY"), ("KAWA-ZIA-1KG", "ERP_PRODUCT_CATEGORY_UNKNOWN"),
        ("SLU-BT-55", "ERP_EAN_INVALID"), ("KUB-002", "ERP_EAN_DUPLICATE"), ("TERM-750", "ERP_STOCK_NEGATIVE"),
        ("KUB-001", "ERP_PRODUCT_CODE_DUPLICATE"), ("GLOS-MINI", "ERP_PRICE_MISSING"),
        ("LAMP-LED-12", "ERP_PRICE_NEGATIVE"), ("GARN-12", "ERP_PRODUCT_NAME_TOO_LONG"),
        ("=HYPERLINK(1)", "ERP_PRODUCT_CATEGORY_UNKNOWN"),
    }  # fmt: skip
    assert len(rows) == 10
    assert {r[6] for r in rows} == {f"Still failing since run #{first.pk}"}
    by_code = {r[1]: r for r in rows}
    assert by_code["GLOS-MINI"][0] == "10005" and by_code["GLOS-MINI"][5] == "Error"
    # A formula-like name from the ERP is text in the spreadsheet, exactly as sent.
    assert by_code["=HYPERLINK(1)"][2] == '=HYPERLINK("http://example.com","kliknij")'

    header, *rows = read_xlsx(support_client.get(f"/erp/runs/{first.pk}/categories.xlsx"))
    assert {(r[1], r[4], r[6]) for r in rows} == {
        ("OGR-NARZ", "ERP_CATEGORY_PARENT_MISSING", "New"), ("PROMO", "ERP_CATEGORY_CYCLE", "New"),
        ("OUTLET", "ERP_CATEGORY_CYCLE", "New"), ("DOM", "ERP_CATEGORY_CODE_DUPLICATE", "New"),
    }  # fmt: skip


def test_run_and_entry_pages_link_the_details(admin_client, db):
    run = sync(PROBLEMS)
    summary = run.entries.get(event_type="import")
    for url in (f"/journal/runs/{run.pk}/", f"/journal/erp-sync/{summary.pk}/"):
        page = admin_client.get(url).text
        assert f'href="/erp/runs/{run.pk}/problems/"' in page
    problem = run.entries.get(object_id="TERM-750")
    page = admin_client.get(f"/journal/erp-sync/{problem.pk}/").text
    assert "Since the previous run" in page and "New" in page


def test_a_clean_run_has_no_details_link(admin_client, db):
    run = sync(CLEAN)
    assert "/problems/" not in admin_client.get(f"/journal/runs/{run.pk}/").text
    assert admin_client.get(f"/erp/runs/{run.pk}/problems/").status_code == 200


def test_run_page_refreshes_itself_only_while_the_run_is_going(admin_client, db):
    run = importer.new_run(source="command", file_name="x.xml", path=CLEAN)
    assert 'hx-trigger="every 2s"' in admin_client.get(f"/journal/runs/{run.pk}/").text
    jobs.import_file(run)
    assert 'hx-trigger="every 2s"' not in admin_client.get(f"/journal/runs/{run.pk}/").text


def test_details_of_a_run_that_is_not_an_erp_import_is_404(admin_client, db):
    other = Run.objects.create(kind="retention")
    assert admin_client.get(f"/erp/runs/{other.pk}/problems/").status_code == 404
    assert admin_client.get(f"/erp/runs/{other.pk}/products.xlsx").status_code == 404


def test_details_count_the_problem_categories_and_offer_their_spreadsheet(admin_client, db):
    run = sync(PROBLEMS)
    page = admin_client.get(f"/erp/runs/{run.pk}/problems/").text
    assert re.search(r'Problem categories <span class="badge text-bg-secondary">4</span>', page)
    assert f'href="/erp/runs/{run.pk}/categories.xlsx"' in page
