"""The knowledge base's tables: the message codes, the codes nobody explained yet, and
the recent entries with one code."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from eventlog import tabs
from eventlog.tables import (
    WIDE_ONLY,
    DziennikTable,
    HiddenHeaderColumn,
    cell_attrs,
    message_text,
    severity_icon,
    short_datetime,
    truncated,
)


class ExplanationTable(DziennikTable):
    """Message codes, by code (or title); a few hundred, so the library pages and orders them."""

    code = tables.Column(verbose_name=gettext_lazy("Code"), linkify=False)
    title = tables.Column(verbose_name=gettext_lazy("Title"), empty_values=(), attrs=cell_attrs("col-message"))

    class Meta(DziennikTable.Meta):
        order_by = ("code",)
        per_page = 50

    def render_code(self, value: str, record: Any) -> SafeString:
        return format_html('<a href="{}"><code>{}</code></a>', record.get_absolute_url(), value)

    def render_title(self, record: Any) -> str:
        return record.title

    def order_title(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        # The title is shown in the reader's language, falling back to the other one.
        english = (get_language() or "").startswith("en")
        first, second = ("title_en", "title_pl") if english else ("title_pl", "title_en")
        shown = Coalesce(NullIf(F(first), Value("")), F(second))
        return queryset.order_by(shown.desc() if is_descending else shown.asc(), "code"), True


class UnexplainedTable(DziennikTable):
    """Codes without an explanation, most frequent first (the order is the point of the list)."""

    code = tables.Column(verbose_name=gettext_lazy("Code"), attrs=cell_attrs("text-break"))
    count = tables.Column(verbose_name=gettext_lazy("Entries"), attrs=cell_attrs("text-end"))
    last_seen = tables.Column(verbose_name=gettext_lazy("Last seen"), attrs=cell_attrs("text-nowrap"))
    write = HiddenHeaderColumn(accessor="code")

    class Meta(DziennikTable.Meta):
        orderable = False

    def render_code(self, value: str) -> SafeString:
        return format_html("<code>{}</code>", value)

    def render_last_seen(self, value: Any) -> str:
        return short_datetime(value)

    def render_write(self, value: str) -> SafeString:
        url = reverse("explanations:create") + "?" + urlencode({"code": value})
        return format_html('<a class="btn btn-sm btn-outline-primary" href="{}">{}</a>', url, _("Write an explanation"))


class RecentEntriesTable(DziennikTable):
    """The newest warnings and errors with one code, across tabs (newest first, a fixed few)."""

    severity = HiddenHeaderColumn(gettext_lazy("Severity"), attrs=cell_attrs("col-severity"))
    occurred_at = tables.Column(verbose_name=gettext_lazy("Date"), attrs=cell_attrs("text-nowrap"))
    # A phone shows the date, severity and message; the tab and object from md up.
    tab = tables.Column(verbose_name=gettext_lazy("Tab"), attrs=cell_attrs(WIDE_ONLY))
    object_id = tables.Column(verbose_name=gettext_lazy("Object"), attrs=cell_attrs("text-nowrap", WIDE_ONLY))
    message = tables.Column(verbose_name=gettext_lazy("Message"), attrs=cell_attrs("col-message"))

    class Meta(DziennikTable.Meta):
        attrs = {"class": "table table-sm mb-0 journal-table", "th": {"scope": "col"}}
        row_attrs = {"class": lambda record: f"severity-row-{record.severity}"}
        orderable = False

    wrapper_class = "table-responsive"

    def render_severity(self, value: str, record: Any) -> SafeString:
        # `value` is the label already (django-tables2 shows a choice field's display value).
        return severity_icon(record.severity, value)

    def render_occurred_at(self, value: Any, record: Any) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), short_datetime(value))

    def render_tab(self, value: str) -> str:
        return tabs.title(value)

    def render_message(self, record: Any) -> str:
        return truncated(message_text(record), 200)
