"""What shop admins do with the SMS queue: each action owns its transaction, and the send run's
task is sent once it commits, so the message goes out at once rather than at beat's next minute."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from eventlog.models import Run

from . import jobs, queue
from .models import Sms


def add_by_hand(*, phone: str, text: str, user: Any) -> tuple[Sms, Run]:
    """Queue a message a shop admin wrote and start a send run; raises ValidationError (see `queue.enqueue`)."""
    with transaction.atomic():
        sms = queue.enqueue(phone, text, user=user)
        return sms, jobs.queue_send_run(user=user, source="panel")


def retry(*, sms: Sms, user: Any) -> Run | None:
    """A failed message waits again and a send run starts; None (nothing done) if it is not failed."""
    with transaction.atomic():
        if not queue.retry(sms, user=user):
            return None
        return jobs.queue_send_run(user=user, source="panel")
