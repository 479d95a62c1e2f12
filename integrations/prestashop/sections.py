"""The module's sections, as its pages show them: each has a page and an activity log.

A section's activity log is the PrestaShop tab's entries of that account and section
(event type), newest first: the same records the tab shows, filtered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from eventlog.models import Entry

from .models import Account
from .tab import PRESTASHOP

#: Entries shown in a section's activity log (the link under it opens the rest in the tab).
ACTIVITY_LIMIT = 15


@dataclass(frozen=True)
class Section:
    slug: str  # the tab's event type of its records
    label: object
    url_name: str
    icon: str


SECTIONS = (
    Section("connection", _("Connection"), "prestashop:connection", "plug"),
    Section("mapping", _("Mappings"), "prestashop:mapping", "arrow-left-right"),
    Section("order_settings", _("Order settings"), "prestashop:order_settings", "bag-check"),
    Section("product_fields", _("Product fields"), "prestashop:product_fields", "upc"),
    Section("templates", _("Settings templates"), "prestashop:templates", "sliders"),
    Section("import", _("Import products"), "prestashop:imports", "box-arrow-in-down"),
    Section("linking", _("Link products"), "prestashop:linking", "link-45deg"),
    Section("sync_report", _("Sync reports"), "prestashop:sync_reports", "arrow-repeat"),
)


def nav(account: Account) -> list[tuple[Section, str]]:
    return [(section, reverse(section.url_name, args=[account.pk])) for section in SECTIONS]


def activity(account: Account, *event_types: str, limit: int = ACTIVITY_LIMIT) -> list[Entry]:
    """The newest entries of `account` in these sections (uses the tab's account index)."""
    rows = Entry.objects.filter(tab=PRESTASHOP.slug, account=account.label, event_type__in=event_types)
    return list(rows.order_by("-occurred_at", "-id")[:limit])


def activity_url(account: Account, event_type: str) -> str:
    """The PrestaShop tab filtered to this account and section."""
    query = urlencode({"account": account.label, "event_type": event_type})
    return f"{reverse('eventlog:tab', args=[PRESTASHOP.slug])}?{query}"
