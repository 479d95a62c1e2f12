"""The "to fix" lists of a sync run as XLSX, through the project's one spreadsheet writer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from eventlog.models import Run, Severity
from eventlog.spreadsheet import write_xlsx

from .problems import problem_rows


def header() -> list[str]:
    return [_("Identifier"), _("Code"), _("Name"), _("Message"), _("Message code"), _("Severity"), _("Change")]


def _rows(run: Run, kind: str) -> Iterator[list[Any]]:
    labels = dict(Severity.choices)
    for row in problem_rows(run, kind):
        yield [row.erp_id, row.code, row.name, row.message, row.message_code, labels.get(row.severity), row.change_text]


def write_problems(target: IO[bytes], run: Run, kind: str) -> int:
    """Every problem item of one kind (product or category) that the run found; returns the row count."""
    title = _("Products to fix") if kind == "product" else _("Categories to fix")
    return write_xlsx(target, header(), _rows(run, kind), title=str(title))
