"""Celery tasks of messaging: thin wrappers taking run ids (see `jobs`).

Nothing imports this module: runs are sent here by task name (`eventlog.runs.queue`), beat
calls the rest by name (config/settings.py).
"""

from celery import shared_task

from . import failures, jobs


@shared_task(name="messaging.send_mailing")
def send_mailing(run_id: int) -> str:
    """Send a queued mailing run; safe to run twice (a claimed or finished run is left alone)."""
    run = jobs.send_mailing(run_id)
    return run.status if run is not None else "skipped"


@shared_task(name="messaging.forget_removed_failures")
def forget_removed_failures() -> int:
    """Daily (beat): the kept messages of failed e-mails whose entries are gone."""
    return failures.forget_removed()
