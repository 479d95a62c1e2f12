"""The custom events' definitions, shown above their tab's list of calls."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eventlog.tables import WIDE_ONLY, DziennikTable, HiddenHeaderColumn, cell_attrs


class CustomEventTable(DziennikTable):
    """A shop has tens of events: the library orders and pages them. Its query parameters
    carry a prefix, so that they never mix with the filters of the list below."""

    wrapper_class = "table-responsive journal-table-wrap mb-0 border-0"

    event_id = tables.Column(verbose_name=gettext_lazy("Event id"), order_by=("event_id",))
    name = tables.Column(verbose_name=gettext_lazy("Name"), order_by=("name",))
    description = tables.Column(
        # A phone shows the event's id, name, switch and calls; the description from md up.
        verbose_name=gettext_lazy("Description"),
        orderable=False,
        attrs=cell_attrs("col-message", WIDE_ONLY),
    )
    logging_enabled = tables.Column(verbose_name=gettext_lazy("Logging"), order_by=("logging_enabled", "event_id"))
    calls = HiddenHeaderColumn(gettext_lazy("Calls"), accessor="pk")

    class Meta(DziennikTable.Meta):
        attrs = {
            "class": "table table-sm mb-0 journal-table",
            "thead": {"class": "table-light"},
            "th": {"scope": "col"},
        }
        prefix = "events-"
        per_page = 20

    def render_logging_enabled(self, value: bool) -> SafeString:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', _("on"))
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("off"))

    def render_calls(self, record: Any) -> SafeString:
        return format_html('<a class="small text-nowrap" href="{}">{}</a>', record.calls_url(), _("Calls"))
