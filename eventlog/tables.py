"""List tables, built from each tab's declared columns.

A list shows one keyset page, so a table never paginates, counts or sorts (every
other order would need its own index). Each column kind has one cell renderer, a
plain function; a row's cells are rendered once, in Python, and the template only
places them. (django-tables2 spent 60 % of a list request re-inspecting renderer
signatures and rendering a template per cell.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template.defaultfilters import filesizeformat, truncatechars
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .models import Severity
from .tabs import Column, Tab

MESSAGE_CHARS = 160

Renderer = Callable[[Any, Any], SafeString | str]


def _value(record: Any, key: str) -> Any:
    if key.startswith("data."):
        return (record.data or {}).get(key.removeprefix("data."))
    return getattr(record, key)


def render_date(value: Any, record: Any) -> SafeString:
    url = reverse("eventlog:detail", args=[record.tab, record.pk])
    text = date_format(localtime(value), "SHORT_DATETIME_FORMAT")
    return format_html('<a href="{}" class="text-nowrap">{}</a>', url, text)


_SEVERITY_ICONS = {
    "error": "bi-x-octagon-fill",
    "warning": "bi-exclamation-triangle-fill",
    "success": "bi-check-circle-fill",
    "info": "bi-info-circle-fill",
}


def severity_icon(severity: str, label: str | None = None) -> SafeString:
    """The severity's icon with its name for screen readers and as a tooltip (lists, pages)."""
    if label is None:
        label = Severity(severity).label if severity in Severity.values else severity
    return format_html(
        '<span class="severity severity-{}" title="{}"><i class="bi {}" aria-hidden="true"></i>'
        '<span class="visually-hidden">{}</span></span>',
        severity, label, _SEVERITY_ICONS.get(severity, "bi-info-circle-fill"), label,
    )  # fmt: skip


def render_severity(value: str, record: Any) -> SafeString:
    return severity_icon(value, record.get_severity_display())


def render_message(value: str, record: Any) -> SafeString:
    count = getattr(record, "count", 1)
    badge = ""
    if count > 1:
        # A group (see grouping.py): how many records, since when.
        first = date_format(localtime(record.first), "SHORT_DATETIME_FORMAT")
        title = _("%(count)s records, the first on %(date)s") % {"count": count, "date": first}
        badge = format_html(
            ' <span class="badge text-bg-secondary" title="{}">×{}</span>'
            ' <span class="small text-body-secondary text-nowrap">{} {}</span>',
            title, count, _("since"), first,
        )  # fmt: skip
    return format_html(
        '<span title="{}">{}</span>{}', truncatechars(value, 1000), truncatechars(value, MESSAGE_CHARS), badge
    )


def render_object(value: str, record: Any) -> SafeString | str:
    if not value:
        return "—"
    url = reverse("eventlog:search") + "?" + urlencode({"q": value})
    return format_html('<a href="{}" class="text-break">{}</a>', url, value)


def render_size(value: Any, record: Any) -> str:
    return filesizeformat(value) if value is not None else "—"


def render_text(value: Any, record: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _choice(column: Column) -> Renderer:
    def render(value: Any, record: Any) -> str:
        return getattr(record, f"get_{column.key}_display")() if value else "—"

    return render


def _event(tab: Tab) -> Renderer:
    def render(value: str, record: Any) -> str:
        return str(tab.event_label(value))

    return render


def _counts(column: Column) -> Renderer:
    def render(value: Any, record: Any) -> SafeString | str:
        value = record.data or {}
        shown = [(label, value[key]) for key, label in column.parts if key in value]
        if not shown:
            return "—"
        return format_html_join(" · ", "{} <strong>{}</strong>", shown)

    return render


def _renderer(tab: Tab, column: Column) -> Renderer:
    match column.kind:
        case "date":
            return render_date
        case "severity":
            return render_severity
        case "event":
            return _event(tab)
        case "message":
            return render_message
        case "object":
            return render_object
        case "choice":
            return _choice(column)
        case "size":
            return render_size
        case "counts":
            return _counts(column)
        case _:
            return render_text


#: Cell classes by column kind, for the stylesheet.
_CELL_CLASSES = {"severity": "col-severity", "message": "col-message"}


@cache
def _renderers(tab: Tab) -> tuple[tuple[Column, Renderer], ...]:
    return tuple((column, _renderer(tab, column)) for column in tab.columns)


@dataclass(frozen=True)
class Cell:
    html: SafeString | str
    css: str = ""


@dataclass(frozen=True)
class Row:
    record: Any
    cells: list[Cell]


class Table:
    """One page of a tab's list, rendered cell by cell."""

    def __init__(self, tab: Tab, records: list[Any], *, selectable: bool = False) -> None:
        self.selectable = selectable
        columns = _renderers(tab)
        self.headers = [(column.label, _CELL_CLASSES.get(column.kind, "")) for column, _ in columns]
        self.rows = [
            Row(
                record,
                [
                    Cell(render(_value(record, column.key), record), _CELL_CLASSES.get(column.kind, ""))
                    for column, render in columns
                ],
            )
            for record in records
        ]
