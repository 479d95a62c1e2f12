"""The settings page's list of BaseLinker's last pulls."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from eventlog.models import RunOutcome

from .models import Pull


class PullTable(tables.Table):
    day = tables.DateColumn(verbose_name=_("Day"), short=True)
    started = tables.DateTimeColumn(accessor="run__started_at", verbose_name=_("Started"), short=True)
    closed_at = tables.DateTimeColumn(verbose_name=_("Closed"), short=True, default="—")
    status = tables.Column(accessor="run__status", verbose_name=_("Status"))
    listed = tables.Column(verbose_name=_("Products served"))
    added = tables.Column(verbose_name=_("First served"))
    updated = tables.Column(verbose_name=_("Served again, with changes"))
    unchanged = tables.Column(verbose_name=_("Unchanged"))
    problems = tables.Column(verbose_name=_("With problems"))
    run = tables.Column(verbose_name=_("Run"), orderable=False)

    class Meta:
        model = Pull
        fields = ("day", "started", "closed_at", "status", "listed", "added", "updated", "unchanged", "problems", "run")
        orderable = False
        empty_text = _("BaseLinker has not pulled the product list yet.")
        attrs = {"class": "table table-sm table-hover align-middle"}

    def render_status(self, record: Pull) -> str:
        # The view annotates `run_errors`: one query for the table, not one a row.
        return str(RunOutcome.of(record.run.status, record.run_errors).label)  # type: ignore[attr-defined]

    def render_run(self, record: Pull) -> str:
        return format_html('<a href="{}">#{}</a>', reverse("eventlog:run", args=[record.run_id]), record.run_id)
