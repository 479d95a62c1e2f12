"""Exports of a tab's filtered list to XLSX and CSV.

An export holds exactly what the list shows: the same filters (the list's own query
string), the same order (newest first) and, when "only unique messages" is on, the
same groups (count, first and latest date, then the newest record's columns). Its
columns are the tab's declared columns, with the record id in front and labels for
severities, event types and choices.

Rows are read through a server-side cursor and written one at a time (see
`spreadsheet.py`), so memory stays flat however many rows an export has. Up to
JOURNAL_EXPORT_SYNC_MAX_ROWS rows (a bounded count decides) the file is written to a
temporary file and served at once; a larger export runs as a Celery job with a `Run`
(kind "export") that writes into JOURNAL_EXPORT_DIR, a private folder whose files are
served only by the download view, to the run's creator or a shop admin, and removed
after JOURNAL_EXPORT_KEEP_DAYS days. Every export writes one "records_exported" record
into its tab: who, which filter, how many rows.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import grouping, journal, roles, runs, spreadsheet, tabs, writer
from .filters import EntryFilterSet, filterset_for
from .models import Entry, Initiator, Run, RunStatus, Severity
from .paging import Cursor

#: `Run.kind` of an export job.
KIND = runs.EXPORT.code

#: Formats and the content types they are served with.
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

#: Query parameters that choose a page of the list, not which records it holds.
PAGING_PARAMS = ("older", "newer", "at")

#: Rows per fetch of the server-side cursor: 2,000 journal rows are about 1 MB.
CHUNK_ROWS = 2000

#: Groups per query when exporting "only unique messages" (each page is one grouping query).
GROUP_PAGE = 1000

#: A running export saves its progress every this many rows (one UPDATE each).
PROGRESS_EVERY = 5000


#: The columns of a group, between the record id and its newest record's columns.
GROUP_FIELDS = (
    ("count", gettext_lazy("Count")),
    ("first", gettext_lazy("First occurrence")),
    ("latest", gettext_lazy("Latest occurrence")),
)


class InvalidFilters(ValueError):
    """The query string holds filters the list would refuse; the export refuses them too."""

    def __init__(self, errors: dict) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(map(str, e))}" for name, e in errors.items()))


@dataclass(frozen=True)
class Field:
    """One exported column: its header, what to read, and how to show the stored value."""

    label: str
    lookup: str
    convert: Callable[[Any], Any] | None = None


@dataclass
class Export:
    """What one export writes: a tab's filtered records (or groups) and their columns."""

    tab: tabs.Tab
    #: The list's query string without paging: the filter, as recorded in the journal.
    query: str
    grouped: bool
    filters: EntryFilterSet
    fields: list[Field]

    @property
    def queryset(self) -> QuerySet[Entry]:
        """The filtered records (for "only unique messages": the records the groups are made of)."""
        return self.filters.qs

    @property
    def header(self) -> list[str]:
        return [field.label for field in self.fields]

    def rows(self, limit: int | None = None) -> Iterator[Sequence[Any]]:
        """The rows, newest first; the values of a row are in the order of `fields`."""
        converters = [(i, field.convert) for i, field in enumerate(self.fields) if field.convert]
        raw_rows = self._grouped_rows(limit) if self.grouped else self._plain_rows(limit)
        if not converters:
            yield from raw_rows
            return
        for raw in raw_rows:
            row = list(raw)
            for i, convert in converters:
                row[i] = convert(row[i])
            yield row

    def _plain_rows(self, limit: int | None) -> Iterator[tuple]:
        # The list's order, so that PostgreSQL walks the tab's (tab, -occurred_at, -id)
        # index or the filter's own. Uses index: entry_tab_time (or the filter's index).
        queryset = self.queryset.order_by("-occurred_at", "-id").values_list(*(f.lookup for f in self.fields))
        if limit is not None:
            queryset = queryset[:limit]
        # A server-side cursor: CHUNK_ROWS rows in this process at a time. Outside a transaction
        # Django declares it WITH HOLD, so PostgreSQL keeps the result, and the job can save its
        # progress as it goes.
        yield from queryset.iterator(chunk_size=CHUNK_ROWS)

    def _grouped_rows(self, limit: int | None) -> Iterator[tuple]:
        # The list's own grouping, page after page (keyset on the latest date, newest id).
        entry_fields = self.fields[len(GROUP_FIELDS) + 1 :]
        older, written = None, 0
        while True:
            page = grouping.grouped_page(self.filters.qs, older=older, size=GROUP_PAGE)
            for group in page.rows:
                entry = group.entry
                yield (
                    entry.pk,
                    group.count,
                    group.first,
                    group.latest,
                    *(_value(entry, f.lookup) for f in entry_fields),
                )
                written += 1
                if limit is not None and written >= limit:
                    return
            if not page.older:
                return
            older = Cursor.decode(page.older)


def _value(entry: Entry, lookup: str) -> Any:
    """A `values_list` lookup (`data__key__sub` included) read from a model instance."""
    name, *path = lookup.split("__")
    value = getattr(entry, name)
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def filter_query(query: QueryDict) -> QueryDict:
    """The list's query string without its paging: which records, not which page of them."""
    query = query.copy()
    for name in PAGING_PARAMS:
        query.pop(name, None)
    return query


def build(tab: tabs.Tab, query: QueryDict) -> Export:
    """The export of what `tab`'s list shows for `query`; raises InvalidFilters like the list's 400."""
    query = filter_query(query)
    filters = filterset_for(tab)(query or None, queryset=journal.tab_entries(tab))
    if filters.is_bound and not filters.is_valid():
        raise InvalidFilters(filters.errors)
    grouped = grouping.requested(query, filters)
    return Export(tab, query.urlencode(), grouped, filters, _fields(tab, grouped))


def _fields(tab: tabs.Tab, grouped: bool) -> list[Field]:
    # Labels in the active language: the request's, or the one a job was started in.
    fields = [Field(_("Record id"), "id")]
    if grouped:
        fields += [Field(str(label), lookup) for lookup, label in GROUP_FIELDS]
    for column in tab.columns:
        if grouped and column.kind == "date":
            continue  # the group's latest occurrence is its newest record's date
        fields += _column_fields(tab, column)
    return fields


def _labelled(labels: dict[str, str]) -> Callable[[Any], Any]:
    return lambda value: labels.get(value, value)


def _column_fields(tab: tabs.Tab, column: tabs.Column) -> list[Field]:
    label = str(column.label)
    match column.kind:
        case "counts":
            # One number per count, so that a spreadsheet can sum them.
            return [Field(f"{label}: {part}", f"{column.accessor}__{key}") for key, part in column.parts]
        case "severity":
            return [Field(label, column.accessor, _labelled({k: str(v) for k, v in Severity.choices}))]
        case "event":
            codes = [*tab.event_types, *tabs.BUILTIN_EVENT_TYPES]
            return [Field(label, column.accessor, _labelled({c: str(tab.event_label(c)) for c in codes}))]
        case "choice":
            choices = Entry._meta.get_field(column.key).choices or []
            return [Field(label, column.accessor, _labelled({k: str(v) for k, v in choices}))]
        case "size":
            return [Field(f"{label} (B)", column.accessor)]  # bytes, a number, where the list shows "1.2 MB"
        case _:
            # Dates stay datetimes and data values keep their JSON type: the writers make them cells.
            return [Field(label, column.accessor)]


def is_large(export: Export) -> bool:
    """More rows than a request writes itself? A bounded count: at most the limit + 1 index entries."""
    limit = settings.JOURNAL_EXPORT_SYNC_MAX_ROWS
    return export.queryset.order_by().values("pk")[: limit + 1].count() > limit


def _sheet_title(tab: tabs.Tab) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(tab.title))[:31] or "Sheet1"


def write(
    export: Export,
    fmt: str,
    target: IO[bytes],
    *,
    limit: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the export as `fmt` ("xlsx" or "csv") into a binary file; returns the number of rows."""
    if fmt == "xlsx":
        limit = min(limit, spreadsheet.XLSX_MAX_ROWS) if limit is not None else spreadsheet.XLSX_MAX_ROWS
    rows = export.rows(limit)
    if progress is not None:
        rows = _reporting(rows, progress)
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


def _reporting(rows: Iterator[Sequence[Any]], progress: Callable[[int], None]) -> Iterator[Sequence[Any]]:
    for done, row in enumerate(rows, 1):
        yield row
        if done % PROGRESS_EVERY == 0:
            progress(done)


def record(
    export: Export, fmt: str, rows: int, user: AbstractBaseUser | AnonymousUser | None, run: Run | None = None
) -> Entry:
    """The export's own journal record, in its tab (like a deletion's, see actions.py)."""
    who = user.get_username() if user is not None else ""
    # Journal messages are stored once, so in the shop's language, like every other record.
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Records exported to %(format)s: %(count)s (user %(user)s).") % {
            "format": fmt.upper(),
            "count": formats.number_format(rows, force_grouping=True),
            "user": who,
        }
    return writer.record(
        tab=export.tab.slug, severity=Severity.INFO, event_type="records_exported", initiator=Initiator.MANUAL,
        actor=who, message=message, run=run,
        data={"query": export.query, "format": fmt, "rows": rows, "grouped": export.grouped},
    )  # fmt: skip


def download_name(tab_slug: str, fmt: str, when: dt.datetime | None = None) -> str:
    return f"{tab_slug}-{timezone.localtime(when or timezone.now()):%Y-%m-%d-%H%M}.{fmt}"


def export_now(export: Export, fmt: str, user: AbstractBaseUser) -> tuple[IO[bytes], str]:
    """Write a small export to an anonymous temporary file (gone once closed) and record it.

    Returns the file, rewound, and the name to download it as.
    """
    file = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    try:
        rows = write(export, fmt, file)
        record(export, fmt, rows, user)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file, download_name(export.tab.slug, fmt)


def start_job(export: Export, fmt: str, user: AbstractBaseUser) -> Run:
    """A large export: a run, and its Celery job queued once the run is committed."""
    from .tasks import export_entries

    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    run = Run.objects.create(
        kind=KIND,
        tab=export.tab.slug,
        params={"query": export.query, "format": fmt, "language": translation.get_language()},
        created_by=user,
    )
    transaction.on_commit(lambda: export_entries.delay(run.pk))
    return run


def export_dir() -> Path:
    return Path(settings.JOURNAL_EXPORT_DIR)


def file_of(run: Run) -> Path:
    """Where an export run's file is (the format comes from our own params, checked)."""
    fmt = run.params.get("format")
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    return export_dir() / f"export-{run.pk}.{fmt}"


def run_job(run_id: int) -> Run | None:
    """The body of the export task: write the run's file, then record the export.

    Safe to run twice: a finished run is left alone, and a run whose worker died is
    written again from the start (into a new temporary file, renamed at the end).
    """
    claimed = Run.objects.filter(pk=run_id, kind=KIND, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress_done=0
    )
    if not claimed:
        return None
    run = Run.objects.select_related("created_by").get(pk=run_id)
    part: Path | None = None
    try:
        tab = tabs.get(run.tab)
        if tab is None:
            raise ValueError(f"unknown tab {run.tab!r}")
        fmt, final = run.params.get("format"), file_of(run)
        with translation.override(run.params.get("language") or settings.LANGUAGE_CODE):
            export = build(tab, QueryDict(run.params.get("query", "")))
            limit = spreadsheet.XLSX_MAX_ROWS if fmt == "xlsx" else None
            # An exact total for the progress bar: one count, in the worker, not the web process.
            total = None if export.grouped else export.queryset.order_by().count()
            run.progress_total = min(total, limit) if total is not None and limit is not None else total
            Run.objects.filter(pk=run.pk).update(progress_total=run.progress_total)

            def progress(done: int) -> None:
                Run.objects.filter(pk=run.pk).update(progress_done=done)

            export_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=export_dir(), prefix=f"export-{run.pk}-", suffix=".part", delete=False
            ) as out:
                part = Path(out.name)
                rows = write(export, fmt, out, limit=limit, progress=progress)
            os.replace(part, final)
            part = None
            entry = record(export, fmt, rows, run.created_by, run=run)
            summary = entry.message
            if total is not None and limit is not None and total > limit:
                with translation.override(settings.LANGUAGE_CODE):
                    summary += " " + _("XLSX holds at most %(limit)s rows: export to CSV to get them all.") % {
                        "limit": formats.number_format(limit, force_grouping=True)
                    }
        run.status, run.finished_at, run.summary = RunStatus.SUCCEEDED, timezone.now(), summary
        run.progress_done = rows
        run.progress_total = run.progress_total if run.progress_total is not None else rows
    except Exception as exc:
        if part is not None:
            part.unlink(missing_ok=True)
        run.status, run.finished_at, run.summary = RunStatus.FAILED, timezone.now(), f"{type(exc).__name__}: {exc}"
        run.save(update_fields=["status", "finished_at", "summary"])
        raise
    run.save(update_fields=["status", "finished_at", "summary", "progress_done", "progress_total"])
    return run


def open_file(run: Run) -> tuple[IO[bytes], str, str]:
    """A finished export's file, the name to download it as and its content type.

    Raises FileNotFoundError while the run is not done, and once the file was removed.
    """
    if run.kind != KIND or run.status != RunStatus.SUCCEEDED:
        raise FileNotFoundError(f"export run {run.pk} has no file")
    fmt = run.params["format"]
    return file_of(run).open("rb"), download_name(run.tab, fmt, run.finished_at), CONTENT_TYPES[fmt]


def may_download(user: AbstractBaseUser | AnonymousUser, run: Run) -> bool:
    """An export's file is for whoever started it, and for shop admins."""
    if run.kind != KIND or not user.has_perm("eventlog.export_entry"):
        return False
    return run.created_by_id == user.pk or user.is_superuser or user.groups.filter(name=roles.SHOP_ADMIN).exists()


@dataclass
class ExportStatus:
    """What the run page shows about an export run."""

    run: Run
    format: str
    may_download: bool
    #: Size in bytes of the finished file, None while running or once removed.
    size: int | None

    @property
    def pending(self) -> bool:
        return self.run.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def removed(self) -> bool:
        return self.run.status == RunStatus.SUCCEEDED and self.size is None


def status_of(run: Run, user: AbstractBaseUser | AnonymousUser) -> ExportStatus | None:
    """The export part of a run page (None for other kinds of run)."""
    if run.kind != KIND:
        return None
    size = None
    if run.status == RunStatus.SUCCEEDED:
        try:
            size = file_of(run).stat().st_size
        except (OSError, ValueError):
            size = None
    return ExportStatus(run, str(run.params.get("format", "")), may_download(user, run), size)


def remove_old_files(now: dt.datetime | None = None) -> int:
    """Beat, daily: export files (and parts a dead worker left) older than the keep days go."""
    cutoff = (now or timezone.now()).timestamp() - settings.JOURNAL_EXPORT_KEEP_DAYS * 86400
    removed = 0
    if not export_dir().is_dir():
        return 0
    for path in export_dir().iterdir():
        if path.is_file() and path.name.startswith("export-") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
