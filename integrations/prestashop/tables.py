"""The module's configuration lists as tables: the PrestaShop accounts and an account's settings templates."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.tables import EMPTY, WIDE_ONLY, DziennikTable, HiddenHeaderColumn, cell_attrs, short_datetime

from .models import Account, SettingsTemplate


def connection_badge(account: Account) -> SafeString:
    """Connected / not connected / never tested, as the account list and pages show it."""
    if account.connected:
        return format_html('<span class="badge text-bg-success">{}</span>', _("Connected"))
    if account.checked_at is None:
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Not tested"))
    return format_html('<span class="badge text-bg-danger">{}</span>', _("Not connected"))


class AccountTable(DziennikTable):
    url = tables.Column(verbose_name=gettext_lazy("Shop URL"), order_by=("url", "id"))
    connected = tables.Column(verbose_name=gettext_lazy("Connection"), orderable=False, empty_values=())
    version = tables.Column(
        verbose_name=gettext_lazy("PrestaShop version"), orderable=False, attrs=cell_attrs(WIDE_ONLY)
    )
    checked_at = tables.Column(verbose_name=gettext_lazy("Last check"), order_by=("checked_at", "id"))
    open = HiddenHeaderColumn(accessor="pk")

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No PrestaShop account yet.")
        per_page = 50

    def render_url(self, value: str, record: Account) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse("prestashop:connection", args=[record.pk]), value)

    def render_connected(self, record: Account) -> SafeString:
        return connection_badge(record)

    def render_version(self, value: str) -> str:
        return value or EMPTY

    def render_checked_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_open(self, value: int) -> SafeString:
        return format_html(
            '<a class="btn btn-outline-primary btn-sm" href="{}"><i class="bi bi-gear" aria-hidden="true"></i> {}</a>',
            reverse("prestashop:connection", args=[value]),
            _("Settings"),
        )


def _post_button(request: Any, url: str, icon: str, label: str, css: str = "btn-outline-primary") -> SafeString:
    return format_html(
        '<form method="post" action="{}" class="d-inline"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="{}"><button class="btn {} btn-sm" type="submit"><i class="bi bi-{}" aria-hidden="true"></i> '
        "{}</button></form>",
        url, get_token(request), css, icon, label,
    )  # fmt: skip


class TemplateTable(DziennikTable):
    name = tables.Column(verbose_name=gettext_lazy("Name"), orderable=False)
    is_default = tables.Column(verbose_name=gettext_lazy("Default"), orderable=False)
    parts = tables.Column(verbose_name=gettext_lazy("Syncs automatically"), orderable=False, empty_values=())
    offer_count = tables.Column(verbose_name=gettext_lazy("Offers"), orderable=False, attrs=cell_attrs("text-end"))
    actions = HiddenHeaderColumn()

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No settings template yet. Add one: the first becomes the default.")

    def __init__(self, *args: Any, may_change: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_change = may_change

    def render_name(self, value: str, record: SettingsTemplate) -> SafeString | str:
        if not self.may_change:
            return value
        return format_html(
            '<a href="{}">{}</a>', reverse("prestashop:template_edit", args=[record.account_id, record.pk]), value
        )

    def render_is_default(self, value: bool) -> SafeString | str:
        if not value:
            return ""
        return format_html(
            '<span class="badge text-bg-primary"><i class="bi bi-star-fill" aria-hidden="true"></i> {}</span>',
            _("Default"),
        )

    def render_parts(self, record: SettingsTemplate) -> SafeString | str:
        names = [
            label
            for flag, label in (
                (record.sync_description, _("description")),
                (record.sync_delivery_prices, _("delivery price list")),
                (record.sync_price, _("product price")),
                (record.sync_stock, _("stock")),
            )
            if flag
        ]
        return ", ".join(names) if names else _("nothing")

    def render_actions(self, record: SettingsTemplate) -> SafeString | str:
        if not self.may_change:
            return ""
        buttons = [
            format_html(
                '<a class="btn btn-outline-secondary btn-sm" href="{}">'
                '<i class="bi bi-pencil" aria-hidden="true"></i> {}</a>',
                reverse("prestashop:template_edit", args=[record.account_id, record.pk]),
                _("Edit"),
            )
        ]
        if not record.is_default:
            url = reverse("prestashop:template_default", args=[record.account_id, record.pk])
            buttons.append(_post_button(self.request, url, "star", _("Make default")))
        buttons.append(
            format_html(
                '<a class="btn btn-outline-danger btn-sm" href="{}">'
                '<i class="bi bi-trash" aria-hidden="true"></i> {}</a>',
                reverse("prestashop:template_delete", args=[record.account_id, record.pk]),
                _("Delete"),
            )
        )
        return format_html(
            '<div class="d-flex flex-wrap gap-1 justify-content-end">{}</div>', SafeString(" ".join(buttons))
        )
