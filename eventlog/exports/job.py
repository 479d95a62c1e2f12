"""A large export as a background job: the run's file, written into the "exports" storage.

Safe to run twice and to resume: a finished run is never claimed again, and a run
whose worker died is written again from the start. The rows stream into a local
temporary file (TMPDIR: it needs room for the largest export); the file goes into the
storage (`storage.save`: a copy into the local folder, a multipart upload to S3) last,
inside the transaction that writes the export's entry and the run's success — so a
killed worker's partial work never becomes a finished file, a run never ends
"succeeded" without its file, and a resumed export leaves one complete file and one entry.
The transaction stays open while the file is copied or uploaded (seconds for a few hundred
MB); meanwhile the run's row is locked, so beat's stale-run check waits instead of taking it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import messages, replica, runs, spreadsheet, tabs
from .query import build
from .storage import PART_PREFIX, file_of, local_parts_of, save
from .writing import CONTENT_TYPES, record, write

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
        # The rows come from the replica where one is configured (progress, the abort check and the final
        # transaction stay on the primary: eventlog/replica.py).
        with translation.override(run.params.get("language") or settings.LANGUAGE_CODE), replica.reads("export job"):
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

            if self.resumed:
                # What a worker that died here had written goes: this attempt starts the file again.
                for earlier in local_parts_of(run.pk):
                    earlier.unlink(missing_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"{PART_PREFIX}{run.pk}-", suffix=".part")
            part = Path(name)
            try:
                with os.fdopen(fd, "w+b") as out:
                    rows = write(export, fmt, out, limit=limit, progress=progress, progress_every=every)
                    run.progress_done = rows
                    # (An UploadedFile is a File that carries its content type: S3 keeps it as the object's.)
                    content = UploadedFile(out, name=final, content_type=CONTENT_TYPES[fmt])
                    with transaction.atomic():
                        entry = record(export, fmt, rows, run.created_by, run=run)
                        summary = messages.Message(entry.message_code, entry.message_params or {})
                        if total is not None and limit is not None and total > limit:
                            summary = messages.Message(XLSX_CUT, {**summary.params, "limit": limit})
                        runs.finish(run, summary, self.counters)
                        # Saved last, in the transaction: a run that lost its claim (RunLost above) saves no
                        # file and keeps no entry, and a save that fails leaves the run unfinished.
                        save(run, content)
            finally:
                # Failed, aborted or taken over: not even a part of a file stays.
                part.unlink(missing_ok=True)
        return summary
