from celery import shared_task

from . import partitions


@shared_task(name="eventlog.tasks.create_partitions_ahead")
def create_partitions_ahead() -> list[str]:
    """Beat, every 6 hours: next months' partitions exist before anything is written there."""
    return partitions.create_ahead()


@shared_task(name="eventlog.tasks.compact_finished_partitions")
def compact_finished_partitions() -> list[str]:
    """Beat, daily: packs the indexes of months that have ended (see partitions.compact_finished)."""
    return partitions.compact_finished()


@shared_task(name="eventlog.tasks.apply_retention")
def apply_retention() -> int:
    """Beat, hourly: removes what each tab no longer keeps; returns the run's id."""
    from . import retention

    return retention.run_retention().pk


@shared_task(name="eventlog.tasks.export_entries")
def export_entries(run_id: int) -> int | None:
    """A large export of a tab's list: writes the run's file; returns the number of rows."""
    from . import exports

    run = exports.run_job(run_id)
    return run.progress_done if run else None


@shared_task(name="eventlog.tasks.remove_old_exports")
def remove_old_exports() -> int:
    """Beat, daily: removes export files older than JOURNAL_EXPORT_KEEP_DAYS; returns how many."""
    from . import exports

    return exports.remove_old_files()
