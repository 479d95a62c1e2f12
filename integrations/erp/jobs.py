"""The ERP sync's jobs as its tasks run them (and the command, in-process).

An import ends by filing its package away in done/ or failed/ (if the inbox or an
upload put it there); the inbox check claims every complete package and queues its
import. Runs are sent to their tasks by name (`eventlog.runs.queue`), so nothing here
imports `tasks`; starting a job from the panel is in `actions`.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
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


def remove_processed_packages() -> int:
    """Remove packages filed in done/ and failed/ more than ERP_INBOX_KEEP_DAYS ago; returns how many."""
    return inbox.remove_processed()


def recover_processing() -> list[int]:
    """Packages a killed worker left in processing/ get their due: one whose run never committed
    is queued again (as from the inbox), one whose run is over is filed away. Returns new runs' ids.

    Only files idle for JOURNAL_RUN_STALE_SECONDS are looked at, so an upload whose run is being
    committed right now is never taken for one.
    """
    queued = []
    for path in inbox.left_in_processing(settings.JOURNAL_RUN_STALE_SECONDS):
        run = Run.objects.filter(kind=importer.KIND, params__path=str(path)).order_by("-pk").first()
        if run is None:
            with transaction.atomic():
                queued.append(importer.queue_run(source="inbox", file_name=inbox.claimed_name(path), path=path).pk)
        elif run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.ABORTED):
            moved = inbox.file_away(path, run.status == RunStatus.SUCCEEDED)
            if moved is not None:
                Run.objects.filter(pk=run.pk).update(params={**run.params, "path": str(moved)})
    return queued


def check_inbox() -> list[int]:
    """Claim every complete package in the inbox and queue its import; returns the new runs' ids.

    Packages left in processing/ by a killed worker are seen to first (`recover_processing`).
    """
    runs = recover_processing()
    for path in inbox.waiting():
        claimed = inbox.claim(path)
        if claimed is None:
            continue  # another worker took it
        with transaction.atomic():
            run = importer.queue_run(source="inbox", file_name=path.name, path=claimed)
        runs.append(run.pk)
    return runs
