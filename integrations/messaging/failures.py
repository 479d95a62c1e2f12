"""The E-mail tab's records: one entry per recipient a message did not reach, with the message
kept to send it again (`FailedEmail`), and sending it again."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from email import message_from_bytes
from email.policy import SMTP
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Entry, Initiator

from . import codes, delivery
from .delivery import Failure
from .models import FailedEmail
from .tab import EMAIL

log = logging.getLogger(__name__)

#: Messages larger than this are journalled but not kept for resending (attachments can be large).
RESEND_MAX_BYTES = 10 * 1024 * 1024


def record(
    failures: Sequence[Failure], *, sender: str, subject: str, mime: bytes, actor: str = "", resent_from: int = 0
) -> list[int]:
    """Write one E-mail entry per failure and keep the message for each; returns the entries' ids.

    One transaction: an entry never lacks its kept message. The server's reply is outside
    text, stored as written; the entry's data hold the subject and the SMTP code.
    """
    if not failures:
        return []
    subject = subject[:500]
    kept = mime if len(mime) <= RESEND_MAX_BYTES else b""
    rows: list[dict[str, Any]] = []
    for failure in failures:
        data: dict[str, Any] = {"subject": subject, "from": sender[:320]}
        if failure.smtp_code is not None:
            data["smtp_code"] = failure.smtp_code
        if resent_from:
            data["resent_from"] = resent_from
        rows.append(
            {
                "tab": EMAIL.slug,
                "severity": "error",
                "event_type": "send_failed",
                "message": failure.message,
                "message_code": failure.code,
                "initiator": Initiator.MANUAL if actor else Initiator.AUTOMATIC,
                "actor": actor,
                "object_type": "email",
                "object_id": failure.recipient[:128],
                "data": data,
            }
        )
    with transaction.atomic():
        ids = writer.record_many(rows)
        FailedEmail.objects.bulk_create(
            FailedEmail(entry_id=pk, sender=sender[:320], recipient=f.recipient[:320], subject=subject, mime=kept)
            for pk, f in zip(ids, failures, strict=True)
        )
    return ids


def subject_of(mime: bytes) -> str:
    return str(message_from_bytes(mime, policy=SMTP).get("Subject", ""))


class NotResendable(Exception):
    """The message was not kept (too large), or it was sent again already."""


def resend(failed: FailedEmail, *, user: Any) -> list[int]:
    """Send a failed message again to its recipient through the delivery mailer.

    Returns the ids of new E-mail entries (a second failure writes a new one; [] when it was
    delivered). On success the failure is marked resent and a success entry says who did it.
    Raises NotResendable when there is no message to send or it was resent already.
    """
    if not failed.resendable or failed.resent_at is not None:
        raise NotResendable(failed.pk)
    who = user.get_username()
    backend = delivery.open_mailer()
    try:
        missed = delivery.send_raw(backend, failed.sender, [failed.recipient], bytes(failed.mime))
    finally:
        delivery.close(backend)
    if missed:
        return record(
            missed, sender=failed.sender, subject=failed.subject, mime=bytes(failed.mime), actor=who,
            resent_from=failed.entry_id,
        )  # fmt: skip
    with transaction.atomic():
        marked = FailedEmail.objects.filter(pk=failed.pk, resent_at__isnull=True).update(
            resent_at=timezone.now(), resent_by=user
        )
        if marked:
            writer.record(
                tab=EMAIL.slug, severity="success", event_type="sent",
                message=Message(codes.RESENT, {"user": who, "recipient": failed.recipient, "entry": failed.entry_id}),
                initiator=Initiator.MANUAL, actor=who, object_type="email", object_id=failed.recipient[:128],
                data={"subject": failed.subject, "resent_from": failed.entry_id},
            )  # fmt: skip
    failed.refresh_from_db()
    return []


def forget_removed(batch: int = 1000) -> int:
    """Drop kept messages whose entry is gone (deleted by a shop admin or by retention).

    A failed e-mail's whole message is personal data: it is kept only while its entry
    is. Returns how many were dropped.
    """
    dropped = 0
    gone = FailedEmail.objects.filter(~Exists(Entry.objects.filter(id=OuterRef("entry_id"))))
    while ids := list(gone.values_list("pk", flat=True)[:batch]):
        dropped += FailedEmail.objects.filter(pk__in=ids).delete()[0]
    return dropped
