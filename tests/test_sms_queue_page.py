"""The SMS queue page: who sees and does what, the add form's validation, the status filter."""

from __future__ import annotations

import pytest

from eventlog.models import Run
from integrations.sms.models import Sms
from integrations.sms.queue import enqueue


@pytest.fixture
def queued(db):
    waiting = enqueue("+48600100200", "Paczka czeka w paczkomacie.")
    failed = enqueue("+48600100201", "Kod rabatowy ZIMA15.")
    Sms.objects.filter(pk=failed.pk).update(status="failed", reason_code="SMS_NO_CREDIT",
                                            reason_params={"code": 103, "error": "Not enough points"})  # fmt: skip
    return waiting, failed


def test_support_reads_the_queue_but_cannot_add_or_retry(support_client, queued):
    page = support_client.get("/sms/")
    assert page.status_code == 200
    assert "Paczka czeka w paczkomacie." in page.text
    assert "+48600100200" not in page.text and "+48 *** *** 200" in page.text  # customers' numbers masked
    assert "Send a message" not in page.text and "/retry/" not in page.text
    assert support_client.post("/sms/", {"phone": "600100200", "text": "x"}).status_code == 403
    assert support_client.post(f"/sms/{queued[1].pk}/retry/").status_code == 403
    assert Sms.objects.count() == 2


def test_someone_without_a_role_sees_no_queue(client, charlie):
    client.force_login(charlie)
    assert client.get("/sms/").status_code == 403


def test_the_sidebar_links_the_queue(admin_client, support_client):
    assert 'href="/sms/"' in admin_client.get("/journal/").text
    assert 'href="/sms/"' in support_client.get("/journal/").text


def test_the_status_filter_shows_only_that_status_and_refuses_what_it_does_not_know(admin_client, queued):
    failed = admin_client.get("/sms/", {"status": "failed"})
    assert "Kod rabatowy ZIMA15." in failed.text and "Paczka czeka" not in failed.text
    assert "Not enough credit on the SMS account (SMSAPI error 103: Not enough points)." in failed.text
    refused = admin_client.get("/sms/", {"status": "delivered"})
    assert refused.status_code == 400
    assert "<strong>Status</strong>:" in refused.text
    by_phone = admin_client.get("/sms/", {"phone": "600 100 200"})
    assert "Paczka czeka" in by_phone.text and "Kod rabatowy" not in by_phone.text


@pytest.mark.parametrize(
    ("phone", "text", "error"),
    [
        ("123", "Dzień dobry", "is not a phone number"),
        ("+48 22 123 45 67", "Dzień dobry", "is not a Polish mobile number"),
        ("+48 600 100 2000", "Dzień dobry", "A Polish number has 9 digits after +48."),
        ("600100200", "   ", "This field is required."),
        ("600100200", "ż" * 403, "The text takes 7 SMS parts; at most 6 parts are allowed."),
    ],
)
def test_the_add_form_says_what_is_wrong(admin_client, phone, text, error):
    page = admin_client.post("/sms/", {"phone": phone, "text": text})
    assert page.status_code == 400
    assert error in page.text
    assert not Sms.objects.exists() and not Run.objects.exists()


def test_a_shop_admin_adds_a_message_and_its_run_is_queued(admin_client, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        page = admin_client.post("/sms/", {"phone": "0048 600-100-200", "text": "Kod odbioru: 4821"}, follow=True)
    sms = Sms.objects.get()
    run = Run.objects.get(kind="sms_send")
    assert (sms.phone, sms.text, sms.status, sms.created_by) == ("+48600100200", "Kod odbioru: 4821", "waiting", alice)
    assert (run.status, run.created_by) == ("queued", alice)
    assert f"The message to +48600100200 was queued; run #{run.pk} sends it." in page.text


def test_retrying_a_message_that_has_not_failed_does_nothing(admin_client, queued):
    waiting = queued[0]
    page = admin_client.post(f"/sms/{waiting.pk}/retry/", follow=True)
    assert "has not failed, so it was not retried" in page.text
    assert not Run.objects.exists()
    assert admin_client.post("/sms/999999/retry/").status_code == 404
    assert admin_client.get(f"/sms/{waiting.pk}/retry/").status_code == 405


def test_text_from_the_queue_is_escaped(admin_client):
    enqueue("+48600100200", '<script>alert("x")</script>')
    page = admin_client.get("/sms/")
    assert '<script>alert("x")</script>' not in page.text
    assert "&lt;script&gt;" in page.text
