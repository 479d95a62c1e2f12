"""Celery tasks of the ERP sync: thin wrappers taking run ids (see `jobs`, `importer`, `exporter`)."""

from celery import shared_task

from eventlog.models import Run

from . import exporter, jobs


@shared_task(name="erp.import_package")
def import_package(run_id: int) -> str:
    """Import the package of a queued run; safe to run twice (a finished run is left alone)."""
    run = jobs.import_file(Run.objects.get(pk=run_id))
    return run.status


@shared_task(name="erp.check_inbox")
def check_inbox() -> list[int]:
    """Beat, every minute: claim the packages waiting in ERP_INBOX_DIR and queue their imports."""
    return jobs.check_inbox()


@shared_task(name="erp.export_orders")
def export_orders(run_id: int | None = None) -> int:
    """Send the orders not yet sent as one package into ERP_OUTBOX_DIR; returns the run's id."""
    run = Run.objects.get(pk=run_id) if run_id else exporter.new_run(source="schedule")
    return exporter.run_export(run).pk
