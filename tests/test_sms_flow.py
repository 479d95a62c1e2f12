"""The SMS queue's real flow: enqueue → beat's send run → HTTP to a stand-in SMSAPI → the SMS tab.

Refusals (SMSAPI's numbered errors), 5xx and slow answers, attempts running out, and
expiry after 24 hours, each seen where a shop admin looks: the queue, the tab, the run.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from eventlog import retention
from eventlog.models import Entry, Run
from integrations.sms import jobs, tasks
from integrations.sms.models import Sms
from integrations.sms.queue import enqueue
from integrations.sms.standin import http_error, refuse, slow
from tests.smsapi_standin import beat_send_run, gateway_for, wait_for

TEXT = "Twoje zamówienie 123456 zostało wysłane."


@pytest.fixture
def gateway(settings, db):
    with gateway_for(settings) as standin:
        yield standin


def entries(sms: Sms) -> list[tuple[str, str, str]]:
    rows = Entry.objects.filter(tab="sms", data__sms_id=sms.pk).order_by("id")
    return list(rows.values_list("event_type", "severity", "message_code"))


def test_a_queued_sms_goes_through_the_gateway_and_shows_on_the_sms_tab(
    gateway, admin_client, django_capture_on_commit_callbacks
):
    sms = enqueue("600 100 200", TEXT)
    assert (sms.phone, sms.status) == ("+48600100200", "waiting")

    run = beat_send_run(django_capture_on_commit_callbacks)

    assert run.status == "succeeded", run.error
    assert run.counters == {"sent": 1, "failed": 0, "waiting": 0}
    [request] = gateway.requests
    assert request.authorization == f"Bearer {gateway.token}"
    assert {k: request.fields[k] for k in ("to", "message", "format", "idx", "check_idx")} == {
        "to": "48600100200", "message": TEXT, "format": "json", "idx": f"dziennik-{sms.pk}", "check_idx": "1",
    }  # fmt: skip
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.gateway_id) == ("sent", 1, gateway.accepted[0]["id"])
    assert entries(sms) == [("waiting", "info", ""), ("sent", "success", "")]
    sent = Entry.objects.get(tab="sms", event_type="sent")
    assert (sent.object_id, sent.message, sent.run_id) == ("+48600100200", TEXT, run.pk)

    tab = admin_client.get("/journal/sms/", {"object_id": "+48600100200"})
    assert tab.status_code == 200
    rows = [row for row in tab.text.split("<tr")[1:] if TEXT in row]
    assert len(rows) == 2  # newest first: sent, then queued
    assert ">Sent<" in rows[0] and ">Waiting<" in rows[1]
    entry_page = admin_client.get(sent.get_absolute_url())
    assert "The message now" in entry_page.text and "Sent" in entry_page.text
    queue_page = admin_client.get("/sms/")
    assert TEXT in queue_page.text and 'class="badge text-bg-success">Sent<' in queue_page.text


def test_an_invalid_number_fails_with_its_explanation(gateway, admin_client, django_capture_on_commit_callbacks):
    gateway.invalid.add("48600100200")
    sms = enqueue("+48600100200", TEXT)
    other = enqueue("+48600100201", "Paczka czeka w paczkomacie.")

    run = beat_send_run(django_capture_on_commit_callbacks)

    assert run.status == "succeeded" and run.counters == {"sent": 1, "failed": 1, "waiting": 0}
    sms.refresh_from_db()
    assert (sms.status, sms.gateway_error, sms.reason_code) == ("failed", 13, "SMS_INVALID_NUMBER")
    assert Sms.objects.get(pk=other.pk).status == "sent"  # a refusal does not stop the others
    assert entries(sms)[-1] == ("failed", "error", "SMS_INVALID_NUMBER")
    failed = Entry.objects.get(event_type="failed")
    assert failed.data["gateway_message"] == "No correct phone numbers"
    page = admin_client.get(failed.get_absolute_url())
    assert "The SMS gateway found no valid recipient" in page.text  # the explanation's title, linked
    queue_page = admin_client.get("/sms/", {"status": "failed"})
    assert "The gateway found no valid recipient (SMSAPI error 13: No correct phone numbers)." in queue_page.text
    assert "Paczka czeka" not in queue_page.text


def test_no_credit_fails_and_a_shop_admin_retries_after_topping_up(
    gateway, admin_client, alice, django_capture_on_commit_callbacks
):
    gateway.points = 0.1  # one SMS part costs 0.16
    sms = enqueue("+48600100200", TEXT)

    beat_send_run(django_capture_on_commit_callbacks)

    sms.refresh_from_db()
    assert (sms.status, sms.gateway_error, sms.reason_code) == ("failed", 103, "SMS_NO_CREDIT")
    page = admin_client.get("/sms/")
    assert "Not enough credit on the SMS account (SMSAPI error 103: Not enough points)." in page.text
    assert f'action="/sms/{sms.pk}/retry/"' in page.text

    gateway.points = 10
    with django_capture_on_commit_callbacks():
        retried = admin_client.post(f"/sms/{sms.pk}/retry/")
    assert retried.status_code == 302
    run = Run.objects.filter(kind="sms_send").latest("id")
    assert (run.status, run.created_by) == ("queued", alice)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.reason_code) == ("waiting", 0, "")
    tasks.send_queue.apply(args=[run.pk])
    sms.refresh_from_db()
    assert sms.status == "sent" and len(gateway.sent_to(sms.phone)) == 1
    assert [e[0] for e in entries(sms)] == ["waiting", "failed", "waiting", "sent"]
    assert Entry.objects.filter(data__sms_id=sms.pk, actor="alice", initiator="manual").count() == 1


def test_a_5xx_stops_the_run_and_the_message_goes_on_the_next(
    gateway, admin_client, django_capture_on_commit_callbacks
):
    first = enqueue("+48600100200", TEXT)
    second = enqueue("+48600100201", "Paczka czeka w paczkomacie.")
    gateway.plan(first.phone, http_error(503))

    run = beat_send_run(django_capture_on_commit_callbacks)

    assert run.status == "failed"
    page = admin_client.get(f"/journal/runs/{run.pk}/")
    assert (
        "The gateway did not answer (HTTP status 503): sending stopped after 0 sent and 0 failed; "
        "2 messages wait for the next run."
    ) in page.text
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts, first.reason_code) == ("waiting", 1, "SMS_GATEWAY_RETRY")
    assert (second.status, second.attempts) == ("waiting", 0)  # not tried while the gateway was down
    assert entries(first)[-1] == ("waiting", "warning", "SMS_GATEWAY_RETRY")

    again = beat_send_run(django_capture_on_commit_callbacks)

    assert again.status == "succeeded" and again.counters["sent"] == 2
    assert Sms.objects.filter(status="sent").count() == 2
    assert len(gateway.sent_to(first.phone)) == len(gateway.sent_to(second.phone)) == 1


def test_a_slow_answer_is_tried_again_and_never_sent_twice(
    gateway, settings, admin_client, django_capture_on_commit_callbacks
):
    settings.SMSAPI_TIMEOUT_SECONDS = 0.3
    sms = enqueue("+48600100200", TEXT)
    gateway.plan(sms.phone, slow(1.5))  # the gateway takes it, but answers after the client gave up

    run = beat_send_run(django_capture_on_commit_callbacks)

    assert run.status == "failed"
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == ("waiting", 1)
    assert sms.reason == (
        "The gateway did not answer: no answer within 0.3 s. Attempt 1 of 3; "
        "the message is tried again on the next run."
    )
    wait_for(lambda: gateway.sent_to(sms.phone), "the slow gateway took the message")

    again = beat_send_run(django_capture_on_commit_callbacks)

    assert again.status == "succeeded"
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == ("sent", 2)
    assert len(gateway.sent_to(sms.phone)) == 1  # the second request was refused as a duplicate idx
    assert [r.answered["error"] for r in gateway.requests if r.answered and r.answered.get("error")] == [53]
    assert Entry.objects.get(event_type="sent").data["accepted_before"] is True


def test_a_message_fails_once_its_attempts_run_out(gateway, settings, django_capture_on_commit_callbacks):
    settings.SMSAPI_MAX_ATTEMPTS = 2
    sms = enqueue("+48600100200", TEXT)
    gateway.plan(sms.phone, http_error(502), refuse(201, "System internal error"))

    beat_send_run(django_capture_on_commit_callbacks)
    beat_send_run(django_capture_on_commit_callbacks)

    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.reason_code) == ("failed", 2, "SMS_GATEWAY_UNAVAILABLE")
    assert sms.reason == (
        "The gateway did not answer: SMSAPI error 201: System internal error. Tried 2 times; the message failed."
    )
    assert [e[0] for e in entries(sms)] == ["waiting", "waiting", "failed"]
    assert gateway.sent_to(sms.phone) == []


def test_a_bad_token_fails_the_message_as_bad_authorisation(gateway, settings, django_capture_on_commit_callbacks):
    settings.SMSAPI_TOKEN = "not-the-token"
    sms = enqueue("+48600100200", TEXT)

    beat_send_run(django_capture_on_commit_callbacks)

    sms.refresh_from_db()
    assert (sms.status, sms.gateway_error, sms.reason_code) == ("failed", 101, "SMS_AUTH_FAILED")
    assert gateway.requests[0].status == 401


def test_messages_waiting_over_24_hours_expire_and_leave_one_entry_each(
    settings, admin_client, django_capture_on_commit_callbacks
):
    settings.SMSAPI_TOKEN = ""  # nothing is sent: the messages wait
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(hours=25), tick=False):
        old = enqueue("+48600100200", TEXT)
    young = enqueue("+48600100201", "Paczka czeka w paczkomacie.")

    with django_capture_on_commit_callbacks():
        done = jobs.tick()

    assert done == {"expired": 1, "send_run": None}  # no token: no send run
    assert not Run.objects.filter(kind="sms_send").exists()
    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.status, old.reason_code, young.status) == ("expired", "SMS_EXPIRED", "waiting")
    run = Run.objects.get(kind="sms_expiry")
    assert run.status == "succeeded" and run.counters == {"expired": 1}
    assert entries(old) == [("waiting", "info", ""), ("expired", "warning", "SMS_EXPIRED")]

    # The journal's own rule agrees: retention removes the waiting entry, the outcome stays.
    retention.run_retention(now=timezone.now())
    assert entries(old) == [("expired", "warning", "SMS_EXPIRED")]
    assert entries(young) == [("waiting", "info", "")]

    assert jobs.tick()["expired"] == 0 and Run.objects.filter(kind="sms_expiry").count() == 1
    page = admin_client.get("/sms/", {"status": "expired"})
    assert "Not sent within 24 hours: the message expired." in page.text


def test_without_a_token_beat_sends_nothing_and_a_hand_made_run_says_why(
    settings, admin_client, django_capture_on_commit_callbacks
):
    settings.SMSAPI_TOKEN = ""
    enqueue("+48600100200", TEXT)
    with django_capture_on_commit_callbacks():
        assert jobs.tick() == {"expired": 0, "send_run": None}
    assert not Run.objects.filter(kind="sms_send").exists()
    page = admin_client.get("/sms/")
    assert "SMSAPI_TOKEN is not set: messages wait in the queue and are not sent." in page.text

    with django_capture_on_commit_callbacks():
        admin_client.post("/sms/", {"phone": "600 100 201", "text": "Kod odbioru: 4821"})
    run = Run.objects.get(kind="sms_send")
    tasks.send_queue.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == "failed"
    assert (
        "SMSAPI_TOKEN is not set, so no message was sent; 2 messages wait."
        in admin_client.get(f"/journal/runs/{run.pk}/").text
    )
    assert Sms.objects.filter(status="waiting", run=None).count() == 2
