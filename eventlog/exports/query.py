"""What an export holds: a tab's filtered entries (or groups), their columns and rows.

An export holds exactly what the list shows: the same filters (the list's own query
string), the same order (newest first) and, when "only unique messages" is on, the
same groups (count, first and latest date, then the newest entry's columns). Its
columns are the tab's declared columns, with the entry id in front and labels for
severities, event types and choices. Personal columns (customers' e-mails and phones)
are masked unless the export is for a reader with `eventlog.view_personal_data`
(`build(user=…)`, `export_now`; a job passes the user who started its run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import grouping, journal, messages, personal, tabs
from ..filters import EntryFilterSet, filterset_for
from ..models import Entry, Severity
from ..paging import POSITION_PARAMS, Cursor, first, older_than

#: A plain export's order: the lists'.
NEWEST_FIRST = ("-occurred_at", "-id")
#: Rows per query of a plain export: 2,000 journal rows are about 1 MB.
CHUNK_ROWS = 2000

#: Groups per query when exporting "only unique messages" (each page is one grouping query).
GROUP_PAGE = 1000

#: The columns of a group, between the entry id and its newest entry's columns.
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
    #: Called with the value, then the values of `reads`, in that order.
    convert: Callable[..., Any] | None = None
    #: Other lookups `convert` needs (a message's code and parameters).
    reads: tuple[str, ...] = ()
    #: Customers' e-mails or phones (a personal column): masked unless the export may show them.
    personal: bool = False
    #: Text that may name a customer (the message of a tab about customers): e-mail addresses
    #: in it are masked unless the export may show them (an SMTP reply quotes the recipient).
    scrub: bool = False


@dataclass
class Export:
    """What one export writes: a tab's filtered entries (or groups) and their columns."""

    tab: tabs.Tab
    #: The list's query string without paging: the filter, as recorded in the journal.
    query: str
    grouped: bool
    filters: EntryFilterSet
    fields: list[Field]
    #: Whether personal columns are written in full (the reader has `eventlog.view_personal_data`).
    show_personal: bool = False

    @property
    def queryset(self) -> QuerySet[Entry]:
        """The filtered entries (for "only unique messages": the entries the groups are made of)."""
        return self.filters.qs

    @property
    def header(self) -> list[str]:
        return [field.label for field in self.fields]

    @property
    def lookups(self) -> list[str]:
        """What each row reads: the fields' lookups, then what their converters read besides."""
        lookups = [field.lookup for field in self.fields]
        return lookups + [read for field in self.fields for read in field.reads]

    def rows(self, limit: int | None = None) -> Iterator[Sequence[Any]]:
        """The rows, newest first; the values of a row are in the order of `fields`."""
        width, extra = len(self.fields), len(self.fields)
        converters = []
        for i, field in enumerate(self.fields):
            if field.convert:
                converters.append((i, field.convert, range(extra, extra + len(field.reads))))
                extra += len(field.reads)
        masked = [] if self.show_personal else [i for i, field in enumerate(self.fields) if field.personal]
        scrubbed = [] if self.show_personal else [i for i, field in enumerate(self.fields) if field.scrub]
        raw_rows = self._grouped_rows(limit) if self.grouped else self._plain_rows(limit)
        if not converters and not masked and not scrubbed:
            yield from raw_rows
            return
        for raw in raw_rows:
            row = list(raw)
            for i, convert, reads in converters:
                row[i] = convert(row[i], *(raw[j] for j in reads))
            for i in masked:
                row[i] = personal.mask(row[i])
            for i in scrubbed:
                if isinstance(row[i], str):
                    row[i] = personal.scrub(row[i])
            yield row[:width]

    def _plain_rows(self, limit: int | None) -> Iterator[tuple]:
        # CHUNK_ROWS rows at a time, each chunk its own short query continuing by keyset on
        # the list's order (time, id), so PostgreSQL walks the tab's (tab, -occurred_at, -id)
        # index or the filter's own from where the last chunk ended. Uses index: entry_tab_time
        # (or the filter's index). No query stays open while the job saves its progress: on
        # SQLite (`make run`) an open read would stop that write with "database is locked".
        width = len(self.lookups)
        queryset = self.queryset.values_list(*self.lookups, "occurred_at", "id")
        after: Cursor | None = None
        left = limit
        while left is None or left > 0:
            size = CHUNK_ROWS if left is None else min(CHUNK_ROWS, left)
            position = None if after is None else older_than(after)
            chunk = first(queryset, NEWEST_FIRST, size, position=position, search_scope=self.filters.search_scope)
            for row in chunk:
                yield row[:width]
            if len(chunk) < size:
                return
            after = Cursor(chunk[-1][-2], chunk[-1][-1])
            if left is not None:
                left -= len(chunk)

    def _grouped_rows(self, limit: int | None) -> Iterator[tuple]:
        # The list's own grouping, page after page (keyset on the latest date, newest id).
        entry_lookups = self.lookups[len(GROUP_FIELDS) + 1 :]
        older, written = None, 0
        while True:
            page = grouping.grouped_page(self.filters, older=older, size=GROUP_PAGE)
            for group in page.rows:
                entry = group.entry
                yield (
                    entry.pk,
                    group.count,
                    group.first,
                    group.latest,
                    *(_value(entry, lookup) for lookup in entry_lookups),
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
    """The list's query string without its paging: which entries, not which page of them."""
    query = query.copy()
    for name in POSITION_PARAMS:
        query.pop(name, None)
    return query


def build(tab: tabs.Tab, query: QueryDict, *, user: Any = None) -> Export:
    """The export of what `tab`'s list shows for `query`; raises InvalidFilters like the list's 400.

    `user` is who reads it: personal columns are masked unless they may see them (no user: masked).
    """
    query = filter_query(query)
    filters = filterset_for(tab)(query or None, queryset=journal.tab_entries(tab))
    if filters.is_bound and not filters.is_valid():
        raise InvalidFilters(filters.errors)
    grouped = grouping.requested(query, filters)
    return Export(
        tab, query.urlencode(), grouped, filters, _fields(tab, grouped), show_personal=personal.can_see_personal(user)
    )


def _fields(tab: tabs.Tab, grouped: bool) -> list[Field]:
    # Labels in the active language: the request's, or the one a job was started in.
    fields = [Field(_("Entry id"), "id")]
    if grouped:
        fields += [Field(str(label), lookup) for lookup, label in GROUP_FIELDS]
    for column in tab.columns:
        if column.kind == "details" or (grouped and column.kind == "date"):
            continue  # a link, not a value; a group's latest occurrence is its newest entry's date
        scrub = tab.has_personal and column.kind == "message"
        fields += [replace(field, personal=column.personal, scrub=scrub) for field in _column_fields(tab, column)]
    return fields


def _message(written: str, code: str, params: dict[str, Any] | None) -> str:
    return messages.render(code, params, written)


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
        case "choice" if column.key == "service":
            # Services are declared by the tabs, not a choice list of the field.
            return [Field(label, column.accessor, _labelled({c: str(tab.service_label(c)) for c in tab.service_codes}))]
        case "choice":
            choices = getattr(Entry._meta.get_field(column.key), "choices", None) or []
            return [Field(label, column.accessor, _labelled({k: str(v) for k, v in choices}))]
        case "message" if column.key == "message":
            # In the language of whoever exports (or started the job), like the list.
            return [Field(label, "message", _message, ("message_code", "message_params"))]
        case "size":
            return [Field(f"{label} (B)", column.accessor)]  # bytes, a number, where the list shows "1.2 MB"
        case _:
            # Dates stay datetimes and data values keep their JSON type: the writers make them cells.
            return [Field(label, column.accessor)]


def is_large(export: Export) -> bool:
    """More rows than a request writes itself? A bounded count: at most the limit + 1 index entries."""
    limit = settings.JOURNAL_EXPORT_SYNC_MAX_ROWS
    return export.queryset.order_by().values("pk")[: limit + 1].count() > limit
