"""An account's Sync reports section: one row per stock push, each opening its report (the entry's page)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tables2 import RequestConfig

from eventlog.models import Entry
from eventlog.tables.base import DziennikTable, cell_attrs, severity_icon, short_datetime

from ..tab import PRESTASHOP
from .base import AccountSectionMixin


class SyncReportTable(DziennikTable):
    occurred_at = tables.Column(verbose_name=gettext_lazy("Date"), orderable=False)
    severity = tables.Column(verbose_name=gettext_lazy("Severity"), orderable=False, attrs=cell_attrs("col-severity"))
    sent = tables.Column(verbose_name=gettext_lazy("Products sent"), accessor="data__sent", orderable=False, default=0)
    accepted = tables.Column(
        verbose_name=gettext_lazy("Accepted"), accessor="data__accepted", orderable=False, default=0
    )
    refused = tables.Column(
        verbose_name=gettext_lazy("Refused"), accessor="data__refused_count", orderable=False, default=0
    )
    details = tables.Column(verbose_name=gettext_lazy("Report"), accessor="pk", orderable=False)

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No stock push yet.")
        per_page = 50

    def render_occurred_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_severity(self, value: str, record: Entry) -> str:
        return severity_icon(value, record.get_severity_display())

    def render_details(self, value: int) -> str:
        url = reverse("eventlog:detail", args=[PRESTASHOP.slug, value])
        return format_html(
            '<a href="{}" class="btn btn-outline-secondary btn-sm" title="{}">'
            '<i class="bi bi-eye" aria-hidden="true"></i>'
            '<span class="visually-hidden">{}</span></a>',
            url,
            _("Open the report"),
            _("Open the report"),
        )


class SyncReportListView(AccountSectionMixin, TemplateView):
    section = "sync_report"
    template_name = "prestashop/sync_reports.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Uses index: entry_tab_account.
        rows = Entry.objects.filter(tab=PRESTASHOP.slug, account=self.account.label, event_type="sync_report")
        table = SyncReportTable(rows.order_by("-occurred_at", "-id"))
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return self.render_to_response(self.get_context_data(table=table))
