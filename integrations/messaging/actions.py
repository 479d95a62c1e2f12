"""What shop admins do with mailings; each action owns its transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Initiator, Run

from . import codes
from .models import Mailing, MailingRecipient, MailingStatus, RecipientState
from .tab import BULK_MAILING, MAILING_RUN


class CannotSend(Exception):
    """The mailing is being sent, was sent whole already, or has nobody left to send to."""


def save_mailing(mailing: Mailing, emails: list[str], *, user: Any = None) -> Mailing:
    """Save a draft mailing and its recipients (replaced whole). Raises CannotSend once it was sent."""
    with transaction.atomic():
        if mailing.pk:
            locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
            if not locked.editable:
                raise CannotSend(mailing.pk)
        elif user is not None and user.is_authenticated:
            mailing.created_by = user
        mailing.save()
        mailing.recipients.all().delete()
        MailingRecipient.objects.bulk_create(
            (MailingRecipient(mailing=mailing, email=address) for address in emails), batch_size=5000
        )
    return mailing


def counts(mailing: Mailing) -> dict[str, int]:
    """added, sent, failed, remaining: one aggregate over the mailing's recipients."""
    found = mailing.recipients.aggregate(
        added=Count("id"),
        sent=Count("id", filter=Q(state=RecipientState.SENT)),
        failed=Count("id", filter=Q(state=RecipientState.FAILED)),
        remaining=Count("id", filter=Q(state=RecipientState.PENDING)),
    )
    return {key: int(value or 0) for key, value in found.items()}


def start_sending(mailing: Mailing, *, user: Any, in_process: bool = False) -> Run:
    """Queue the mailing's sending job (again, for what an earlier run left): a run, and the record
    "added to sending: N, remaining M" in the Bulk mailing tab. The task is sent once this commits
    (`in_process`: sent nowhere, for `jobs.send_mailing` here — the demo). Raises CannotSend."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update(of=("self",)).select_related("run").get(pk=mailing.pk)
        if mailing.status in (MailingStatus.SENDING, MailingStatus.SENT):
            raise CannotSend(mailing.pk)
        found = counts(mailing)
        if not found["remaining"]:
            raise CannotSend(mailing.pk)
        begin = runs.start if in_process else runs.queue
        run = begin(MAILING_RUN, tab=BULK_MAILING.slug, params={"mailing_id": mailing.pk}, user=user)
        who = user.get_username() if user is not None and user.is_authenticated else ""
        mailing.run = run
        mailing.save(update_fields=["run"])
        writer.record(
            tab=BULK_MAILING.slug, severity="info", event_type=mailing.kind,
            message=Message(codes.MAILING_QUEUED, {"name": mailing.name, "added": found["added"],
                                                   "remaining": found["remaining"]}),
            initiator=Initiator.MANUAL if who else Initiator.AUTOMATIC, actor=who, object_type="mailing",
            data={"mailing_name": mailing.name, "mailing_id": mailing.pk, "added": found["added"],
                  "remaining": found["remaining"]},
            run=run,
        )  # fmt: skip
    return run
