"""Spreadsheets written from journal data: XLSX and CSV, row by row, safe to open.

Text from outside systems (product names, API errors, e-mails) must never become a
formula. In XLSX every text goes in as a string cell, and a text that starts like a
formula (=, +, -, @, tab, carriage return) also gets Excel's "quote prefix" style:
Excel and LibreOffice show it as text, exactly as written, and keep it text when
the cell is edited. A text of digits and arithmetic signs only (a phone number
`+48 600 700 800`, `-2`) cannot call a function or reach another cell, so it is a
plain string cell without the prefix, which LibreOffice would show as an apostrophe.
Dates are written as real dates, numbers as numbers.

CSV has no cell types, so a text is neutralised with an apostrophe (OWASP's advice)
wherever a spreadsheet may start a cell inside it, not only at its start: the file
is comma separated, but Excel on a Polish (or German, French…) Windows splits on its
list separator `;`, and a quote that is not at the start of what it reads as a field
is plain text to it, so `x;=2+3;y` would yield a cell `=2+3`. A cell may therefore
start after any `,` `;` or tab, and after a line break (a row starts there when the
quotes around the field are not honoured), with spaces and quotes before it
skipped; each such place followed by a formula character gets an apostrophe. The
price, documented in the README: such texts, phone numbers among them, show the
apostrophe in a CSV (the XLSX export shows them as written).

XlsxWriter's `constant_memory` mode writes a text that starts with "<r>" and ends
with "</r>" into the sheet's XML unescaped (it takes it for its own rich-string
markup), so such a text could smuggle in cells and formulas; it is written as a
rich string of plain fragments instead, which XlsxWriter escapes.

Both writers take rows from an iterator and keep only the current row in memory:
XlsxWriter's `constant_memory` mode flushes each row to a temporary file.

An XLSX sheet opens ready to read: its header row frozen and carrying an autofilter over
the data, each column as wide as its content (header included), measured over the first
XLSX_WIDTH_SAMPLE_ROWS rows and capped at XLSX_WIDTH_MAX characters. XlsxWriter writes the
widths and the filter when the file is closed, so a streamed sheet gets them too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.functional import Promise

#: What a cell text may not start with, or a spreadsheet may read it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The longest text one XLSX cell holds (XlsxWriter cuts longer ones).
XLSX_CELL_MAX = 32_767

#: Data rows one XLSX sheet holds (1,048,576 rows, one of them the header).
XLSX_MAX_ROWS = 1_048_575

#: Excel's serial day 0 for dates from 1900-03-01 on (Excel's 1900 leap-year bug included).
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
#: Column widths (in characters, Excel's unit) are measured over this many data rows: the rows that follow cost
#: nothing more (measuring every cell of a million-row export would slow its hot path, and a width is a hint).
XLSX_WIDTH_SAMPLE_ROWS = 1000
#: No column is wider than this (a long message wraps in the formula bar, not across the screen) ...
XLSX_WIDTH_MAX = 60
#: ... or narrower than this; a header cell gets room for its autofilter button too.
XLSX_WIDTH_MIN = 6
_FILTER_BUTTON = 3
#: How wide dates show in their formats ("yyyy-mm-dd hh:mm:ss", "yyyy-mm-dd").
_DATETIME_WIDTH, _DATE_WIDTH = 19, 10
_EXCEL_SERIAL_FROM = dt.datetime(1900, 3, 1)
_DAY = dt.timedelta(days=1)


#: Where a spreadsheet may start a cell inside a CSV text (see the module docstring): the text's start or a
#: separator / line break, then any spaces and quotes, then a formula character (looked ahead, not taken).
_CELL_START = re.compile(r'(^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])')

#: A text of digits and arithmetic signs only (`+48 600 700 800`, `-2`, `+48 *** *** 789`): no letter, so no
#: function, cell reference or DDE call, harmless even as a formula.
_ARITHMETIC_ONLY = re.compile(r"[+\-][\d\s+\-*/().,]*\d[\d\s+\-*/().,]*")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: an apostrophe before every place a spreadsheet could start a formula cell.

    `x;=2+3;y` -> `x;'=2+3;y`, `=1` -> `'=1`; values other than text are returned unchanged.
    """
    if isinstance(value, str) and _CELL_START.search(value):
        return _CELL_START.sub(r"\1\2'", value)
    return value


def _local(value: dt.datetime) -> dt.datetime:
    # Spreadsheets have no time zones: write the shop's local time, as the panel shows it.
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class XlsxSheet:
    """One worksheet written row by row; `close()` finishes the file.

    The per-cell work is the hot path of a large export, so a cell's writer is
    picked by one dict lookup on its exact type, and dates are turned into Excel
    serial numbers here (with the date format) rather than by XlsxWriter's general
    date conversion. Measured with `eventlog/bench/export.py` on 200,000 offers rows x 8
    columns (query and labels included): 6,700 rows/s, against 5,900 rows/s for raw
    XlsxWriter `write_row` on the same rows already in memory.
    """

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
        self._zone = timezone.get_current_timezone()
        self._writers: dict[type, Callable[[int, int, Any], None]] = {
            str: self._string,
            int: self.sheet.write_number,
            float: self.sheet.write_number,
            Decimal: self.sheet.write_number,
            bool: self.sheet.write_boolean,
            dt.datetime: self._datetime,
            dt.date: self._date,
        }
        self.columns = len(header)
        #: The widest content seen per column (characters), the header's with room for its filter button.
        self.widths = [len(str(label)) + _FILTER_BUTTON for label in header]
        for col, label in enumerate(header):
            self.sheet.write_string(0, col, str(label), self.bold)
        self.sheet.freeze_panes(1, 0)

    def write_row(self, values: Sequence[Any]) -> None:
        self.rows += 1
        row, writers = self.rows, self._writers
        if row <= XLSX_WIDTH_SAMPLE_ROWS:
            self._measure(values)
        for col, value in enumerate(values):
            if value is not None:
                (writers.get(type(value)) or self._writer_for(value))(row, col, value)

    def _measure(self, values: Sequence[Any]) -> None:
        widths = self.widths
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                width = _DATETIME_WIDTH
            elif isinstance(value, dt.date):
                width = _DATE_WIDTH
            elif isinstance(value, (dict, list)):
                width = len(json.dumps(value, ensure_ascii=False))
            else:
                # A text with line breaks is as wide as its longest line.
                width = max((len(line) for line in str(value).splitlines()), default=0)
            if col >= len(widths):
                widths.extend([0] * (col + 1 - len(widths)))
            if width > widths[col]:
                widths[col] = width

    def _writer_for(self, value: Any) -> Callable[[int, int, Any], None]:
        """Subclasses of the usual types, lazy translations, JSON values and the rest."""
        if isinstance(value, bool):
            return self.sheet.write_boolean
        if isinstance(value, (int, float, Decimal)):
            return self.sheet.write_number
        if isinstance(value, dt.datetime):
            return self._datetime
        if isinstance(value, dt.date):
            return self._date
        if isinstance(value, (dict, list)):
            return lambda row, col, v: self._string(row, col, json.dumps(v, ensure_ascii=False))
        return lambda row, col, v: self._string(row, col, str(v))

    def _string(self, row: int, col: int, text: str) -> None:
        if not text:
            return
        if text[0] in "=+-@\t\r":  # FORMULA_STARTS, as one test on the hot path
            if text[0] in "+-" and _ARITHMETIC_ONLY.fullmatch(text):
                self.sheet.write_string(row, col, text)  # a phone number, readable (see the module docstring)
            else:
                self.sheet.write_string(row, col, text, self.text_format)
        elif text[0] == "<" and text.startswith("<r>") and text.endswith("</r>"):
            # Three plain fragments: XlsxWriter escapes them (see the module docstring).
            self.sheet.write_rich_string(row, col, text[:1], text[1:2], text[2:])
        else:
            self.sheet.write_string(row, col, text)

    def _datetime(self, row: int, col: int, value: dt.datetime) -> None:
        if value.tzinfo is not None:
            value = value.astimezone(self._zone).replace(tzinfo=None)
        if value >= _EXCEL_SERIAL_FROM:
            self.sheet.write_number(row, col, (value - _EXCEL_EPOCH) / _DAY, self.date_format)
        else:
            self.sheet.write_datetime(row, col, value, self.date_format)

    def _date(self, row: int, col: int, value: dt.date) -> None:
        self.sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.day_format)

    def close(self) -> None:
        for col, width in enumerate(self.widths):
            # One character more than the content: Excel's own "fit" leaves that margin.
            self.sheet.set_column(col, col, min(XLSX_WIDTH_MAX, max(XLSX_WIDTH_MIN, width + 1)))
        if self.columns:
            self.sheet.autofilter(0, 0, self.rows, self.columns - 1)
        self.workbook.close()


def write_xlsx(
    target: str | IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1"
) -> int:
    """Write a one-sheet workbook to a path or binary file; returns the number of data rows."""
    sheet = XlsxSheet(target, header, title=title)
    write_row = sheet.write_row
    for values in rows:
        write_row(values)
    sheet.close()
    return sheet.rows


def _csv_cell(value: Any) -> Any:
    if isinstance(value, str):
        return csv_safe(value)
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dict, list)):
        return csv_safe(json.dumps(value, ensure_ascii=False))
    if isinstance(value, Promise):
        return csv_safe(str(value))
    return value


def write_csv(target: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write CSV (comma separated, dates ISO 8601 in local time); returns the number of data rows.

    Every text is neutralised by `csv_safe`, so no cell starts a formula whether the file is read
    with `,` or with `;` as the separator.
    """
    writer = csv.writer(target)
    writer.writerow([csv_safe(str(label)) for label in header])
    count = 0
    for values in rows:
        writer.writerow([_csv_cell(v) for v in values])
        count += 1
    return count


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    """A small workbook in memory (problem lists and tests); large exports write to a file."""
    buffer = io.BytesIO()
    write_xlsx(buffer, header, rows, title=title)
    return buffer.getvalue()
