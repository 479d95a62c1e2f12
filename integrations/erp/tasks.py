"""Celery tasks of the ERP sync: thin wrappers taking run ids (see `jobs`, `importer`, `exporter`).

Nothing imports this module: runs are sent here by task name (`eventlog.runs.queue`).
"""

from celery import shared_task

from . import jobs


@shared_task(name="erp.import_package")
def import_package(run_id: int) -> str:
    """Import the package of a queued run; safe to run twice (a claimed or finished run is left alone)."""
    return jobs.import_file(run_id).status


@shared_task(name="erp.check_inbox")
def check_inbox() -> list[int]:
    """Beat, every minute: claim the packages waiting in the ERP inbox storage and queue their imports."""
    return jobs.check_inbox()


@shared_task(name="erp.remove_processed_packages")
def remove_processed_packages() -> int:
    """Beat, daily: packages filed in done/ and failed/ more than ERP_INBOX_KEEP_DAYS ago go; returns how many."""
    return jobs.remove_processed_packages()


@shared_task(name="erp.export_orders")
def export_orders(run_id: int | None = None) -> int:
    """Send the orders not yet sent as one package into the ERP outbox storage; returns the run's id."""
    return jobs.export_orders(run_id).pk
