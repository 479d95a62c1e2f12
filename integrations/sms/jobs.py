"""The SMS queue's jobs: sending what waits, and expiring what waited too long.

Sending (`SendQueue`, a run of kind "sms_send") claims the waiting messages with one
conditional UPDATE, so two runs never take one message, and sends them one by one,
oldest first. Each message is marked in the database right after the gateway's answer:

- accepted → "sent" (one transaction with its entry), so a resumed run skips it;
- refused (SMSAPI's numbered error) → "failed" at once, with the explanation code of
  that error (`codes.for_gateway_error`); a shop admin may retry it;
- no answer (timeout, 5xx, no connection, a temporary error) → the message waits again
  (a warning entry) and the run stops: the rest wait for the next run, a minute later,
  rather than each waiting out the timeout. After SMSAPI_MAX_ATTEMPTS attempts the
  message fails (SMS_GATEWAY_UNAVAILABLE).

An attempt is counted before the request, and each request carries the message's `idx`
with `check_idx=1`: if a worker dies after the gateway took a message but before it was
marked sent, the resumed run's request is refused as a duplicate (error 53) and the
message is marked sent — it never reaches the customer twice.

Expiry (`ExpireOverdue`, kind "sms_expiry") runs in beat's own process when messages
wait over 24 hours: each becomes "expired" with an entry of its own.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eventlog import runs
from eventlog.messages import Message
from eventlog.models import Run, RunStatus

from . import client, codes, queue
from .models import Sms, SmsStatus
from .tab import SMS, WAITING_EXPIRES_AFTER

log = logging.getLogger(__name__)

SEND_RUN = runs.register(
    runs.RunKind(
        "sms_send",
        _("SMS sending"),
        (("sent", _("Sent")), ("failed", _("Failed")), ("waiting", _("Still waiting"))),
        task="sms.send_queue",
        resumable=True,
        abortable=True,
    )
)
EXPIRY_RUN = runs.register(runs.RunKind("sms_expiry", _("SMS expiry"), (("expired", _("Expired")),)))

#: Messages one run takes; the rest wait for the next one (a minute later).
CLAIM_LIMIT = 1000


class Stopped(runs.Explained):
    """The run stops and fails with `message` (gateway down, no token); what it did not send waits."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.stored())


def queue_send_run(*, user: Any = None, source: str = "schedule") -> Run:
    """A queued send run; its task is sent once the surrounding transaction commits."""
    return runs.queue(SEND_RUN, tab=SMS.slug, params={"source": source}, user=user)


def pending_send_run() -> bool:
    return Run.objects.filter(kind=SEND_RUN.code, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).exists()


class SendQueue(runs.Job):
    """Send the waiting messages (see the module's docstring). Option `gateway`: a `client.Gateway`
    other than the settings' (the demo's stand-in)."""

    kind = SEND_RUN

    def work(self) -> Message:
        run = self.run
        gateway: client.Gateway = self.options.get("gateway") or client.Gateway.from_settings()
        previous = run.counters if self.resumed and isinstance(run.counters, dict) else {}
        self.counters = {"sent": previous.get("sent", 0), "failed": previous.get("failed", 0), "waiting": 0}
        queue.release_ended_claims()
        if not gateway.token:
            raise Stopped(codes.message(codes.RUN_NOT_CONFIGURED, waiting=queue.claimable().count()))
        # Claim (a resumed run keeps what it had claimed and was not done with).
        ids = list(queue.claimable().order_by("created_at", "id").values_list("pk", flat=True)[:CLAIM_LIMIT])
        queue.claimable().filter(pk__in=ids).update(run=run)
        mine = Sms.objects.filter(run=run, status=SmsStatus.WAITING).order_by("created_at", "id")
        total = mine.count()
        self.progress(0, total, force=True)
        for done, sms in enumerate(list(mine), start=1):
            self.check_abort()
            self._send(gateway, sms)
            self.progress(done, total)
        return self._summary()

    def _send(self, gateway: client.Gateway, sms: Sms) -> None:
        if sms.created_at < timezone.now() - WAITING_EXPIRES_AFTER:
            return  # overdue while this run worked: expiry takes it (released at the end)
        # Counted before the request: if the worker dies waiting for the answer, it was an attempt.
        Sms.objects.filter(pk=sms.pk).update(attempts=F("attempts") + 1)
        sms.attempts += 1
        try:
            accepted = client.send(gateway, sms.phone, sms.text, sms.idx)
        except client.Refused as refused:
            reason = codes.message(codes.for_gateway_error(refused.code), code=refused.code, error=refused.text)
            queue.mark_failed(sms, self.run, reason, gateway_error=refused.code, text=refused.text)
            self.counters["failed"] += 1
        except client.Unavailable as unavailable:
            limit = settings.SMSAPI_MAX_ATTEMPTS
            why = unavailable.reason.as_param()
            if sms.attempts >= limit:
                reason = codes.message(codes.GATEWAY_UNAVAILABLE, reason=why, attempts=sms.attempts)
                queue.mark_failed(sms, self.run, reason)
                self.counters["failed"] += 1
            else:
                queue.mark_retry(
                    sms, self.run, codes.message(codes.GATEWAY_RETRY, reason=why, attempt=sms.attempts, attempts=limit)
                )
            raise Stopped(
                codes.message(
                    codes.RUN_GATEWAY_DOWN, reason=why, sent=self.counters["sent"], failed=self.counters["failed"],
                    waiting=self._release(),
                )
            ) from None  # fmt: skip
        else:
            queue.mark_sent(
                sms, self.run, gateway_id=accepted.gateway_id, points=accepted.points, parts=accepted.parts,
                already=accepted.already,
            )  # fmt: skip
            self.counters["sent"] += 1

    def _release(self) -> int:
        """What this run claimed and did not finish waits for the next run; returns how many wait in all."""
        Sms.objects.filter(run=self.run, status=SmsStatus.WAITING).update(run=None)
        self.counters["waiting"] = waiting = Sms.objects.filter(status=SmsStatus.WAITING).count()
        return waiting

    def _summary(self) -> Message:
        waiting = self._release()
        return codes.message(codes.RUN_SUMMARY, sent=self.counters["sent"], failed=self.counters["failed"],
                             waiting=waiting)  # fmt: skip

    def on_failure(self, exc: Exception) -> str | Message:
        self._release()
        return exc.message if isinstance(exc, Stopped) else ""

    def on_abort(self, aborted: runs.Aborted) -> None:
        self._release()


class ExpireOverdue(runs.Job):
    """Messages waiting over 24 hours expire, in batches, each with its "expired" entry."""

    kind = EXPIRY_RUN

    def work(self) -> Message:
        self.counters = {"expired": 0}
        total = queue.overdue().count()
        self.progress(0, total, force=True)
        while batch := list(queue.overdue().order_by("created_at", "id")[: queue.EXPIRE_BATCH]):
            expired = queue.expire(batch, self.run)
            self.counters["expired"] += expired
            self.progress(self.counters["expired"], max(total, self.counters["expired"]))
            if not expired:
                break  # every one was taken meanwhile (sent, retried): nothing left to do
        return codes.message(codes.EXPIRY_SUMMARY, count=self.counters["expired"])


def send_queue(run_id: int) -> Run | None:
    """Run a queued send run here (the task); None if another worker has it or it is over."""
    return SendQueue.execute(run_id)


def tick() -> dict[str, Any]:
    """Beat, every minute: expire what waited over 24 hours (a run, only when there is some), then
    queue a send run when messages wait, a token is set and no send run is under way.

    With no SMSAPI_TOKEN nothing is queued (the queue page says why); a shop admin's
    "add" or "retry" still queues a run, which fails saying that the token is not set.
    """
    done: dict[str, Any] = {"expired": 0, "send_run": None}
    if queue.overdue().exists():
        run = runs.start(EXPIRY_RUN, tab=SMS.slug)
        ExpireOverdue.execute(run.pk)
        run.refresh_from_db()
        done["expired"] = (run.counters or {}).get("expired", 0)
    if settings.SMSAPI_TOKEN and queue.claimable().exists() and not pending_send_run():
        done["send_run"] = queue_send_run().pk
    elif queue.claimable().exists() and not settings.SMSAPI_TOKEN:
        log.warning("SMS wait but SMSAPI_TOKEN is not set: nothing is sent")
    return done
