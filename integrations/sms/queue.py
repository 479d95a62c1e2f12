"""The SMS queue's state changes, each with its journal entry in the same transaction.

Other code of the shop sends a text message with one call:

    from integrations.sms.queue import enqueue
    enqueue("+48 600 100 200", "Twoje zamówienie 123456 zostało wysłane.")

The message waits until a send run (`jobs.SendQueue`, started by beat within a minute)
takes it to the gateway. Every change of a message's status writes an entry of the SMS
tab: its message is the SMS text, its object the recipient, `data.sms_id` the queue row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Initiator, ObjectType, Run, RunStatus, Severity

from . import codes, validation
from .models import Sms, SmsStatus
from .tab import SMS, WAITING_EXPIRES_AFTER

#: Messages expired in one transaction (one UPDATE and one multi-row INSERT of entries).
EXPIRE_BATCH = 500


def _entry(
    sms: Sms,
    event_type: str,
    severity: str,
    *,
    code: str = "",
    run: Run | None = None,
    initiator: str = Initiator.AUTOMATIC,
    actor: str = "",
    **data: Any,
) -> dict[str, Any]:
    return {
        "tab": SMS.slug,
        "event_type": event_type,
        "severity": severity,
        "message": sms.text,
        "message_code": code,
        "object_type": ObjectType.PHONE,
        "object_id": sms.phone,
        "initiator": initiator,
        "actor": actor,
        "run": run,
        "data": {"sms_id": sms.pk, **data},
    }


def _who(user: Any) -> tuple[Any, str, str]:
    """(user or None, initiator, actor) of a change made by `user` (None: the shop's code)."""
    if user is not None and getattr(user, "is_authenticated", False):
        return user, Initiator.MANUAL, user.get_username()
    return None, Initiator.AUTOMATIC, ""


def enqueue(phone: str, text: str, *, user: Any = None) -> Sms:
    """Queue one SMS to `phone` (as people write it; stored in E.164) and write its "waiting" entry.

    `user`: the shop admin who added it by hand (None for the shop's own code). Sent by
    the next send run (beat, within a minute). Raises django's ValidationError when the
    number is no (Polish mobile or E.164) phone number, or the text is empty or takes
    more than SMSAPI_MAX_PARTS parts.
    """
    phone = validation.normalize_phone(phone)
    text = validation.clean_text(text)
    who, initiator, actor = _who(user)
    parts = validation.count_parts(text)
    with transaction.atomic():
        sms = Sms.objects.create(phone=phone, text=text, created_by=who)
        writer.record(**_entry(sms, "waiting", Severity.INFO, initiator=initiator, actor=actor, parts=parts.parts))
    return sms


def retry(sms: Sms, *, user: Any) -> bool:
    """A failed message waits again, with its attempts reset; False if it is no longer failed."""
    _user, initiator, actor = _who(user)
    with transaction.atomic():
        changed = Sms.objects.filter(pk=sms.pk, status=SmsStatus.FAILED).update(
            status=SmsStatus.WAITING, attempts=0, reason_code="", reason_params=None, gateway_error=None,
            finished_at=None, run=None, created_at=timezone.now(),
        )  # fmt: skip
        if not changed:
            return False
        sms.refresh_from_db()
        writer.record(**_entry(sms, "waiting", Severity.INFO, initiator=initiator, actor=actor, retried=True))
    return True


def mark_sent(sms: Sms, run: Run, *, gateway_id: str, points: Any, parts: int | None, already: bool) -> None:
    """The gateway accepted it (or had accepted it before: `already`): sent, with its "sent" entry."""
    now = timezone.now()
    with transaction.atomic():
        Sms.objects.filter(pk=sms.pk).update(
            status=SmsStatus.SENT, sent_at=now, finished_at=now, gateway_id=gateway_id, points=points, parts=parts,
            reason_code="", reason_params=None,
        )  # fmt: skip
        data: dict[str, Any] = {"attempts": sms.attempts, "gateway_id": gateway_id, "parts": parts}
        if points is not None:
            data["points"] = str(points)
        if already:
            data["accepted_before"] = True  # an earlier attempt's answer was lost; the gateway had it
        writer.record(**_entry(sms, "sent", Severity.SUCCESS, run=run, **data))


def mark_failed(
    sms: Sms, run: Run | None, reason: Message, *, gateway_error: int | None = None, text: str = ""
) -> None:
    """It will not be sent (the gateway refused it, or never answered): failed, with its "failed" entry.

    `text` is the gateway's own words (outside text, kept as written in the entry's data)."""
    with transaction.atomic():
        Sms.objects.filter(pk=sms.pk).update(
            status=SmsStatus.FAILED, finished_at=timezone.now(), reason_code=reason.code,
            reason_params=reason.params, gateway_error=gateway_error,
        )  # fmt: skip
        data: dict[str, Any] = {"attempts": sms.attempts, "reason": reason.stored()}
        if gateway_error is not None:
            data["gateway_error"] = gateway_error
        if text:
            data["gateway_message"] = text
        writer.record(**_entry(sms, "failed", Severity.ERROR, code=reason.code, run=run, **data))


def mark_retry(sms: Sms, run: Run, reason: Message) -> None:
    """The gateway did not answer and the message has attempts left: it waits again, with a warning entry."""
    with transaction.atomic():
        Sms.objects.filter(pk=sms.pk).update(reason_code=reason.code, reason_params=reason.params, run=None)
        writer.record(
            **_entry(sms, "waiting", Severity.WARNING, code=reason.code, run=run, attempts=sms.attempts,
                     reason=reason.stored())
        )  # fmt: skip


def claimable(now: dt.datetime | None = None) -> QuerySet[Sms]:
    """Messages a send run may take: waiting, not overdue, claimed by no run still going.

    Uses index: sms_status_created."""
    cutoff = (now or timezone.now()) - WAITING_EXPIRES_AFTER
    return Sms.objects.filter(status=SmsStatus.WAITING, created_at__gte=cutoff, run__isnull=True)


def release_ended_claims() -> int:
    """Messages still claimed by a run that ended (its worker died too often, it was aborted) wait again."""
    return (
        Sms.objects.filter(status=SmsStatus.WAITING, run__isnull=False)
        .exclude(run__status__in=(RunStatus.QUEUED, RunStatus.RUNNING))
        .update(run=None)
    )


def overdue(now: dt.datetime | None = None) -> QuerySet[Sms]:
    """Messages waiting longer than WAITING_EXPIRES_AFTER that no running send run holds.

    Uses index: sms_status_created."""
    cutoff = (now or timezone.now()) - WAITING_EXPIRES_AFTER
    return Sms.objects.filter(status=SmsStatus.WAITING, created_at__lt=cutoff).exclude(
        run__status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    )


def expire(messages: Iterable[Sms], run: Run | None) -> int:
    """Mark these overdue messages expired, one "expired" entry each, in one transaction; returns how many."""
    batch = list(messages)
    if not batch:
        return 0
    reason = codes.message(codes.EXPIRED)
    with transaction.atomic():
        # Conditional: a message sent or retried meanwhile is left as it is.
        ids = set(
            Sms.objects.select_for_update()
            .filter(pk__in=[m.pk for m in batch], status=SmsStatus.WAITING)
            .values_list("pk", flat=True)
        )
        Sms.objects.filter(pk__in=ids).update(
            status=SmsStatus.EXPIRED, finished_at=timezone.now(), reason_code=reason.code, reason_params={}, run=None
        )
        writer.record_many(
            _entry(m, "expired", Severity.WARNING, code=reason.code, run=run, queued_at=m.created_at.isoformat())
            for m in batch
            if m.pk in ids
        )
    return len(ids)
