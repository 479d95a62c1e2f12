"""The custom events' tables: the events, the scenarios, and one event's log (the tab's own list)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.tables import WIDE_ONLY, DziennikTable, HiddenHeaderColumn, cell_attrs, short_datetime, table_for
from eventlog.tables.base import url_maker

from .tab import CUSTOM_EVENTS


def _badge(on: bool, on_text: str, off_text: str) -> SafeString:
    if on:
        return format_html('<span class="badge text-bg-success">{}</span>', on_text)
    return format_html('<span class="badge text-bg-secondary">{}</span>', off_text)


class SmallTable(DziennikTable):
    """A shop has tens of events and scenarios: the library orders and pages them."""

    wrapper_class = "table-responsive journal-table-wrap mb-0 border-0"

    class Meta(DziennikTable.Meta):
        attrs = {
            "class": "table table-sm mb-0 journal-table",
            "thead": {"class": "table-light"},
            "th": {"scope": "col"},
        }
        per_page = 20

    def may(self, permission: str) -> bool:
        request = getattr(self, "request", None)
        return request is not None and request.user.has_perm(permission)


class CustomEventTable(SmallTable):
    """The events: id, name, description, logging, and the link to each one's log.

    Its query parameters carry a prefix, so that they never mix with the filters of
    the tab's list below it."""

    event_id = tables.Column(verbose_name=gettext_lazy("ID"), order_by=("event_id",))
    name = tables.Column(verbose_name=gettext_lazy("Name"), order_by=("name",))
    description = tables.Column(
        # A phone shows the event's id, name, switch and log; the description from md up.
        verbose_name=gettext_lazy("Description"),
        orderable=False,
        attrs=cell_attrs("col-message", WIDE_ONLY),
    )
    logging_enabled = tables.Column(verbose_name=gettext_lazy("Logging"), order_by=("logging_enabled", "event_id"))
    log = HiddenHeaderColumn(gettext_lazy("Log"), accessor="pk")

    class Meta(SmallTable.Meta):
        prefix = "events-"

    def render_name(self, value: str, record: Any) -> SafeString:
        off = (
            "" if record.is_active else format_html(' <span class="badge text-bg-warning">{}</span>', _("switched off"))
        )
        if self.may("custom_events.change_customevent"):
            return format_html('<a href="{}">{}</a>{}', record.edit_url(), value, off)
        return format_html("{}{}", value, off)

    def render_logging_enabled(self, value: bool) -> SafeString:
        return _badge(value, _("on"), _("off"))

    def render_log(self, record: Any) -> SafeString:
        return format_html(
            '<a class="small text-nowrap" href="{}"><i class="bi bi-eye" aria-hidden="true"></i> {}</a>',
            record.log_url(),
            _("Log"),
        )


class ScenarioTable(SmallTable):
    """The scenarios: each one's start point and how often and when calls started it."""

    name = tables.Column(verbose_name=gettext_lazy("Name"), order_by=("name", "id"))
    is_active = tables.Column(verbose_name=gettext_lazy("Active"), order_by=("is_active", "name"))
    start_event = tables.Column(verbose_name=gettext_lazy("Start point"), order_by=("start_event__event_id", "id"))
    start_count = tables.Column(verbose_name=gettext_lazy("Starts"), order_by=("start_count", "id"))
    last_started_at = tables.Column(
        verbose_name=gettext_lazy("Last start"), order_by=("last_started_at", "id"), empty_values=()
    )

    class Meta(SmallTable.Meta):
        prefix = "scenarios-"

    def render_name(self, value: str, record: Any) -> SafeString:
        if self.may("custom_events.change_scenario"):
            return format_html('<a href="{}">{}</a>', record.edit_url(), value)
        return format_html("{}", value)

    def render_is_active(self, value: bool) -> SafeString:
        return _badge(value, _("active"), _("inactive"))

    def render_start_event(self, value: Any) -> SafeString:
        return format_html('<a href="{}">{} — {}</a>', value.log_url(), value.event_id, value.name)

    def render_last_started_at(self, value: Any) -> str:
        return short_datetime(value)


class DetailsColumn(HiddenHeaderColumn):
    """The last column of an event's log: opens the call's details (the entry's page)."""

    def __init__(self) -> None:
        super().__init__(gettext_lazy("Details"), accessor="pk")
        self.url: Callable[[Any], str] | None = None  # made on first use: the URLconf is not loaded at import

    def value_of(self, record: Any) -> Any:
        return record.pk

    def render(self, value: Any, record: Any) -> SafeString:
        if self.url is None:
            self.url = url_maker("eventlog:detail", CUSTOM_EVENTS.slug)
        return format_html(
            '<a class="small text-nowrap" href="{}"><i class="bi bi-eye" aria-hidden="true"></i> {}</a>',
            self.url(value),
            _("Details"),
        )


_TabTable = table_for(CUSTOM_EVENTS)


class EventLogTable(_TabTable):  # type: ignore[valid-type,misc]
    """One event's log: the tab's own list (keyset page, masking) with the details in its last column."""

    details = DetailsColumn()

    class Meta(_TabTable.Meta):  # type: ignore[name-defined]
        sequence = (*_TabTable.Meta.sequence, "details")  # type: ignore[attr-defined]


#: The tab's columns an event's log leaves out: the event is the page's, a row is a scenario started.
LOG_EXCLUDES = ("select", "data__event_id", "data__event_name", "event_type", "severity")
