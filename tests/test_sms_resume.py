"""A send run whose worker is killed mid-request resumes and sends nobody twice.

A real Celery worker (a subprocess on the test database and this test run's broker)
sends three messages to the stand-in SMSAPI; the second one's answer is slow, and the
worker is SIGKILLed while it waits for it — after the gateway took the message, before
the worker could mark it sent. Beat's stale-run check sends the run again, a second
worker finishes it: the first message is skipped (sent), the second is refused by the
gateway as a duplicate idx and marked sent, the third goes out. Each customer gets one SMS.
"""

from __future__ import annotations

from eventlog import runs
from eventlog.models import Entry, Run
from integrations.sms import jobs
from integrations.sms.models import Sms
from integrations.sms.queue import enqueue
from integrations.sms.standin import slow
from tests.smsapi_standin import gateway_for

from .workers import kill, wait_for, worker

# The fixture is used by name.
__all__ = ["worker"]


def test_a_resumed_send_run_sends_nobody_twice(worker, settings):
    with gateway_for(settings) as gateway:
        env = {"SMSAPI_URL": gateway.url, "SMSAPI_TOKEN": gateway.token, "SMSAPI_TIMEOUT_SECONDS": "30"}
        messages = [enqueue(f"+4860010020{i}", f"Twoje zamówienie 12345{i} zostało wysłane.") for i in range(3)]
        gateway.plan(messages[1].phone, slow(2))
        first = worker("sms-send-1", **env)

        run = jobs.queue_send_run()  # no transaction around it here: the task is sent at once
        wait_for(lambda: any(r.fields.get("to") == "48600100201" for r in gateway.requests), "the second request")
        kill(first)
        assert Sms.objects.get(pk=messages[0].pk).status == "sent"
        assert Sms.objects.get(pk=messages[1].pk).status == "waiting"  # taken by the gateway, not yet marked
        wait_for(lambda: gateway.sent_to(messages[1].phone), "the slow gateway took the second message")

        settings.JOURNAL_RUN_STALE_SECONDS = 1
        wait_for(lambda: run.pk in runs.recover_stale().resumed, "the stale run was sent again")
        worker("sms-send-2", **env)
        wait_for(lambda: Run.objects.get(pk=run.pk).status not in ("queued", "running"), "the resumed run ended")

        run.refresh_from_db()
        assert run.status == "succeeded", (run.summary, run.error)
        assert run.attempts == 2
        assert list(Sms.objects.order_by("id").values_list("status", flat=True)) == ["sent"] * 3
        for sms in messages:
            assert len(gateway.sent_to(sms.phone)) == 1, sms.phone
            assert Entry.objects.filter(event_type="sent", data__sms_id=sms.pk).count() == 1
        # Nobody got a second request but the one the dead worker never heard back about.
        to = [r.fields["to"] for r in gateway.requests]
        assert sorted(to) == ["48600100200", "48600100201", "48600100201", "48600100202"]
