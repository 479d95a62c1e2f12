"""The list of shop templates (tens of them: django-tables2 orders and pages them)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.tables import WIDE_ONLY, DziennikTable, cell_attrs, short_datetime


def status_badge(template: Any) -> SafeString:
    """Live as it is, live with unpublished changes, or a draft only (lists and the template's page)."""
    if not template.is_published:
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Not published"))
    if template.has_unpublished_changes:
        return format_html('<span class="badge text-bg-warning">{}</span>', _("Unpublished changes"))
    return format_html('<span class="badge text-bg-success">{}</span>', _("Published"))


class TemplateTable(DziennikTable):
    name = tables.Column(verbose_name=gettext_lazy("Name"), attrs=cell_attrs("text-break"))
    kind = tables.Column(verbose_name=gettext_lazy("Kind"), order_by=("kind", "name"))
    status = tables.Column(verbose_name=gettext_lazy("Status"), accessor="pk", orderable=False)
    version = tables.Column(verbose_name=gettext_lazy("Version"), attrs=cell_attrs("text-end", WIDE_ONLY))
    updated_at = tables.Column(verbose_name=gettext_lazy("Changed"), attrs=cell_attrs("text-nowrap", WIDE_ONLY))
    updated_by = tables.Column(verbose_name=gettext_lazy("By"), attrs=cell_attrs(WIDE_ONLY), orderable=False)

    class Meta(DziennikTable.Meta):
        order_by = ("name",)
        per_page = 50
        empty_text = gettext_lazy("No templates yet.")

    def render_name(self, value: str, record: Any) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_status(self, record: Any) -> SafeString:
        return status_badge(record)

    def render_updated_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_updated_by(self, value: Any) -> str:
        return value.get_username()
