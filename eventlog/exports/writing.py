"""Writing an export into a file (XLSX or CSV), and its entry in the journal.

Rows are read through a server-side cursor and written one at a time (see
`spreadsheet.py`), so memory stays flat however many rows an export has. Up to
JOURNAL_EXPORT_SYNC_MAX_ROWS rows the file is written to a temporary file and served
at once (`export_now`); a larger export runs as a job (`job.py`). Every export writes
one "records_exported" entry into its tab: who, which filter, how many rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from .. import messages, personal, spreadsheet, tabs, writer
from ..models import Entry, Initiator, Run, Severity
from .query import Export

#: Formats and the content types they are served with.
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _sheet_title(tab: tabs.Tab) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(tab.title))[:31] or "Sheet1"


def write(
    export: Export,
    fmt: str,
    target: IO[bytes],
    *,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> int:
    """Write the export as `fmt` ("xlsx" or "csv") into a binary file; returns the number of rows.

    `progress(rows written)` is called every `progress_every` rows (a job saves its
    progress and checks for an abort there).
    """
    if fmt == "xlsx":
        limit = min(limit, spreadsheet.XLSX_MAX_ROWS) if limit is not None else spreadsheet.XLSX_MAX_ROWS
    rows = export.rows(limit)
    if progress is not None:
        rows = _reporting(rows, progress, progress_every)
    if fmt == "xlsx":
        return spreadsheet.write_xlsx(target, export.header, rows, title=_sheet_title(export.tab))
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    # UTF-8 with a byte order mark: Excel then opens Polish characters right.
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    try:
        return spreadsheet.write_csv(text, export.header, rows)
    finally:
        text.flush()
        text.detach()


def _reporting(rows: Iterator[Sequence[Any]], progress: Callable[[int], None], every: int) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows, 1):
        yield row
        if done % every == 0:
            progress(done)


def record(export: Export, fmt: str, rows: int, user: User | AnonymousUser | None, run: Run | None = None) -> Entry:
    """The export's own journal entry, in its tab (like a deletion's, see actions.py)."""
    who = user.get_username() if user is not None else ""
    message = messages.Message(messages.ENTRIES_EXPORTED, {"format": fmt.upper(), "count": rows, "user": who})
    return writer.record(
        tab=export.tab.slug, severity=Severity.INFO, event_type="records_exported", initiator=Initiator.MANUAL,
        actor=who, message=message, run=run,
        data={"query": _filters_only(export), "format": fmt, "rows": rows, "grouped": export.grouped},
    )  # fmt: skip


def _filters_only(export: Export) -> str:
    """The export's query string as the list read it: its filters (validated by the filter form), and
    `group` as the choice it made ("1" or "0"). Any other key, or a `group` of 40,000 characters, would
    make the entry's data larger than the writer takes (JOURNAL_DATA_MAX_BYTES), and the export a 500."""
    from django.http import QueryDict

    from ..filters import filterset_for

    known = set(filterset_for(export.tab).base_filters)
    query = QueryDict(export.query, mutable=True)
    for name in [name for name in query if name not in known]:
        del query[name]
    if "group" in QueryDict(export.query):
        query["group"] = "1" if export.grouped else "0"
    return query.urlencode()


def download_name(tab_slug: str, fmt: str, when: dt.datetime | None = None) -> str:
    return f"{tab_slug}-{timezone.localtime(when or timezone.now()):%Y-%m-%d-%H%M}.{fmt}"


def export_now(export: Export, fmt: str, user: User | AnonymousUser) -> tuple[IO[bytes], str]:
    """Write a small export to an anonymous temporary file (gone once closed) and record it.

    Returns the file, rewound, and the name to download it as. `user` downloads it: personal
    columns are masked unless they may see them.
    """
    export.show_personal = personal.can_see_personal(user)
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    try:
        rows = write(export, fmt, file)
        record(export, fmt, rows, user)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file, download_name(export.tab.slug, fmt)
