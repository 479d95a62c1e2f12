"""The Allegro accounts as a table (a handful of rows: django-tables2's own paging)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog import messages
from eventlog.tables import EMPTY, DziennikTable, HiddenHeaderColumn, cell_attrs, short_datetime

from .models import AllegroAccount, Feed


class AccountTable(DziennikTable):
    login = tables.Column(verbose_name=gettext_lazy("Login"), orderable=False)
    active = tables.Column(verbose_name=gettext_lazy("Status"), orderable=False)
    cursors = tables.Column(verbose_name=gettext_lazy("Events read"), orderable=False, empty_values=(),
                            attrs=cell_attrs("small"))  # fmt: skip
    access_expires_at = tables.Column(verbose_name=gettext_lazy("Access token expires"), orderable=False)
    created_at = tables.Column(verbose_name=gettext_lazy("Added"), orderable=False)
    actions = HiddenHeaderColumn()

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No Allegro account yet. Add one: the seller allows Dziennik at allegro.pl.")
        per_page = 50

    def __init__(self, *args: Any, may_change: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_change = may_change
        self.history = reverse("eventlog:tab", args=["offers"])

    def render_login(self, value: str) -> SafeString:
        return format_html('<a href="{}?{}">{}</a>', self.history, urlencode({"account": value, "service": "allegro"}),
                           value)  # fmt: skip

    def render_active(self, value: bool, record: AllegroAccount) -> SafeString:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("Active"))
        return format_html(
            '<span class="badge text-bg-secondary">{}</span><div class="small text-body-secondary">{} {}</div>',
            _("Deactivated"), short_datetime(record.deactivated_at), self.reason(record),
        )  # fmt: skip

    @staticmethod
    def reason(record: AllegroAccount) -> str:
        shown = record.deactivated_message or {}
        return messages.render(shown.get("code", ""), shown.get("params"), record.deactivated_reason)

    def render_cursors(self, record: AllegroAccount) -> SafeString | str:
        cursors = {c.feed: c for c in record.cursors.all()}
        rows = [(Feed(feed).label, short_datetime(c.last_read_at) if c.last_read_at else EMPTY)
                for feed, c in sorted(cursors.items())]  # fmt: skip
        return format_html_join("", "<div>{}: {}</div>", rows) if rows else EMPTY

    def render_access_expires_at(self, value: Any) -> str:
        return short_datetime(value) if value else EMPTY

    def render_created_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_actions(self, record: AllegroAccount) -> SafeString | str:
        if not (self.may_change and record.active):
            return ""
        token = get_token(self.request)
        return format_html(
            '<div class="d-flex gap-1 justify-content-end">'
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="btn btn-outline-primary btn-sm" type="submit"><i class="bi bi-arrow-repeat" '
            'aria-hidden="true"></i> {}</button></form>'
            '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="btn btn-outline-danger btn-sm" type="submit"><i class="bi bi-power" '
            'aria-hidden="true"></i> {}</button></form></div>',
            reverse("allegro:poll", args=[record.pk]), token, _("Read events now"),
            reverse("allegro:deactivate", args=[record.pk]), token, _("Deactivate"),
        )  # fmt: skip
