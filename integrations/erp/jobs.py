"""Starting ERP syncs: from an upload, from the inbox folder, from the command line.

Each way creates the run first (so it shows as queued at once) and hands its id to a
Celery task after the transaction commits; the command runs the same job in-process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from eventlog.models import Run, RunStatus

from . import exporter, importer, inbox


def import_file(run: Run) -> Run:
    """Run an import and file its package away in done/ or failed/ (if the inbox or an upload put it there)."""
    importer.run_import(run)
    path = Path(run.params["path"])
    if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED) and inbox.in_processing(path):
        moved = inbox.file_away(path, run.status == RunStatus.SUCCEEDED)
        if moved is not None:
            run.params = {**run.params, "path": str(moved)}
            run.save(update_fields=["params"])
    return run


def _queue_import(run: Run) -> None:
    from .tasks import import_package

    transaction.on_commit(lambda: import_package.delay(run.pk))


def start_upload(upload: UploadedFile, user: Any) -> Run:
    """A shop admin's uploaded package: stored, a queued run, the task sent after commit."""
    path = inbox.store_upload(upload)
    with transaction.atomic():
        run = importer.new_run(source="upload", file_name=upload.name or path.name, path=path, user=user)
        _queue_import(run)
    return run


def check_inbox() -> list[int]:
    """Claim every complete package in the inbox and queue its import; returns the new runs' ids."""
    runs = []
    for path in inbox.waiting():
        claimed = inbox.claim(path)
        if claimed is None:
            continue  # another worker took it
        with transaction.atomic():
            run = importer.new_run(source="inbox", file_name=path.name, path=claimed)
            _queue_import(run)
        runs.append(run.pk)
    return runs


def start_export(user: Any = None, source: str = "panel") -> Run:
    from .tasks import export_orders

    with transaction.atomic():
        run = exporter.new_run(source=source, user=user)
        transaction.on_commit(lambda: export_orders.delay(run.pk))
    return run
