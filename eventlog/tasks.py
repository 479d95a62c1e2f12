"""Celery tasks of the journal: thin wrappers taking ids, each running one job.

Tasks import only the code they run; nothing imports this module (runs are sent to
their task by name, see `runs.queue`), so there is no cycle back into it.
"""

from celery import shared_task

from . import partitions, retention, runs
from .exports.job import ExportJob
from .exports.storage import remove_old_files


@shared_task(name="eventlog.tasks.create_partitions_ahead")
def create_partitions_ahead() -> list[str]:
    """Beat, every 6 hours: next months' partitions exist before anything is written there."""
    return partitions.create_ahead()


@shared_task(name="eventlog.tasks.compact_finished_partitions")
def compact_finished_partitions() -> list[str]:
    """Beat, daily: packs the indexes of months that have ended (see partitions.compact_finished)."""
    return partitions.compact_finished()


@shared_task(name="eventlog.tasks.apply_retention")
def apply_retention(run_id: int | None = None) -> int | None:
    """Beat, hourly: removes what each tab no longer keeps; returns the run's id."""
    run = retention.run_retention() if run_id is None else retention.RetentionJob.execute(run_id)
    return run.pk if run else None


@shared_task(name="eventlog.tasks.export_entries")
def export_entries(run_id: int) -> int | None:
    """A large export of a tab's list: writes the run's file; returns the number of rows."""
    run = ExportJob.execute(run_id)
    return run.progress_done if run and run.status == "succeeded" else None


@shared_task(name="eventlog.tasks.remove_old_exports")
def remove_old_exports() -> int:
    """Beat, daily: removes export files older than JOURNAL_EXPORT_KEEP_DAYS; returns how many."""
    return remove_old_files()


@shared_task(name="eventlog.tasks.recover_stale_runs")
def recover_stale_runs() -> dict[str, list[int]]:
    """Beat, every minute: runs whose worker died are sent again or failed (see runs.recover_stale)."""
    recovered = runs.recover_stale()
    return {"resumed": recovered.resumed, "failed": recovered.failed}
