"""The ERP sync's jobs as its tasks run them (and the command, in-process).

An import ends by filing its package away in done/ or failed/ (if the inbox or an
upload put it there); the inbox check claims every complete package and queues its
import. Runs are sent to their tasks by name (`eventlog.runs.queue`), so nothing here
imports `tasks`; starting a job from the panel is in `actions`.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from eventlog.models import Run, RunStatus

from . import exporter, importer, inbox


def import_file(run: Run | int) -> Run:
    """Run an import and file its package away (succeeded: done/; failed or aborted: failed/)."""
    run = Run.objects.get(pk=run) if isinstance(run, int) else run
    importer.run_import(run)
    path = Path(run.params["path"])
    if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.ABORTED) and inbox.in_processing(path):
        moved = inbox.file_away(path, run.status == RunStatus.SUCCEEDED)
        if moved is not None:
            run.params = {**run.params, "path": str(moved)}
            Run.objects.filter(pk=run.pk).update(params=run.params)
    return run


def export_orders(run_id: int | None = None) -> Run:
    """Send the orders not yet sent (beat without a run: a run of its own, here and now)."""
    run = Run.objects.get(pk=run_id) if run_id else exporter.new_run(source="schedule")
    return exporter.run_export(run)


def check_inbox() -> list[int]:
    """Claim every complete package in the inbox and queue its import; returns the new runs' ids."""
    runs = []
    for path in inbox.waiting():
        claimed = inbox.claim(path)
        if claimed is None:
            continue  # another worker took it
        with transaction.atomic():
            run = importer.queue_run(source="inbox", file_name=path.name, path=claimed)
        runs.append(run.pk)
    return runs
