"""List tables, built from each tab's declared columns with django-tables2.

Rows are one keyset page (a list), so django-tables2 never paginates or counts.
Sorting is fixed to newest first: every other order would need its own index.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import django_tables2 as tables
from django.template.defaultfilters import filesizeformat, truncatechars
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from .tabs import Column, Tab

MESSAGE_CHARS = 160


class DateColumn(tables.Column):
    def render(self, value: Any, record: Any) -> str:
        url = reverse("eventlog:detail", args=[record.tab, record.pk])
        text = date_format(localtime(value), "SHORT_DATETIME_FORMAT")
        return format_html('<a href="{}" class="text-nowrap">{}</a>', url, text)


class SeverityColumn(tables.Column):
    def render(self, value: str, record: Any) -> str:
        return render_to_string(
            "eventlog/partials/severity.html", {"severity": value, "label": record.get_severity_display()}
        )


class EventColumn(tables.Column):
    def __init__(self, tab: Tab, **kwargs: Any) -> None:
        self.tab = tab
        super().__init__(**kwargs)

    def render(self, value: str) -> str:
        return str(self.tab.event_label(value))


class MessageColumn(tables.Column):
    attrs = {"td": {"class": "col-message"}}

    def render(self, value: str, record: Any) -> str:
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


class ObjectColumn(tables.Column):
    def render(self, value: str) -> str:
        url = reverse("eventlog:search") + "?" + urlencode({"q": value})
        return format_html('<a href="{}" class="text-break">{}</a>', url, value)


class ChoiceColumn(tables.Column):
    def render(self, value: str, record: Any, bound_column: Any) -> str:
        return getattr(record, f"get_{bound_column.accessor}_display")()


class CountsColumn(tables.Column):
    def __init__(self, parts: tuple, **kwargs: Any) -> None:
        self.parts = parts
        super().__init__(empty_values=(), **kwargs)

    def render(self, value: dict) -> str:
        shown = [(label, value[key]) for key, label in self.parts if key in (value or {})]
        if not shown:
            return "—"
        return format_html_join(" · ", "{} <strong>{}</strong>", shown)


class SizeColumn(tables.Column):
    def render(self, value: int) -> str:
        return filesizeformat(value)


class SelectColumn(tables.CheckBoxColumn):
    """Row checkboxes for deleting; the header is a label (select-all would need script)."""

    @property
    def header(self) -> str:
        return format_html('<span class="visually-hidden">{}</span>', _("Select"))


def _column(tab: Tab, column: Column) -> tables.Column:
    common = {"verbose_name": column.label, "accessor": column.accessor, "orderable": False}
    match column.kind:
        case "date":
            return DateColumn(**common)
        case "severity":
            return SeverityColumn(**common, attrs={"td": {"class": "col-severity"}})
        case "event":
            return EventColumn(tab, **common)
        case "message":
            return MessageColumn(**common)
        case "object":
            return ObjectColumn(**common)
        case "choice":
            return ChoiceColumn(**common)
        case "size":
            return SizeColumn(**common)
        case "counts":
            return CountsColumn(column.parts, **common)
        case _:
            return tables.Column(**common)


@cache
def table_for(tab: Tab, selectable: bool = False) -> type[tables.Table]:
    attrs: dict[str, Any] = {}
    if selectable:
        attrs["ids"] = SelectColumn(
            accessor="pk", orderable=False, attrs={"input": {"name": "ids", "class": "form-check-input"}}
        )
    attrs.update({column.key.replace(".", "_"): _column(tab, column) for column in tab.columns})
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "template_name": "eventlog/partials/table.html",
            "attrs": {"class": "table table-sm table-hover align-middle journal-table"},
            "orderable": False,
            "empty_text": "",
        },
    )
    return type(f"{tab.slug.title().replace('-', '')}Table", (tables.Table,), attrs)
