"""Celery tasks of the API (imported by the worker through CELERY_IMPORTS)."""

from celery import shared_task

from . import idempotency


@shared_task(name="eventlog.api.tasks.remove_expired_idempotency_records")
def remove_expired_idempotency_records() -> int:
    """Beat, hourly: Idempotency-Key answers older than JOURNAL_API_IDEMPOTENCY_HOURS go; returns how many."""
    return idempotency.remove_expired()
