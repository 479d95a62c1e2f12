"""Sending a mailing: a job run that sends to each pending recipient over the delivery mailer.

Recipients go in batches of MAILING_BATCH_SIZE, one SMTP connection per batch; between
batches the job checks for a shop admin's Abort. Every recipient has a state row
(pending / sent / failed), and a resumed run (its worker died, or "send the rest" after
an abort) sends only to the pending ones.

**Delivery guarantee.** Each recipient is sent in its own short transaction: its row is
locked (`SELECT … FOR UPDATE SKIP LOCKED`, so a worker presumed dead that comes back
never sends to the same person as its successor), the message goes to the server, and
the row is marked sent or failed — with its error entry — before the commit. So the
only window for a duplicate is one message: a worker killed after the server accepted a
message but before that commit leaves the row pending, and the resumed run sends that
one recipient again (at-least-once for that message, exactly-once for every other). The
alternative — mark first, send after — would instead lose that one message silently
(at-most-once); a customer receiving one newsletter twice after a crash is the smaller
harm, and the window is as small as it can be made without a two-phase SMTP.

A connection that breaks in the middle of a message is treated the other way: the
server may or may not have the message, so the recipient is marked failed (with the
error, visible in the tab) rather than sent again. After SERVER_DOWN_AFTER such failures
in a row the run stops, failed, with the rest still pending, so a dead server does not
turn a whole list into errors.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from eventlog import runs, writer
from eventlog.messages import Message
from eventlog.models import Initiator, Run

from . import codes, delivery
from .actions import counts
from .delivery import Failure
from .models import Mailing, MailingRecipient, RecipientState
from .tab import BULK_MAILING, MAILING_RUN

#: Recipients in a row lost to a broken connection before the run stops (the server is down).
SERVER_DOWN_AFTER = 3


class ServerDown(runs.Explained):
    """The mail server kept dropping or refusing connections."""


class SendMailing(runs.Job):
    kind = MAILING_RUN

    def __init__(self, run: Run, **options: Any) -> None:
        super().__init__(run, **options)
        self.done = 0
        self.found: dict[str, int] = {}

    @cached_property
    def mailing(self) -> Mailing:
        return Mailing.objects.get(pk=self.run.params["mailing_id"])

    # The sending.

    def work(self) -> Message:
        found = self.found = counts(self.mailing)
        self.done = found["added"] - found["remaining"]
        self.progress(self.done, found["added"], force=True)
        in_a_row = 0
        last_error = ""
        while True:
            self.check_abort()
            batch = list(
                # Uses index: mailing_recipient_pending.
                MailingRecipient.objects.filter(mailing=self.mailing, state=RecipientState.PENDING)
                .order_by("id")
                .values_list("id", flat=True)[: settings.MAILING_BATCH_SIZE]
            )
            if not batch:
                break
            backend = delivery.open_mailer()
            try:
                for recipient_id in batch:
                    failure = self.send_one(backend, recipient_id)
                    if failure is not None and failure.smtp_code is None and failure.code == codes.UNAVAILABLE:
                        in_a_row += 1
                        last_error = _text(failure)
                        if in_a_row >= SERVER_DOWN_AFTER:
                            raise ServerDown(last_error)
                    else:
                        in_a_row = 0
            finally:
                delivery.close(backend)
        return self.finish()

    def message_for(self, address: str) -> EmailMultiAlternatives:
        mailing = self.mailing
        message = EmailMultiAlternatives(
            mailing.subject, mailing.body_text, settings.DEFAULT_FROM_EMAIL, [address],
            headers={"X-Dziennik-Mailing": str(mailing.pk)},
        )  # fmt: skip
        if mailing.body_html:
            message.attach_alternative(mailing.body_html, "text/html")
        return message

    def send_one(self, backend: Any, recipient_id: int) -> Failure | None:
        """Send to one pending recipient and mark it, in one transaction (see the module's docstring)."""
        with transaction.atomic():
            recipient = (
                MailingRecipient.objects.select_for_update(skip_locked=True)
                .filter(pk=recipient_id, state=RecipientState.PENDING)
                .first()
            )
            if recipient is None:
                return None  # another worker has it, or had it
            missed = delivery.send(backend, self.message_for(recipient.email))
            failure = missed[0] if missed else None
            MailingRecipient.objects.filter(pk=recipient.pk).update(
                state=RecipientState.FAILED if failure else RecipientState.SENT,
                error=_text(failure)[:2000] if failure else "",
                done_at=timezone.now(),
            )
            self.done += 1
            if failure is not None:
                writer.record(
                    **self._entry(failure.message, "error"), message_code=failure.code, object_type="email",
                    object_id=recipient.email[:128],
                    data={**self._data(), **({"smtp_code": failure.smtp_code} if failure.smtp_code else {})},
                )  # fmt: skip
        self.progress(self.done)
        return failure

    # The outcome.

    def finish(self) -> Message:
        found = counts(self.mailing)
        self.counters = found
        summary = Message(codes.MAILING_SENT, {"name": self.mailing.name, **_of(found, "added", "sent", "failed")})
        with transaction.atomic():
            writer.record(
                **self._entry(summary, "warning" if found["failed"] else "success"), object_type="mailing",
                data=self._data(found),
            )  # fmt: skip
            runs.finish(self.run, summary, found)
        return summary

    def on_abort(self, aborted: runs.Aborted) -> None:
        found = self.counters = counts(self.mailing)
        params = {"name": self.mailing.name, "user": aborted.by or "?", **_of(found, "sent", "failed", "remaining")}
        writer.record(
            **self._entry(Message(codes.MAILING_STOPPED, params), "warning"), object_type="mailing",
            data=self._data(found),
        )  # fmt: skip

    def on_failure(self, exc: Exception) -> Message:
        found = self.counters = counts(self.mailing)
        error = str(exc) if isinstance(exc, ServerDown) else f"{type(exc).__name__}: {exc}"
        code = codes.MAILING_SERVER_DOWN if isinstance(exc, ServerDown) else codes.MAILING_FAILED
        summary = Message(code, {"name": self.mailing.name, "error": error[:300], "remaining": found["remaining"]})
        writer.record(**self._entry(summary, "error"), object_type="mailing", data=self._data(found))
        return summary

    def _entry(self, message: str | Message, severity: str) -> dict[str, Any]:
        manual = self.run.created_by_id is not None
        return {
            "tab": BULK_MAILING.slug, "severity": severity, "event_type": self.mailing.kind, "message": message,
            "initiator": Initiator.MANUAL if manual else Initiator.AUTOMATIC,
            "actor": self.run.created_by.get_username() if self.run.created_by else "", "run": self.run,
        }  # fmt: skip

    def _data(self, found: dict[str, int] | None = None) -> dict[str, Any]:
        added = self.found.get("added", 0) if found is None else found["added"]
        remaining = found["remaining"] if found is not None else max(0, added - self.done)
        return {"mailing_name": self.mailing.name, "mailing_id": self.mailing.pk, "added": added,
                "remaining": remaining}  # fmt: skip


def _text(failure: Failure | None) -> str:
    if failure is None:
        return ""
    return failure.message if isinstance(failure.message, str) else failure.message.stored()


def _of(found: dict[str, int], *keys: str) -> dict[str, int]:
    return {key: found[key] for key in keys}


def send_mailing(run_id: int) -> Run | None:
    """Run a queued sending run here (the task, the demo); None if another worker has it."""
    return SendMailing.execute(run_id)
