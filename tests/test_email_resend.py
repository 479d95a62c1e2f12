"""Resending a failed e-mail from its entry: shop admins only (POST, CSRF), through the same
backend; a second failure is a new entry, a success is said and shown on the entry."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail import EmailMessage
from django.test import Client

from eventlog.models import Entry
from integrations.messaging.models import FailedEmail
from integrations.messaging.tasks import forget_removed_failures

from .smtp_server import smtp

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["smtp"]


pytestmark = pytest.mark.django_db


def failed_entry(server_refuses: str = "nikt@example.com") -> Entry:
    EmailMessage("Faktura 7/2026", "W załączniku faktura.", "sklep@example.com", [server_refuses]).send()
    return Entry.objects.get(tab="email", object_id=server_refuses)


def test_a_shop_admin_resends_a_failed_email_and_the_entry_says_so(smtp, admin_client):
    server = smtp(refuse={"nikt@example.com": "452 4.2.2 Mailbox full"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):  # the caller sees the failure (no fail_silently)
        failed_entry()
    first = Entry.objects.get(tab="email")
    page = admin_client.get(f"/journal/email/{first.pk}/")
    assert 'id="email-resend"' in page.content.decode() and "Faktura 7/2026" in page.content.decode()

    # Still refused: a new entry, and the page of that entry.
    again = admin_client.post(f"/mailings/failed/{first.pk}/resend/", follow=True)
    second = Entry.objects.filter(tab="email", severity="error").exclude(pk=first.pk).get()
    assert again.redirect_chain[-1][0] == f"/journal/email/{second.pk}/"
    assert "Sending failed again" in again.content.decode()

    # The mailbox has room now: delivered, said in a flash message and on the entry.
    server.handler.refuse.clear()
    done = admin_client.post(f"/mailings/failed/{second.pk}/resend/", follow=True)
    text = done.content.decode()
    assert "The e-mail was sent again to nikt@example.com" in text
    assert "Resent on" in text and 'id="email-resend"' not in text
    assert server.delivered() == {"nikt@example.com": 1}
    assert b"Subject: Faktura 7/2026" in server.received[0].data
    assert Entry.objects.filter(tab="email", severity="success", event_type="sent").count() == 1
    # Twice is refused, not sent twice.
    admin_client.post(f"/mailings/failed/{second.pk}/resend/")
    assert server.delivered() == {"nikt@example.com": 1}


def test_support_sees_no_resend_button_and_may_not_post(smtp, support_client):
    smtp(refuse={"nikt@example.com": "550 5.1.1 No such user"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        failed_entry()
    entry = Entry.objects.get(tab="email")
    assert 'id="email-resend"' not in support_client.get(f"/journal/email/{entry.pk}/").content.decode()
    assert support_client.post(f"/mailings/failed/{entry.pk}/resend/").status_code == 403


def test_resend_needs_post_and_a_csrf_token(smtp, alice):
    smtp(refuse={"nikt@example.com": "550 5.1.1 No such user"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        failed_entry()
    entry = Entry.objects.get(tab="email")
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    assert client.get(f"/mailings/failed/{entry.pk}/resend/").status_code == 405
    assert client.post(f"/mailings/failed/{entry.pk}/resend/").status_code == 403
    assert client.post("/mailings/failed/999999/resend/").status_code in (403, 404)


def test_a_deleted_failure_keeps_no_copy_of_the_message(smtp, admin_client):
    smtp(refuse={"nikt@example.com": "550 5.1.1 User unknown"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        failed_entry()
    entry = Entry.objects.get(tab="email", object_id="nikt@example.com")
    kept = FailedEmail.objects.get(entry_id=entry.pk)

    admin_client.post("/journal/email/delete/", {"ids": [entry.pk], "confirm": "1"})
    assert not Entry.objects.filter(pk=entry.pk).exists()

    assert forget_removed_failures() == 1  # the daily beat task
    assert not FailedEmail.objects.filter(pk=kept.pk).exists()
