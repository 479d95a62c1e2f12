from celery import shared_task

from . import partitions


@shared_task(name="eventlog.tasks.create_partitions_ahead")
def create_partitions_ahead() -> list[str]:
    """Beat, every 6 hours: next months' partitions exist before anything is written there."""
    return partitions.create_ahead()


@shared_task(name="eventlog.tasks.apply_retention")
def apply_retention() -> int:
    """Beat, hourly: removes what each tab no longer keeps; returns the run's id."""
    from . import retention

    return retention.run_retention().pk
