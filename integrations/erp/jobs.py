"""The ERP sync's jobs as its tasks run them (and the command, in-process).

An import ends by filing its package away in done/ or failed/ (if the inbox or an
upload put it into processing/); the inbox check claims every complete package and queues
its import (the claim is explained in `inbox`). Runs are sent to their tasks by name
(`eventlog.runs.queue`), so nothing here imports `tasks`; starting a job from the panel is
in `actions`.
"""

from __future__ import annotations

from django.conf import settings

from eventlog.models import Run, RunStatus

from . import exporter, importer, inbox


def _ended(run: Run) -> bool:
    return run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.ABORTED)


def _file_away(run: Run) -> None:
    """File an ended run's package in done/ (succeeded) or failed/, and say so in its params."""
    moved = inbox.file_away(run.params["package"], run.status == RunStatus.SUCCEEDED)
    if moved is not None:
        run.params = {**run.params, "package": moved}
        Run.objects.filter(pk=run.pk).update(params=run.params)


def import_file(run: Run | int) -> Run:
    """Run an import and file its package away (succeeded: done/; failed or aborted: failed/)."""
    run = Run.objects.get(pk=run) if isinstance(run, int) else run
    importer.run_import(run)
    name = run.params.get("package")
    if name and _ended(run) and inbox.in_processing(name):
        _file_away(run)
    return run


def export_orders(run_id: int | None = None) -> Run:
    """Send the orders not yet sent (beat without a run: a run of its own, here and now)."""
    run = Run.objects.get(pk=run_id) if run_id else exporter.new_run(source="schedule")
    return exporter.run_export(run)


def remove_processed_packages() -> int:
    """Remove packages filed in done/ and failed/ more than ERP_INBOX_KEEP_DAYS ago; returns how many."""
    return inbox.remove_processed()


def recover_processing() -> int:
    """What a killed process left in the inbox is seen to; returns how many packages that was.

    Claims whose original was not deleted yet are finished (`inbox.finish_claims`). In processing/, a
    copy no run knows — its claim or upload never committed, so its original is still in the inbox or
    the upload was never confirmed — is removed; one whose run is over is filed away. Only files idle
    for JOURNAL_RUN_STALE_SECONDS are looked at, so a package whose run is being committed right now is
    never taken for one.
    """
    seen = inbox.finish_claims()
    for name in inbox.left_in_processing(settings.JOURNAL_RUN_STALE_SECONDS):
        # Uses no index: a handful of import runs a day, and only for files left behind.
        run = Run.objects.filter(kind=importer.KIND, params__package=name).order_by("-pk").first()
        if run is None:
            inbox.remove_orphan(name)
        elif _ended(run):
            _file_away(run)
        else:
            continue  # its run is queued or running: the run lifecycle sees to it
        seen += 1
    return seen


def check_inbox() -> list[int]:
    """Claim every complete package in the inbox and queue its import; returns the new runs' ids.

    Any number of checks may run at once, on any machines (`inbox.claim`); what a killed one left is
    seen to first (`recover_processing`).
    """
    recover_processing()
    runs = []
    for name in inbox.waiting():
        run = inbox.claim(name, lambda file_name, stored_as: importer.queue_run(
            source="inbox", file_name=file_name, package=stored_as
        ))  # fmt: skip
        if run is not None:
            runs.append(run.pk)
    return runs
