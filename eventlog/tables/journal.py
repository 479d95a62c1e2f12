"""A tab's list as a django-tables2 Table, built from the tab's declared columns (one
Table class per tab, cached like `filterset_for`).

A tab's list shows one keyset page (paging.py): its table never paginates, counts
or sorts (every other order would need its own index). Rendering stays cheap on the
library's own terms:

- each column kind is a `JournalColumn` subclass whose `render(value, record)` is the
  one cell renderer, plain Python, no template per cell;
- django-tables2's `BoundRow.get_cell` resolves the accessor, looks for
  `get_FOO_display` and calls `render` through `call_with_appropriate`, which runs
  `inspect.signature` for every cell. A journal column's signature is known, so the
  table's rows (`JournalRow`) call it directly;
- the project's table template (`DJANGO_TABLES2_TEMPLATE`) takes each column's `<td>`
  attributes computed once per table (`td_html`), not `BoundColumn.attrs` per cell.

The offers page of 50 rows (`journal_bench`'s render_p50_ms, no database): 23 ms with
django-tables2's rows and template, 16 ms with its rows and this template, 7.5 ms as
here, 7.6 ms for the hand-written renderer this replaced (cProfile: what is left is
Django's template engine and escaping).

Text from outside (messages, object ids, account names, data fields) is isolated
(`<bdi>`, or `dir="auto"` on the element that holds it), so that a right-to-left
override in it (`\u202eevil.exe`) cannot reorder the text around it.

On a phone the date, severity and message stay in view: the other columns are
hidden below md and shown as one compact line under the message instead.

Columns declared `personal` (customers' e-mails, phones) are masked, as plain text
with no search link, unless the table's request comes from a reader with
`eventlog.view_personal_data` (a table with no request masks them).
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable, Iterator
from functools import cache, cached_property
from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import AttributeDict

from .. import personal
from ..tabs import Column, Tab
from .base import (
    EMPTY,
    WIDE_ONLY,
    DziennikTable,
    HiddenHeaderColumn,
    cell_attrs,
    isolated,
    message_text,
    severity_icon,
    short_datetime,
    truncated,
    url_maker,
)

MESSAGE_CHARS = 160


class JournalColumn(tables.Column):
    """A column of a tab's list, from its declaration: `render(value, record)` renders a cell.

    `value_of(record)` reads the value (an `Entry` field, or `data.<key>`), so the
    rows can call `render` without django-tables2's per-cell lookups.
    """

    #: Classes of the column's cells, for the stylesheet.
    css = ""

    def __init__(self, column: Column, *, wide_only: bool = False) -> None:
        self.declared = column
        super().__init__(
            verbose_name=column.label,
            accessor=column.accessor,
            orderable=False,
            empty_values=(),  # every renderer says "—" itself
            attrs=cell_attrs(self.css, WIDE_ONLY if wide_only else ""),
        )
        if column.key.startswith("data."):
            key = column.key.removeprefix("data.")
            self.value_of: Callable[[Any], Any] = lambda record: (record.data or {}).get(key)
        else:
            self.value_of = operator.attrgetter(column.key)

    def __deepcopy__(self, memo: dict) -> JournalColumn:
        # A table copies its columns per instance; a journal column's parts (its
        # declaration, its tab) are never changed, and copying them deeply was a tenth
        # of a list's render.
        return copy.copy(self)

    def prepare(self, table: JournalTable) -> None:
        """Called once per table, before any cell: per-request state such as URLs."""

    def render(self, value: Any, record: Any) -> SafeString | str:
        return EMPTY if value in (None, "") else isolated(value)


class DateColumn(JournalColumn):
    def prepare(self, table: JournalTable) -> None:
        self.url = url_maker("eventlog:detail", table.tab.slug)

    def render(self, value: Any, record: Any) -> SafeString:
        return format_html('<a href="{}" class="text-nowrap">{}</a>', self.url(record.pk), short_datetime(value))


class SeverityColumn(JournalColumn):
    css = "col-severity"

    def render(self, value: str, record: Any) -> SafeString:
        return severity_icon(value, record.get_severity_display())


class EventColumn(JournalColumn):
    def __init__(self, column: Column, tab: Tab, **kwargs: Any) -> None:
        super().__init__(column, **kwargs)
        self.tab = tab

    def render(self, value: str, record: Any) -> str:
        return str(self.tab.event_label(value))


class MessageColumn(JournalColumn):
    css = "col-message"

    def render(self, value: Any, record: Any) -> SafeString:
        text = message_text(record) if self.declared.key == "message" else str(value or "")
        count = getattr(record, "count", 1)
        badge = ""
        if count > 1:
            # A group (see grouping.py): how many entries, since when.
            first = short_datetime(record.first)
            title = _("%(count)s entries, the first on %(date)s") % {"count": count, "date": first}
            badge = format_html(
                ' <span class="badge text-bg-secondary" title="{}">×{}</span>'
                ' <span class="small text-body-secondary text-nowrap">{} {}</span>',
                title, count, _("since"), first,
            )  # fmt: skip
        return format_html(
            '<bdi><span title="{}">{}</span></bdi>{}', truncated(text, 1000), truncated(text, MESSAGE_CHARS), badge
        )


class ObjectColumn(JournalColumn):
    def prepare(self, table: JournalTable) -> None:
        self.search = reverse("eventlog:search") + "?"

    def render(self, value: str, record: Any) -> SafeString | str:
        if not value:
            return EMPTY
        return format_html(
            '<bdi><a href="{}" class="text-break">{}</a></bdi>', self.search + urlencode({"q": value}), value
        )


class DetailsColumn(JournalColumn):
    """The eye icon linking to the entry's page."""

    def prepare(self, table: JournalTable) -> None:
        self.url = url_maker("eventlog:detail", table.tab.slug)
        self.label_text = _("Details")

    def render(self, value: Any, record: Any) -> SafeString:
        return format_html(
            '<a href="{}" class="text-nowrap" title="{}"><i class="bi bi-eye" aria-hidden="true"></i>'
            '<span class="visually-hidden">{}</span></a>',
            self.url(record.pk), self.label_text, self.label_text,
        )  # fmt: skip


class ChoiceColumn(JournalColumn):
    def render(self, value: Any, record: Any) -> str:
        return getattr(record, f"get_{self.declared.key}_display")() if value else EMPTY


class SizeColumn(JournalColumn):
    def render(self, value: Any, record: Any) -> str:
        return filesizeformat(value) if value is not None else EMPTY


class CountsColumn(JournalColumn):
    def render(self, value: Any, record: Any) -> SafeString | str:
        data = record.data or {}
        shown = [(label, data[key]) for key, label in self.declared.parts if key in data]
        if not shown:
            return EMPTY
        return format_html_join(" · ", "{} <strong>{}</strong>", shown)


class SelectColumn(HiddenHeaderColumn):
    """The checkbox of an entry a shop admin may delete (tabs with `deletable`)."""

    def __init__(self) -> None:
        super().__init__(gettext_lazy("Select"), accessor="pk")

    def value_of(self, record: Any) -> Any:
        return record.pk

    @property
    def header(self) -> SafeString:
        # The column's name for screen readers, and "select all on this page": static/js/select_all.js
        # ticks the page's boxes (the box stays hidden until the script runs).
        return format_html(
            '<span class="visually-hidden">{}</span>'
            '<input type="checkbox" class="form-check-input" data-select-all hidden aria-label="{}">',
            self.label, _("Select all on this page"),
        )  # fmt: skip

    def render(self, value: Any, record: Any) -> SafeString | str:
        if not getattr(record, "may_delete", True):
            return ""  # the tab keeps it (see TabListView.get_queryset)
        return format_html(
            '<input type="checkbox" name="ids" value="{}" class="form-check-input" aria-label="{}">', value, _("Select")
        )


_KINDS: dict[str, type[JournalColumn]] = {
    "date": DateColumn,
    "severity": SeverityColumn,
    "message": MessageColumn,
    "object": ObjectColumn,
    "choice": ChoiceColumn,
    "size": SizeColumn,
    "counts": CountsColumn,
    "details": DetailsColumn,
}

#: Kinds that stay in view on a phone; the others move under the message.
PRIMARY_KINDS = ("date", "severity", "message", "details")


class JournalRow(BoundRow):
    """A row of a tab's list: cells rendered by their columns' known `render(value, record)`."""

    @property
    def attrs(self) -> AttributeDict:
        return AttributeDict({"class": f"severity-row-{self.record.severity}"})

    def items(self) -> Iterator[tuple[Any, Any]]:
        table = self._table
        record = self.record
        masked = table.masked_cells
        if masked:
            scrubbed = table.scrubbed_cells
            cells = [
                (isolated(personal.mask(column.value_of(record))) or EMPTY)
                if i in masked
                else mark_safe(personal.scrub(str(column.render(column.value_of(record), record))))
                if i in scrubbed
                else column.render(column.value_of(record), record)
                for i, (_bound, column) in enumerate(table.cell_columns)
            ]
        else:
            cells = [column.render(column.value_of(record), record) for _bound, column in table.cell_columns]
        if table.stack_into is not None:
            # A phone shows the other columns as one line under the message (or date).
            shown = [conditional_escape(cells[i]) for i in table.stacked if cells[i] != EMPTY]
            if shown:
                cells[table.stack_into] = format_html(
                    '{}<div class="d-md-none small text-body-secondary cell-stack">{}</div>',
                    cells[table.stack_into], mark_safe(" · ".join(shown)),  # each part escaped above
                )  # fmt: skip
        return zip((bound for bound, _column in table.cell_columns), cells, strict=True)


class JournalRows(BoundRows):
    def __iter__(self) -> Iterator[JournalRow]:
        for record in self.data:
            yield JournalRow(record, table=self.table)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return JournalRows(data=self.data[key], table=self.table)
        return JournalRow(record=self.data[key], table=self.table)


class JournalTable(DziennikTable):
    """One keyset page of a tab's list. `table_for(tab)` makes the class of each tab."""

    tab: Tab

    class Meta(DziennikTable.Meta):
        orderable = False
        empty_text = None

    def __init__(self, data: Any, *, selectable: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("exclude", () if selectable else ("select",))
        super().__init__(data, **kwargs)
        self.selectable = selectable
        self.rows = JournalRows(data=self.data, table=self)
        self.cell_columns = [(bound, bound.column) for bound in self.columns]
        for _bound, column in self.cell_columns:
            if isinstance(column, JournalColumn):
                column.prepare(self)
        # Which cells a phone shows as one line under the message (else the date).
        kinds = [c.declared.kind if isinstance(c, JournalColumn) else None for _bound, c in self.cell_columns]
        primary = [i for i, kind in enumerate(kinds) if kind in PRIMARY_KINDS]
        hosts = [i for i in primary if kinds[i] == "message"] or primary[:1]
        self.stack_into: int | None = hosts[0] if hosts else None
        self.stacked = [i for i, kind in enumerate(kinds) if kind is not None and i not in primary]
        self.personal_cells = frozenset(
            i for i, (_bound, c) in enumerate(self.cell_columns) if isinstance(c, JournalColumn) and c.declared.personal
        )
        # A tab about customers: its messages may quote them (an SMTP reply names the recipient).
        # Masking an address in the rendered, escaped cell keeps it safe: the mask adds only "*".
        self.scrubbed_cells = frozenset(
            i
            for i, (_bound, c) in enumerate(self.cell_columns)
            if self.personal_cells and isinstance(c, JournalColumn) and c.declared.kind == "message"
        )

    @cached_property
    def masked_cells(self) -> frozenset[int]:
        """The cells of personal columns, unless the reader may see them in full.

        Read on the first row: the request is set on the table (RequestConfig) after __init__.
        """
        if not self.personal_cells:
            return self.personal_cells
        request = getattr(self, "request", None)
        if request is not None and personal.can_see_personal(getattr(request, "user", None)):
            return frozenset()
        return self.personal_cells


def _column(tab: Tab, column: Column) -> JournalColumn:
    wide_only = column.kind not in PRIMARY_KINDS
    if column.kind == "event":
        return EventColumn(column, tab, wide_only=wide_only)
    return _KINDS.get(column.kind, JournalColumn)(column, wide_only=wide_only)


@cache
def table_for(tab: Tab) -> type[JournalTable]:
    """The Table class of a tab's list, from its declared columns (one per tab, like filterset_for)."""
    attrs: dict[str, Any] = {"select": SelectColumn(), "tab": tab}
    names = ["select"]
    for column in tab.columns:
        name = column.accessor
        while name in attrs:
            name += "_"
        attrs[name] = _column(tab, column)
        names.append(name)
    attrs["Meta"] = type("Meta", (JournalTable.Meta,), {"sequence": tuple(names)})
    return type(f"{tab.slug.title().replace('-', '')}Table", (JournalTable,), attrs)
