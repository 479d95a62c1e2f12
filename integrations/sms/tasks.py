"""Celery tasks of the SMS queue: thin wrappers around `jobs` (runs are sent here by task name)."""

from typing import Any

from celery import shared_task

from . import jobs


@shared_task(name="sms.send_queue")
def send_queue(run_id: int) -> str | None:
    """Send the waiting messages for a queued run; safe to run twice (a claimed or finished run is left alone)."""
    run = jobs.send_queue(run_id)
    return run.status if run is not None else None


@shared_task(name="sms.tick")
def tick() -> dict[str, Any]:
    """Beat, every minute: expire messages waiting over 24 hours, and queue a send run when some wait."""
    return jobs.tick()
