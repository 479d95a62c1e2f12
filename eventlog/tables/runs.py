"""The job runs as a table: few enough for django-tables2's own paging and ordering."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from .. import runs as run_kinds
from .. import tabs as tab_registry
from .base import EMPTY, WIDE_ONLY, DziennikTable, cell_attrs, isolated, short_datetime


class RunTable(DziennikTable):
    """The job runs, newest first; few enough for the library's own paging and ordering."""

    run = tables.Column(verbose_name=gettext_lazy("Run"), accessor="pk", order_by=("id",))
    kind = tables.Column(verbose_name=gettext_lazy("Kind"), order_by=("kind", "id"))
    tab = tables.Column(verbose_name=gettext_lazy("Tab"), order_by=("tab", "id"), attrs=cell_attrs(WIDE_ONLY))
    status = tables.Column(verbose_name=gettext_lazy("Status"), order_by=("status", "id"))
    started_at = tables.Column(verbose_name=gettext_lazy("Started"), order_by=("started_at", "id"))
    finished_at = tables.Column(
        verbose_name=gettext_lazy("Finished"), order_by=("finished_at", "id"), attrs=cell_attrs(WIDE_ONLY)
    )
    progress = tables.Column(
        verbose_name=gettext_lazy("Progress"), accessor="progress_done", orderable=False, attrs=cell_attrs(WIDE_ONLY)
    )
    created_by = tables.Column(
        verbose_name=gettext_lazy("Started by"), order_by=("created_by__username", "id"), attrs=cell_attrs(WIDE_ONLY)
    )

    class Meta(DziennikTable.Meta):
        empty_text = gettext_lazy("No job has run yet.")
        per_page = 50

    def render_run(self, value: int) -> SafeString:
        return format_html('<a href="{}">#{}</a>', reverse("eventlog:run", args=[value]), value)

    def render_kind(self, value: str) -> str:
        return run_kinds.label(value)

    def render_tab(self, value: str) -> str:
        return tab_registry.title(value)

    def render_status(self, record: Any) -> SafeString:
        # The outcome, not the bare status: a success that recorded errors is amber (models.Run.outcome).
        return format_html('<span class="badge {}">{}</span>', record.outcome_badge, record.outcome.label)

    def render_started_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_finished_at(self, value: Any) -> str:
        return short_datetime(value)

    def render_progress(self, record: Any) -> SafeString | str:
        if not record.progress_total:
            return str(record.progress_done) if record.progress_done else EMPTY
        return format_html(
            '<progress class="w-100" max="{}" value="{}">{}%</progress> <span class="small">{} / {}</span>',
            record.progress_total, record.progress_done, record.percent, record.progress_done, record.progress_total,
        )  # fmt: skip

    def render_created_by(self, value: Any) -> SafeString | str:
        return isolated(value.get_username())
