"""The list of mailings (django-tables2: a shop has tens of them, the library pages and orders)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from eventlog.tables import DziennikTable, short_datetime

from .models import Mailing, MailingStatus

#: Bootstrap's badge colours of a mailing's status (the list and the mailing's page).
STATUS_BADGES = {
    MailingStatus.DRAFT: "text-bg-secondary",
    MailingStatus.SENDING: "text-bg-primary",
    MailingStatus.SENT: "text-bg-success",
    MailingStatus.STOPPED: "text-bg-warning",
}


class MailingTable(DziennikTable):
    name = tables.Column(verbose_name=gettext_lazy("Name"), order_by=("name", "id"))
    kind = tables.Column(verbose_name=gettext_lazy("Type"), order_by=("kind", "id"))
    status = tables.Column(verbose_name=gettext_lazy("Status"), accessor="pk", orderable=False)
    recipients_count = tables.Column(verbose_name=gettext_lazy("Recipients"), order_by=("recipients_count", "id"))
    created_at = tables.Column(verbose_name=gettext_lazy("Created"), order_by=("created_at", "id"))

    class Meta(DziennikTable.Meta):
        model = Mailing
        fields = ("name", "kind", "status", "recipients_count", "created_at")
        per_page = 50
        empty_text = gettext_lazy("No mailings yet.")

    def render_name(self, value: str, record: Mailing) -> SafeString:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_kind(self, record: Mailing) -> str:
        return str(record.get_kind_display())

    def render_status(self, record: Mailing) -> SafeString:
        status = record.status
        return format_html('<span class="badge {}">{}</span>', STATUS_BADGES[status], status.label)

    def render_created_at(self, value: Any) -> str:
        return short_datetime(value)
