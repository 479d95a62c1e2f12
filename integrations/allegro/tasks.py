"""Celery tasks of the Allegro connector: thin wrappers around `poller` (runs are sent here by task name)."""

from celery import shared_task

from . import poller


@shared_task(name="allegro.poll_account")
def poll_account(run_id: int) -> str | None:
    """Read one account's event feeds for a queued run; safe to run twice (a claimed or finished run is left alone)."""
    run = poller.poll_account(run_id)
    return run.status if run is not None else None


@shared_task(name="allegro.poll")
def poll() -> list[int]:
    """Beat, every minute: queue a poll run for each active Allegro account that has none pending."""
    return poller.tick()
