"""First-run details of the panel (issue 12 §4): the Details count of problem categories, "succeeded with
problems", durations and dates as people read them, the error pages, XLSX that opens ready to read, and filter
URLs that carry only the filters that are set."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone, translation

from config.urls import urlpatterns as project_urls
from eventlog import spreadsheet
from eventlog.models import Run
from eventlog.templatetags.journal import duration
from integrations.erp import importer, jobs

EXAMPLES = Path(django_settings.BASE_DIR) / "examples" / "erp"


@pytest.fixture(autouse=True)
def erp_folders(settings, tmp_path):
    settings.ERP_INBOX_DIR = tmp_path / "inbox"
    settings.ERP_OUTBOX_DIR = tmp_path / "outbox"


def sync(name: str) -> Run:
    file = EXAMPLES / name
    run = jobs.import_file(importer.new_run(source="command", file_name=file.name, path=file))
    run.refresh_from_db()
    return run


def section(page: str, heading_id: str) -> str:
    """The HTML of the card whose heading has this id."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


# --- The Details page counts what it lists ------------------------------------------


def test_the_details_page_counts_the_problem_categories_it_lists(admin_client, db):
    run = sync("catalogue-with-problems.xml")
    assert run.counters["categories_with_problems"] == 4
    page = admin_client.get(f"/erp/runs/{run.pk}/problems/").text
    categories = section(page, "problem-categories")
    assert categories.count('<tr class="severity-row-') == 4  # the rows listed
    assert '<span class="badge text-bg-secondary">4</span>' in categories
    products = section(page, "problem-products")
    assert f'<span class="badge text-bg-secondary">{run.counters["products_with_problems"]}</span>' in products


# --- "Succeeded with problems" --------------------------------------------------------

AMBER = '<span class="badge text-bg-warning">Succeeded with problems</span>'
GREEN = '<span class="badge run-status-succeeded">Succeeded</span>'


def test_a_run_that_skipped_items_with_errors_succeeded_with_problems(support_client, db):
    troubled, clean = sync("catalogue-with-problems.xml"), sync("catalogue.xml")
    assert troubled.status == clean.status == "succeeded"
    assert troubled.counters["products_skipped"] > 0  # what makes its summary red

    page = support_client.get(f"/journal/runs/{troubled.pk}/").text
    assert AMBER in page and GREEN not in page
    listed = support_client.get("/journal/runs/").text
    assert listed.count(AMBER) == 1 and listed.count(GREEN) == 1
    assert GREEN in support_client.get(f"/journal/runs/{clean.pk}/").text
    # The import's own entry in the ERP tab (its page shows the run's card and the ERP run panel).
    summary = troubled.entries.get(event_type="import")
    assert summary.severity == "error" and AMBER in support_client.get(f"/journal/erp-sync/{summary.pk}/").text


def test_succeeded_with_problems_is_translated(bob, db):
    run = sync("catalogue-with-problems.xml")
    client = Client(HTTP_ACCEPT_LANGUAGE="pl")
    client.force_login(bob)
    assert (
        '<span class="badge text-bg-warning">Ukończono z problemami</span>'
        in client.get(f"/journal/runs/{run.pk}/").text
    )


@pytest.mark.parametrize(("status", "expected"), [("succeeded_with_problems", 0), ("succeeded", 1)])
def test_the_run_list_filters_by_the_outcome_it_shows(support_client, db, status, expected):
    runs = [sync("catalogue-with-problems.xml"), sync("catalogue.xml")]
    page = support_client.get(f"/journal/runs/?status={status}").text
    assert re.findall(r'<a href="/journal/runs/(\d+)/">#', page) == [str(runs[expected].pk)]
    assert "Succeeded with problems" in page  # the filter offers it


def test_the_run_list_knows_each_outcome_in_one_query(support_client, make_entry, db):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert support_client.get("/journal/runs/").status_code == 200
        return len(captured)

    Run.objects.create(kind="retention", status="succeeded")
    few = queries()
    for _ in range(5):
        run = Run.objects.create(kind="retention", status="succeeded")
        make_entry("erp-sync", severity="error", run=run)
    assert queries() == few


# --- Durations and dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "english", "polish"),
    [
        (0.4, "0.4 s", "0,4 s"),
        (18, "18 s", "18 s"),
        (125, "2 min 5 s", "2 min 5 s"),
        (120, "2 min", "2 min"),
        (3780, "1 h 3 min", "1 godz. 3 min"),
        (7200, "2 h", "2 godz."),
    ],
)
def test_durations_read_as_people_say_them(seconds, english, polish):
    value = dt.timedelta(seconds=seconds)
    with translation.override("en"):
        assert duration(value) == english
    with translation.override("pl"):
        assert duration(value) == polish


def test_a_run_page_shows_its_duration_in_minutes_and_seconds(support_client, db):
    started = timezone.now() - dt.timedelta(hours=1)
    run = Run.objects.create(
        kind="retention", status="succeeded", started_at=started, finished_at=started + dt.timedelta(seconds=125)
    )
    page = support_client.get(f"/journal/runs/{run.pk}/").text
    assert re.search(r"Duration</dt><dd[^>]*>2 min 5 s</dd>", page)


@pytest.mark.parametrize(("language", "shown"), [("en", "02 Dec 2026 14:05"), ("pl", "02.12.2026 14:05")])
def test_one_date_format_on_every_page_in_each_language(bob, make_entry, language, shown):
    moment = timezone.make_aware(dt.datetime(2026, 12, 2, 14, 5))
    entry = make_entry("offers", occurred_at=moment, message="Dated")
    run = Run.objects.create(kind="retention", status="succeeded", started_at=moment, finished_at=moment)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(bob)
    detail = client.get(f"/journal/offers/{entry.pk}/").text
    listed = client.get("/journal/offers/?group=0").text
    run_page = client.get(f"/journal/runs/{run.pk}/").text
    run_list = client.get("/journal/runs/").text
    for page in (detail, listed, run_page, run_list):
        assert shown in page
    # No second format beside it (Django's own: "2 grudnia 2026", "Dec. 2, 2026", "12/02/2026", "02-12-2026").
    for other in ("grudnia", "Dec.", "12/02/2026", "02-12-2026"):
        assert all(other not in page for page in (detail, listed, run_page, run_list))


# --- Error pages ------------------------------------------------------------------------


def _broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", _broken_view), *project_urls]
handler500 = "eventlog.outage.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("language", "title"), [("en", "Server error"), ("pl", "Błąd serwera")])
def test_a_view_that_raises_gets_the_panels_500_in_the_readers_language(alice, language, title):
    client = Client(HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False)
    client.force_login(alice)
    response = client.get("/broken/")
    assert response.status_code == 500
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    assert f'<h1 class="h4" id="error-title">{title}</h1>' in text
    assert 'class="navbar navbar-dark bg-dark app-header"' in text  # the panel's header
    assert "alice" not in text and "a bug" not in text  # no user (no context) and no traceback


@pytest.mark.parametrize(
    ("language", "path_", "status", "title"),
    [
        ("en", "/journal/offers/999999999/", 404, "Page not found"),
        ("pl", "/journal/offers/999999999/", 404, "Nie znaleziono strony"),
        ("en", "/journal/settings/", 403, "Access denied"),
        ("pl", "/journal/settings/", 403, "Brak dostępu"),
    ],
)
def test_the_404_and_403_pages_are_in_the_panels_layout(bob, language, path_, status, title):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(bob)
    response = client.get(path_)
    assert response.status_code == status
    assert f'lang="{language}"' in response.text and title in response.text
    assert 'href="/journal/runs/"' in response.text  # the panel's navigation (base.html)


# --- XLSX opens ready to read -------------------------------------------------------------


def test_an_xlsx_export_fits_its_columns_filters_its_header_and_freezes_it(admin_client, make_entry):
    make_entry("offers", message="A message of forty characters, exactly!!", object_id="7")
    make_entry("offers", message="x" * 500, object_id="8")
    response = admin_client.get("/journal/offers/export.xlsx?group=0")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    widths = {header[i]: sheet.column_dimensions[chr(65 + i)].width for i in range(len(header))}
    assert widths["Message"] == pytest.approx(spreadsheet.XLSX_WIDTH_MAX, abs=1)  # capped
    assert widths["Date"] == pytest.approx(20, abs=1)  # "yyyy-mm-dd hh:mm:ss" and a margin
    assert widths["Entry id"] == pytest.approx(len("Entry id") + 4, abs=1)  # the header and its filter button
    last = chr(64 + len(header))
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    assert sheet.max_row == 3
    assert sheet.freeze_panes == "A2"


def test_xlsx_widths_come_from_the_first_rows_only(tmp_path):
    target = tmp_path / "sheet.xlsx"
    rows = [["short"]] * spreadsheet.XLSX_WIDTH_SAMPLE_ROWS + [["a much longer text than the rest"]]
    assert spreadsheet.write_xlsx(str(target), ["T"], rows) == len(rows)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.column_dimensions["A"].width == pytest.approx(spreadsheet.XLSX_WIDTH_MIN, abs=1)
    assert sheet.auto_filter.ref == f"A1:A{len(rows) + 1}"


# --- Filter URLs carry only the filters that are set --------------------------------------


def test_chips_and_pager_of_a_list_drop_the_empty_filters(settings, support_client, make_entry):
    settings.JOURNAL_PAGE_SIZE = 2
    for _ in range(3):
        make_entry("offers", severity="error")
    # The form sent without JavaScript: to the URL with only the filters that are set.
    response = support_client.get("/journal/offers/?date_from=&date_to=&severity=error&q=&group=0", follow=True)
    assert response.redirect_chain == [("/journal/offers/?severity=error&group=0", 302)]
    page = response.text
    chip = re.search(r'<a class="badge[^"]*filter-chip" href="([^"]*)"', page)
    assert chip is not None and chip.group(1) == "?group=0"
    older = re.search(r'rel="next" href="([^"]*)"', page)
    assert older is not None
    assert older.group(1).startswith("?severity=error&amp;group=0&amp;older=")
    jump = page[page.index('class="d-flex gap-1 align-items-center jump-form"') :]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', jump[: jump.index("</form>")])
    assert hidden == [("severity", "error"), ("group", "0")]


def test_the_run_list_reached_with_empty_filters_redirects_to_the_clean_url(support_client, db):
    Run.objects.create(kind="retention", status="succeeded")
    response = support_client.get("/journal/runs/?status=&kind=retention&sort=")
    assert response.status_code == 302 and response["Location"] == "/journal/runs/?kind=retention"
    response = support_client.get("/journal/runs/?status=&kind=")
    assert response.status_code == 302 and response["Location"] == "/journal/runs/"
    assert support_client.get("/journal/runs/?kind=retention").status_code == 200
