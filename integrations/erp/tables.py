"""The tables of an import's Details: its problem products and categories, and what it fixed.

Each list is in package order and cut at `problems.PAGE_LIMIT` (the spreadsheet has
them all), so nothing here orders or pages.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.tables import (
    WIDE_ONLY,
    DziennikTable,
    HiddenHeaderColumn,
    cell_attrs,
    isolated,
    severity_icon,
    url_maker,
)

from .problems import NEW, TAB


class ErpTable(DziennikTable):
    wrapper_class = "table-responsive journal-table-wrap mb-0 border-0"

    class Meta(DziennikTable.Meta):
        attrs = {
            "class": "table table-sm mb-0 journal-table",
            "thead": {"class": "table-light"},
            "th": {"scope": "col"},
        }
        orderable = False


class ProblemTable(ErpTable):
    """`problems.ProblemRow`s: what is wrong with each item, and whether it is new."""

    severity = HiddenHeaderColumn(gettext_lazy("Severity"), attrs=cell_attrs("col-severity"))
    erp_id = tables.Column(verbose_name=gettext_lazy("Identifier"), attrs=cell_attrs("text-break", WIDE_ONLY))
    code = tables.Column(verbose_name=gettext_lazy("Code"), attrs=cell_attrs("text-break"))
    name = tables.Column(verbose_name=gettext_lazy("Name"), attrs=cell_attrs("col-message", WIDE_ONLY))
    message = tables.Column(verbose_name=gettext_lazy("Message"), attrs=cell_attrs("col-message"))
    change = tables.Column(verbose_name=gettext_lazy("Change"), empty_values=())

    class Meta(ErpTable.Meta):
        row_attrs = {"class": lambda record: f"severity-row-{record.severity}"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry_url = url_maker("eventlog:detail", TAB)

    def render_severity(self, value: str) -> SafeString:
        return severity_icon(value)

    def render_code(self, value: str, record: Any) -> SafeString:
        # On a phone the name (its column hidden) shows under the code.
        return format_html(
            '<bdi><a href="{}">{}</a></bdi><div class="d-md-none small text-body-secondary cell-stack">{}</div>',
            self.entry_url(record.entry_id), value, isolated(record.name),
        )  # fmt: skip

    def render_erp_id(self, value: Any) -> SafeString | str:
        return isolated(value)

    def render_name(self, value: Any) -> SafeString | str:
        return isolated(value)

    def render_message(self, record: Any) -> SafeString:
        return format_html('{} <code class="small">{}</code>', isolated(record.message), record.message_code)

    def render_change(self, record: Any) -> SafeString:
        badge = "text-bg-danger" if record.change == NEW else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', badge, record.change_text)


class FixedTable(ErpTable):
    """`Problem`s this run found fixed."""

    kind = tables.Column(verbose_name=gettext_lazy("Kind"))
    item_code = tables.Column(verbose_name=gettext_lazy("Code"), attrs=cell_attrs("text-break"))
    name = tables.Column(verbose_name=gettext_lazy("Name"), attrs=cell_attrs("col-message"))
    message_code = tables.Column(verbose_name=gettext_lazy("Message code"))
    change = tables.Column(verbose_name=gettext_lazy("Change"), accessor="first_seen_run_id", empty_values=())

    def render_item_code(self, value: Any) -> SafeString | str:
        return isolated(value)

    def render_name(self, value: Any) -> SafeString | str:
        return isolated(value)

    def render_message_code(self, value: str) -> SafeString:
        return format_html("<code>{}</code>", value)

    def render_change(self, value: int) -> SafeString:
        return format_html(
            '<span class="badge text-bg-success">{}</span> <span class="small text-body-secondary">{}</span>',
            _("Fixed"), _("failing since run #%(run)s") % {"run": value},
        )  # fmt: skip
