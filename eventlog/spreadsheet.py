"""Spreadsheets written from journal data: XLSX and CSV, row by row, safe to open.

Text from outside systems (product names, API errors, e-mails) must never become a
formula. In XLSX every text goes in as a string cell, and a text that starts like a
formula (=, +, -, @, tab, carriage return) also gets Excel's "quote prefix" style:
Excel and LibreOffice show it as text, exactly as written, and keep it text when
the cell is edited. CSV has no cell types, so such a text is prefixed with an
apostrophe (OWASP's advice). Dates are written as real dates, numbers as numbers.

Both writers take rows from an iterator and keep only the current row in memory:
XlsxWriter's `constant_memory` mode flushes each row to a temporary file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

#: What a cell text may not start with, or a spreadsheet may read it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The longest text one XLSX cell holds.
XLSX_CELL_MAX = 32_767


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: text that could be read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: write the shop's local time, as the panel shows it.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class XlsxSheet:
    """One worksheet written row by row; `close()` finishes the file."""

    def __init__(self, target: str | IO[bytes], header: Sequence[str], *, title: str = "Sheet1") -> None:
        self.workbook = xlsxwriter.Workbook(
            target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        self.sheet = self.workbook.add_worksheet(title[:31])
        self.bold = self.workbook.add_format({"bold": True})
        self.text_format = self.workbook.add_format({"quote_prefix": True})
        self.date_format = self.workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.day_format = self.workbook.add_format({"num_format": "yyyy-mm-dd"})
        self.rows = 0
        for col, label in enumerate(header):
            self.sheet.write_string(0, col, str(label), self.bold)
        self.sheet.freeze_panes(1, 0)

    def write_row(self, values: Sequence[Any]) -> None:
        self.rows += 1
        row, sheet = self.rows, self.sheet
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float, Decimal)):
                sheet.write_number(row, col, value)
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(row, col, _local(value), self.date_format)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.day_format)
            else:
                text = str(value)[:XLSX_CELL_MAX]
                if looks_like_formula(text):
                    sheet.write_string(row, col, text, self.text_format)
                else:
                    sheet.write_string(row, col, text)

    def close(self) -> None:
        self.workbook.close()


def write_xlsx(
    target: str | IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> int:
    """Write a one-sheet workbook to a path or binary file; returns the number of data rows."""
    sheet = XlsxSheet(target, header, title=title)
    for values in rows:
        sheet.write_row(values)
    sheet.close()
    return sheet.rows


def write_csv(target: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write CSV (comma separated, dates ISO 8601 in local time); returns the number of data rows."""
    writer = csv.writer(target)
    writer.writerow(header)
    count = 0
    for values in rows:
        writer.writerow(
            [
                _local(v).isoformat(sep=" ", timespec="seconds") if isinstance(v, dt.datetime) else csv_safe(v)
                for v in values
            ]
        )
        count += 1
    return count


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    """A small workbook in memory (problem lists and tests); large exports write to a file."""
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows, title=title)
    return buffer.getvalue()
