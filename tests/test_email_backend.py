"""The shop's e-mail backend against a real SMTP server on loopback: every recipient a message
did not reach is one entry in the E-mail tab (date, recipient, subject, the server's error);
a message that reached everyone writes nothing."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail import EmailMessage

from eventlog.models import Entry
from integrations.messaging.models import FailedEmail

from .smtp_server import DROP, smtp

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["smtp"]


pytestmark = pytest.mark.django_db


def send(subject: str, to: list[str], **kwargs) -> int:
    return EmailMessage(subject, "Dzień dobry", "sklep@example.com", to).send(**kwargs)


def failures() -> list[Entry]:
    return list(Entry.objects.filter(tab="email").order_by("id"))


def test_one_refused_recipient_of_three_is_one_entry_and_the_others_get_the_message(smtp, admin_client):
    server = smtp(refuse={"nikt@example.com": "550 5.1.1 <nikt@example.com>: Recipient address rejected"})

    assert send("Potwierdzenie zamówienia", ["anna@example.com", "nikt@example.com", "jan@example.com"]) == 1

    assert server.delivered() == {"anna@example.com": 1, "jan@example.com": 1}
    [entry] = failures()
    assert (entry.object_id, entry.severity, entry.message_code) == ("nikt@example.com", "error", "SMTP_NO_MAILBOX")
    assert entry.message.startswith("550 5.1.1 <nikt@example.com>")
    assert entry.data["subject"] == "Potwierdzenie zamówienia"
    assert FailedEmail.objects.get(entry_id=entry.pk).recipient == "nikt@example.com"
    page = admin_client.get("/journal/email/")
    assert page.status_code == 200
    for text in ("nikt@example.com", "Potwierdzenie zamówienia", "550 5.1.1"):
        assert text in page.content.decode()


def test_a_message_that_reached_everyone_writes_nothing(smtp):
    server = smtp()
    assert send("Dziękujemy", ["anna@example.com"]) == 1
    assert server.delivered() == {"anna@example.com": 1}
    assert failures() == []


def test_a_full_mailbox_is_a_temporary_error_and_raises_unless_fail_silently(smtp):
    smtp(refuse={"pelna@example.com": "452 4.2.2 Mailbox full"})

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send("Faktura", ["pelna@example.com"])
    assert send("Faktura", ["pelna@example.com"], fail_silently=True) == 0

    assert [(e.message_code, e.message) for e in failures()] == [("SMTP_MAILBOX_FULL", "452 4.2.2 Mailbox full")] * 2


def test_a_dropped_connection_is_journalled_for_every_recipient_of_the_message(smtp):
    smtp(refuse={"zrywa@example.com": DROP})
    assert send("Reset hasła", ["zrywa@example.com"], fail_silently=True) == 0
    [entry] = failures()
    assert (entry.object_id, entry.message_code) == ("zrywa@example.com", "SMTP_UNAVAILABLE")
    assert "The mail server could not be reached" in entry.text or "Serwer" in entry.message


def test_a_server_that_stops_answering_times_out_into_an_entry(smtp):
    smtp(stall={"wolny@example.com": 3}, timeout=0.5)
    with pytest.raises(smtplib.SMTPException):
        send("Paczka w drodze", ["wolny@example.com"])
    [entry] = failures()
    assert entry.message_code == "SMTP_UNAVAILABLE" and "timed out" in entry.message


def test_no_server_at_all_is_an_entry_too(smtp):
    server = smtp()
    server.stop()
    assert send("Paczka w drodze", ["anna@example.com"], fail_silently=True) == 0
    [entry] = failures()
    assert (entry.object_id, entry.message_code) == ("anna@example.com", "SMTP_UNAVAILABLE")
    assert "ConnectionRefusedError" in entry.message


def test_a_bad_address_is_named_and_the_good_one_still_gets_the_message(smtp):
    server = smtp()
    assert send("Reset hasła", ["zofia@", "anna@example.com"]) == 1
    assert server.delivered() == {"anna@example.com": 1}
    [entry] = failures()
    assert (entry.object_id, entry.message_code) == ("zofia@", "EMAIL_INVALID")
    assert "zofia@" in entry.message


def test_smtp_replies_map_to_the_knowledge_base_codes():
    from integrations.messaging.delivery import classify

    assert classify(550, "5.1.1 User unknown") == "SMTP_NO_MAILBOX"
    assert classify(452, "4.2.2 Mailbox full") == "SMTP_MAILBOX_FULL"
    assert classify(421, "Service not available") == "SMTP_UNAVAILABLE"
    assert classify(553, "5.1.3 Bad address syntax") == "EMAIL_INVALID"
    assert classify(554, "5.7.1 Rejected as spam") == "SMTP_REJECTED"
