"""A CSV export holds no formula cell whichever separator the spreadsheet splits on, and phone numbers stay readable.

Excel on a Polish Windows opens a CSV with its list separator `;`, and a quote that is not at the start of what it
reads as a field is text to it: `x;=2+3;y` exported with only the start of each field guarded gave a cell `=2+3`
there. The csv module reads the file the same way with `delimiter=";"`.
"""

import csv
import io
import re

import openpyxl
import pytest

from tests.hostile_corpus import FORMULAS, fit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A cell that is a number (the entry id, a size): a spreadsheet reads it as one, never as a formula.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def export(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("separator", [",", ";"], ids=["comma", "semicolon"])
def test_no_cell_starts_like_a_formula_whichever_separator_the_spreadsheet_uses(admin_client, make_entry, separator):
    for text in FORMULAS:
        make_entry("email", severity="error", message=text, object_id=fit(text, 128), data={"subject": text})
        make_entry("custom-events", message=text, data={"scenario_name": text, "event_name": f"a;{text}"})

    for tab in ("email", "custom-events"):
        text = export(admin_client, f"/journal/{tab}/export.csv").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        formulas = [c for row in rows for c in row if c.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(c)]
        assert formulas == [], (tab, separator)
        assert len(rows) > len(FORMULAS)  # every entry was read


def test_read_with_commas_every_text_is_whole_with_an_apostrophe_where_a_cell_could_start(admin_client, make_entry):
    make_entry("sms", message="x;=2+3;y", object_id="+48 600 700 800")
    make_entry("sms", message="Zwykły SMS, bez formuły; koniec", object_id="600700800")

    text = export(admin_client, "/journal/sms/export.csv?group=0").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))

    header = rows[0]
    by_message = {row[header.index("Text")]: row for row in rows[1:]}
    assert set(by_message) == {"x;'=2+3;y", "Zwykły SMS, bez formuły; koniec"}
    # The trade-off of CSV (README): a phone number shows the apostrophe that keeps Excel from computing it.
    assert by_message["x;'=2+3;y"][header.index("Recipient")] == "'+48 600 700 800"
    assert by_message["Zwykły SMS, bez formuły; koniec"][header.index("Recipient")] == "600700800"


def test_phone_numbers_are_plain_text_cells_in_xlsx_and_formulas_keep_their_guard(admin_client, make_entry):
    make_entry("sms", message="-2", object_id="+48 600 700 800")
    make_entry("sms", message="=1+1", object_id="+48600700801")

    sheet = openpyxl.load_workbook(io.BytesIO(export(admin_client, "/journal/sms/export.xlsx?group=0"))).active
    header, *rows = list(sheet.iter_rows())
    labels = [c.value for c in header]
    recipient, text = labels.index("Recipient"), labels.index("Text")
    cells_by_phone = {row[recipient].value: row for row in rows}

    assert set(cells_by_phone) == {"+48 600 700 800", "+48600700801"}  # as typed: no apostrophe
    for row in cells_by_phone.values():
        assert row[recipient].data_type == "s" and not row[recipient].quotePrefix
    assert cells_by_phone["+48 600 700 800"][text].value == "-2"
    assert not cells_by_phone["+48 600 700 800"][text].quotePrefix
    formula = cells_by_phone["+48600700801"][text]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=1+1", "s", True)
