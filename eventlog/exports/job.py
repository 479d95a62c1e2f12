"""A large export as a background job: the run's file, written into JOURNAL_EXPORT_DIR.

Safe to run twice and to resume: a finished run is never claimed again, and a run
whose worker died is written again from the start (into a new temporary file,
renamed at the end), its journal entry written with the run's success in one
transaction — so a resumed export leaves one complete file and one entry.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import messages, runs, spreadsheet, tabs
from .query import build
from .storage import export_dir, file_of
from .writing import record, write

#: The summary of an XLSX export that stopped at the sheet's last row.
XLSX_CUT = "EXPORT_XLSX_CUT"
messages.register(
    {
        XLSX_CUT: _(
            "Entries exported to %(format)s: %(count)s (user %(user)s). "
            "XLSX holds at most %(limit)s rows: export to CSV to get them all."
        )
    }
)

#: Rows between two progress saves (and abort checks): about 1 % of the export, within these bounds.
PROGRESS_MIN_ROWS, PROGRESS_MAX_ROWS = 100, 5000


class ExportJob(runs.Job):
    kind = runs.EXPORT

    def work(self) -> messages.Message:
        run = self.run
        tab = tabs.get(run.tab)
        if tab is None:
            raise ValueError(f"unknown tab {run.tab!r}")
        fmt, final = run.params.get("format"), file_of(run)
        with translation.override(run.params.get("language") or settings.LANGUAGE_CODE):
            export = build(tab, QueryDict(run.params.get("query", "")), user=run.created_by)
            limit = spreadsheet.XLSX_MAX_ROWS if fmt == "xlsx" else None
            # An exact total for the progress bar: one count, in the worker, not the web process.
            total = None if export.grouped else export.queryset.order_by().count()
            shown = min(total, limit) if total is not None and limit is not None else total
            self.progress(0, shown, force=True)
            every = min(PROGRESS_MAX_ROWS, max(PROGRESS_MIN_ROWS, (shown or 0) // 100))

            def progress(done: int) -> None:
                self.progress(done)
                self.check_abort()

            export_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
            if self.resumed:
                # What the worker that died had written goes: this attempt starts the file again.
                for earlier in export_dir().glob(f"export-{run.pk}-*.part"):
                    earlier.unlink(missing_ok=True)
            fd, name = tempfile.mkstemp(dir=export_dir(), prefix=f"export-{run.pk}-", suffix=".part")
            part = Path(name)
            try:
                with os.fdopen(fd, "wb") as out:
                    rows = write(export, fmt, out, limit=limit, progress=progress, progress_every=every)
                run.progress_done = rows
                with transaction.atomic():
                    entry = record(export, fmt, rows, run.created_by, run=run)
                    summary = messages.Message(entry.message_code, entry.message_params or {})
                    if total is not None and limit is not None and total > limit:
                        summary = messages.Message(XLSX_CUT, {**summary.params, "limit": limit})
                    runs.finish(run, summary, self.counters)
                    # Renamed last, in the transaction: a run that lost its claim keeps no file and no entry.
                    os.replace(part, final)
            finally:
                # Failed, aborted or taken over: not even a part of a file stays.
                part.unlink(missing_ok=True)
        return summary
