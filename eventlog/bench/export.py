"""Export throughput, for `journal_bench`: the project's export path against the raw writer.

The export is timed end to end as a user gets it: the filtered query through the
server-side cursor, labels for severities and event types, formula neutralisation,
local dates and XlsxWriter writing the file. The raw figure is XlsxWriter alone,
`worksheet.write_row` in `constant_memory` mode (with the same workbook options),
writing the very same rows, fetched into memory before its clock starts. The
export should reach at least 80 % of it.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable

import xlsxwriter
from django.http import QueryDict

from .. import exports, tabs


def measure_export(tab_slug: str, rows: int, progress: Callable[[str], None]) -> dict[str, float]:
    """Rows per second of the XLSX export, of raw XlsxWriter on the same rows, and of the CSV export."""
    tab = tabs.get(tab_slug)
    if tab is None:
        raise ValueError(f"unknown tab {tab_slug!r}")
    # The plain list (not "only unique messages"), newest first, as a user exports it.
    export = exports.build(tab, QueryDict("group=0"))

    with tempfile.TemporaryFile() as file:
        started = time.perf_counter()
        exported = exports.write(export, "xlsx", file, limit=rows)
        export_s = time.perf_counter() - started
    if exported < rows:
        progress(f"  the {tab_slug} tab holds only {exported:,} rows; measuring those")
    progress(f"  export to XLSX: {exported:,} rows in {export_s:.1f} s")

    with tempfile.TemporaryFile() as file:
        started = time.perf_counter()
        csv_rows = exports.write(export, "csv", file, limit=rows)
        csv_s = time.perf_counter() - started
    progress(f"  export to CSV: {csv_rows:,} rows in {csv_s:.1f} s")

    fetched = list(export.rows(limit=rows))
    with tempfile.TemporaryFile() as file:
        started = time.perf_counter()
        workbook = xlsxwriter.Workbook(
            file,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,  # raw XlsxWriter refuses aware datetimes
            },
        )
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, export.header)
        for number, values in enumerate(fetched, 1):
            sheet.write_row(number, 0, values)
        workbook.close()
        raw_s = time.perf_counter() - started
    progress(f"  raw XlsxWriter: {len(fetched):,} rows in {raw_s:.1f} s")

    return {
        "export_rows_per_s": exported / export_s,
        "xlsx_raw_rows_per_s": len(fetched) / raw_s,
        "csv_rows_per_s": csv_rows / csv_s,
    }
