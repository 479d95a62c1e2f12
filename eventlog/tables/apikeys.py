"""The API keys as a table in the panel (few: django-tables2's own paging and ordering)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

from .. import tabs as tab_registry
from ..models import ApiKey
from .base import EMPTY, WIDE_ONLY, DziennikTable, HiddenHeaderColumn, cell_attrs, short_datetime


def status(key: ApiKey) -> tuple[str, str]:
    """(Bootstrap badge class, label) of a key: active, expired or revoked."""
    if key.revoked_at is not None:
        return "text-bg-danger", gettext("Revoked")
    if key.expires_at is not None and key.expires_at <= timezone.now():
        return "text-bg-secondary", gettext("Expired")
    return "text-bg-success", gettext("Active")


class ApiKeyTable(DziennikTable):
    name = tables.Column(verbose_name=gettext_lazy("Integration account"), order_by=("name",))
    prefix = tables.Column(verbose_name=gettext_lazy("Key"), orderable=False)
    tabs = tables.Column(verbose_name=gettext_lazy("Tabs"), orderable=False, attrs=cell_attrs(WIDE_ONLY))
    status = tables.Column(verbose_name=gettext_lazy("Status"), accessor="pk", orderable=False)
    created_at = tables.Column(
        verbose_name=gettext_lazy("Created"), order_by=("created_at", "id"), attrs=cell_attrs(WIDE_ONLY)
    )
    expires_at = tables.Column(verbose_name=gettext_lazy("Expires"), order_by=("expires_at", "id"))
    last_used_at = tables.Column(verbose_name=gettext_lazy("Last used"), order_by=("last_used_at", "id"))
    revoke = HiddenHeaderColumn(accessor="pk")

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No API key yet.")
        per_page = 50

    def __init__(self, *args: Any, can_revoke: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_revoke:
            self.columns.hide("revoke")

    def render_prefix(self, value: str) -> SafeString:
        return format_html("<code>{}…</code>", value)

    def render_tabs(self, value: list[str]) -> SafeString:
        return format_html_join(
            " ", '<span class="badge text-bg-light border">{}</span>', ((tab_registry.title(s),) for s in value)
        )

    def render_status(self, record: ApiKey) -> SafeString:
        badge, label = status(record)
        return format_html('<span class="badge {}">{}</span>', badge, label)

    def render_created_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_expires_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_last_used_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_revoke(self, record: ApiKey) -> SafeString | str:
        if record.revoked_at is not None:
            return EMPTY
        return format_html(
            '<a class="btn btn-outline-danger btn-sm" href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("apikeys:revoke", args=[record.pk]), gettext("Revoke…"), record.name,
        )  # fmt: skip
