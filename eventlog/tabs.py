"""The tab registry: each journal tab is declared once, here or in `<integration>/tab.py`.

A declaration says what the generic list, detail, search and export views need to
know: which columns the list shows, which filters it offers (each backed by an index
of `Entry`), which event types exist, which detail partial adds tab-specific parts,
and whether "only unique messages" is on by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ColumnKind = Literal["date", "severity", "event", "text", "message", "object", "choice", "counts", "size", "details"]

#: Event types every tab has: the journal's own entries about itself. The codes
#: "records_deleted" and "records_exported" are stored in the journal: they stay as they are.
BUILTIN_EVENT_TYPES = {"records_deleted": _("Entries deleted"), "records_exported": _("Entries exported")}

#: Filters a tab may offer beyond the ones every tab has (date range, severity,
#: event type, free text). Each is served by an index named in `Entry.Meta.indexes`.
OPTIONAL_FILTERS = ("account", "service", "object_id", "initiator")


@dataclass(frozen=True)
class Column:
    """A list column: an `Entry` field, or `data.<key>` for a value in the data fields."""

    key: str
    label: StrOrPromise
    kind: ColumnKind = "text"
    #: For kind "counts": the data keys shown side by side, with their labels.
    parts: tuple[tuple[str, StrOrPromise], ...] = ()
    #: The column holds customers' e-mails or phone numbers: masked for readers
    #: without `eventlog.view_personal_data` (see eventlog/personal.py).
    personal: bool = False

    @property
    def accessor(self) -> str:
        return self.key.replace(".", "__")


def date() -> Column:
    return Column("occurred_at", _("Date"), "date")


def severity() -> Column:
    return Column("severity", _("Severity"), "severity")


def event(label: StrOrPromise = _("Event")) -> Column:
    return Column("event_type", label, "event")


def message(label: StrOrPromise = _("Message")) -> Column:
    return Column("message", label, "message")


def details() -> Column:
    """The eye icon that opens the entry's page (for tabs whose entries are reports to open)."""
    return Column("id", _("Details"), "details")


# eq=False: a tab is hashed by identity (it is declared once), so it can key caches.
@dataclass(frozen=True, eq=False)
class Tab:
    slug: str
    title: StrOrPromise
    description: StrOrPromise
    columns: tuple[Column, ...]
    #: event type code -> label; the writer rejects codes not listed here.
    event_types: Mapping[str, StrOrPromise]
    filters: tuple[str, ...] = ()
    icon: str = "journal-text"
    detail_template: str | None = None
    #: A partial shown above the list (e.g. the custom events' definitions).
    list_header_template: str | None = None
    #: A partial shown on the page of a job run of this tab (e.g. the ERP sync's problem lists).
    run_detail_template: str | None = None
    #: "Only unique messages" switched on when the list opens.
    group_by_default: bool = False
    #: (code, label) of the services this tab's entries may name; the writer refuses
    #: any other. With exactly one, entries that name none get it.
    services: tuple[tuple[str, StrOrPromise], ...] = ()
    order: int = 100
    #: Days entries are kept, unless a shop admin changes it in the settings page.
    retention_days: int = 90
    #: Entries nobody may delete, by hand or by retention.
    undeletable: Q | None = None
    #: (entries, age): such entries disappear from lists once older than age.
    hidden_after: tuple[Q, dt.timedelta] | None = None
    #: (entries, age) pairs removed by retention before the tab's own days.
    expires_early: tuple[tuple[Q, dt.timedelta], ...] = ()
    #: Entries a shop admin may select and delete in the list (None: none).
    deletable: Q | None = None
    #: What the settings page says about this tab's retention beyond its days.
    retention_note: StrOrPromise = ""

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(OPTIONAL_FILTERS)
        if unknown:
            raise ValueError(f"Tab {self.slug}: unknown filters {sorted(unknown)}")
        if "service" in self.filters and not self.services:
            raise ValueError(f"Tab {self.slug}: the service filter needs the tab's services")

    @property
    def deletable_by_hand(self) -> Q | None:
        """The entries a shop admin may delete in the list: `deletable`, less the undeletable."""
        if self.deletable is None or self.undeletable is None:
            return self.deletable
        return self.deletable & ~self.undeletable

    @cached_property
    def has_personal(self) -> bool:
        """Its entries are about customers (a personal column): their messages may name them too."""
        return any(column.personal for column in self.columns)

    @cached_property  # read by the writer for every entry
    def service_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.services)

    def service_label(self, code: str) -> StrOrPromise:
        return next((label for declared, label in self.services if declared == code), code)

    def event_label(self, code: str) -> StrOrPromise:
        return self.event_types.get(code) or BUILTIN_EVENT_TYPES.get(code) or code

    def accepts_event_type(self, code: str) -> bool:
        return code in self.event_types or code in BUILTIN_EVENT_TYPES


_registry: dict[str, Tab] = {}


def register(tab: Tab) -> Tab:
    if tab.slug in _registry:
        raise ValueError(f"Tab {tab.slug!r} is declared twice")
    _registry[tab.slug] = tab
    return tab


def get(slug: str) -> Tab | None:
    return _registry.get(slug)


def title(slug: str) -> str:
    """A tab's title for people; the slug itself for a tab no longer declared."""
    tab = _registry.get(slug)
    return str(tab.title) if tab else slug


def all_tabs() -> list[Tab]:
    return sorted(_registry.values(), key=lambda t: (t.order, t.slug))


def slugs() -> list[str]:
    """The declared tabs' slugs."""
    return [tab.slug for tab in all_tabs()]


def service_label(code: str) -> StrOrPromise:
    """The label a tab declares for a service code ("allegro" -> "Allegro"); the code if none does."""
    for tab in all_tabs():
        if code in tab.service_codes:
            return tab.service_label(code)
    return code
