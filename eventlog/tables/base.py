"""What every table of the panel shares: the base Table (Bootstrap classes, the
project's template, cell attributes computed once) and the small renderers that
lists and pages use alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import django_tables2 as tables
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy

from ..models import Severity

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Columns hidden on a phone (shown again from md up).
WIDE_ONLY = "d-none d-md-table-cell"
EMPTY = "—"


def message_text(record: Any) -> str:
    """An entry's message as the lists show it: in the reader's language where the project wrote it."""
    return record.text


_SEVERITY_ICONS = {
    "error": "bi-x-octagon-fill",
    "warning": "bi-exclamation-triangle-fill",
    "success": "bi-check-circle-fill",
    "info": "bi-info-circle-fill",
}


def severity_icon(severity: str, label: StrOrPromise | None = None) -> SafeString:
    """The severity's icon with its name for screen readers and as a tooltip (lists, pages)."""
    if label is None:
        label = Severity(severity).label if severity in Severity.values else severity
    return format_html(
        '<span class="severity severity-{}" title="{}"><i class="bi {}" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}</span></span>',
        severity, label, _SEVERITY_ICONS.get(severity, "bi-info-circle-fill"), label,
    )  # fmt: skip


def isolated(value: Any) -> SafeString | str:
    """Outside text as an isolated `<bdi>`, escaped: a right-to-left override in it (`\u202eevil.exe`) cannot
    reorder the text around it (HTML's bidi isolation; Unicode UAX #9). Empty text stays "" (no element)."""
    text = str(value)
    return format_html("<bdi>{}</bdi>", text) if text else ""


def truncated(text: str, chars: int) -> str:
    """`truncatechars`, which walks every character (combining ones count as none) even
    when the text is short: most messages are, and the walk was a third of a list's render."""
    return text if len(text) <= chars else truncatechars(text, chars)


def url_maker(viewname: str, *args: Any) -> Callable[[Any], str]:
    """`reverse(viewname, args=[*args, pk])` for many pks at the cost of one reverse()."""
    sentinel = 9_876_543_210_123
    head, tail = reverse(viewname, args=[*args, sentinel]).split(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


def short_datetime(value: Any) -> str:
    return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else EMPTY


class DziennikTable(tables.Table):
    """A table of the panel: Bootstrap classes, the project's template, cell attributes once."""

    #: Classes of the box around the table.
    wrapper_class = "table-responsive journal-table-wrap"

    class Meta:
        attrs = {
            "class": "table table-sm table-hover align-middle journal-table",
            "thead": {"class": "table-light"},
            "th": {"scope": "col"},
        }
        empty_text: StrOrPromise | None = gettext_lazy("None.")

    #: The most rows a page may be asked for with ?per_page=.
    max_per_page = 100

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `BoundColumn.attrs` is recomputed on every access; the template would ask per cell.
        # No column of the panel computes its <td> attributes from the entry.
        for column in self.columns.iterall():
            html = column.attrs["td"].as_html()
            column.td_html = mark_safe(" " + html) if html else ""  # AttributeDict escapes the values

    def paginate(self, *args: Any, per_page: int | None = None, **kwargs: Any) -> None:
        """The library's paging, with ?per_page= held between 1 and `max_per_page` (0 or less
        would make Django's paginator fail, a million would draw a million rows)."""
        if per_page is not None:
            per_page = min(max(per_page, 1), self.max_per_page)
        super().paginate(*args, per_page=per_page, **kwargs)


def cell_attrs(*classes: str) -> dict[str, dict[str, str]]:
    """`attrs` of a column: its classes on the header and on every cell."""
    css = " ".join(c for c in classes if c)
    return {"th": {"scope": "col", "class": css}, "td": {"class": css}} if css else {"th": {"scope": "col"}}


class HiddenHeaderColumn(tables.Column):
    """A column of icons, buttons or checkboxes: its header is for screen readers only."""

    def __init__(self, label: StrOrPromise = gettext_lazy("Actions"), **kwargs: Any) -> None:
        kwargs.setdefault("attrs", cell_attrs())
        super().__init__(orderable=False, empty_values=(), **kwargs)
        self.label = label

    @property
    def header(self) -> SafeString:
        return format_html('<span class="visually-hidden">{}</span>', self.label)
