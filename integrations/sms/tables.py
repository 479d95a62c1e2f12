"""The SMS queue as a table: newest first, django-tables2's own paging (the queue is small beside the journal)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.personal import mask_phone
from eventlog.tables import EMPTY, WIDE_ONLY, DziennikTable, HiddenHeaderColumn, cell_attrs, short_datetime

from .models import SmsStatus
from .tab import SMS

_BADGES = {
    SmsStatus.WAITING: "text-bg-secondary",
    SmsStatus.SENT: "text-bg-success",
    SmsStatus.FAILED: "text-bg-danger",
    SmsStatus.EXPIRED: "text-bg-warning",
}


class SmsTable(DziennikTable):
    created_at = tables.Column(verbose_name=gettext_lazy("Date"), orderable=False)
    phone = tables.Column(verbose_name=gettext_lazy("Recipient"), orderable=False, attrs=cell_attrs("text-nowrap"))
    text = tables.Column(verbose_name=gettext_lazy("Text"), orderable=False, attrs=cell_attrs("col-message"))
    status = tables.Column(verbose_name=gettext_lazy("Status"), orderable=False)
    attempts = tables.Column(verbose_name=gettext_lazy("Attempts"), orderable=False, attrs=cell_attrs(WIDE_ONLY))
    actions = HiddenHeaderColumn()

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No message in the queue.")
        per_page = 50

    def __init__(
        self, *args: Any, may_retry: bool = False, personal: bool = False, query: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.may_retry = may_retry
        #: The reader sees customers' phone numbers in full (eventlog.personal); else masked.
        self.personal = personal
        self.query = query
        self.history = reverse("eventlog:tab", args=[SMS.slug])

    def render_created_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_phone(self, value: str) -> SafeString | str:
        if not self.personal:
            return mask_phone(value)
        # The recipient's entries in the SMS tab: every message's history.
        return format_html('<a href="{}?{}">{}</a>', self.history, urlencode({"object_id": value}), value)

    def render_text(self, value: str) -> SafeString:
        return format_html('<span class="message-text">{}</span>', value)

    def render_status(self, value: str, record: Any) -> SafeString:
        badge = format_html('<span class="badge {}">{}</span>', _BADGES.get(record.status, ""), value)
        reason = record.reason
        if not reason:
            return badge
        return format_html('{}<div class="small text-body-secondary text-break">{}</div>', badge, reason)

    def render_attempts(self, value: int) -> str:
        return str(value) if value else EMPTY

    def render_actions(self, record: Any) -> SafeString | str:
        if not (self.may_retry and record.status == SmsStatus.FAILED):
            return ""
        action = reverse("sms:retry", args=[record.pk]) + (f"?{self.query}" if self.query else "")
        return format_html(
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="btn btn-outline-primary btn-sm" type="submit"><i class="bi bi-arrow-repeat" '
            'aria-hidden="true"></i> {}</button></form>',
            action, get_token(self.request), _("Retry"),
        )  # fmt: skip
