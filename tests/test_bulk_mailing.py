"""Bulk mailing from the panel: a shop admin creates a mailing (recipients validated, repeats
dropped), sends it, and the job sends to each recipient over SMTP; the Bulk mailing tab lists
what was added to sending and what failed."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eventlog.models import Entry, Run
from integrations.messaging import jobs
from integrations.messaging.models import Mailing

from .smtp_server import smtp

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["smtp"]


pytestmark = pytest.mark.django_db

FORM = {"name": "Nowości listopada", "kind": "newsletter", "subject": "Nowości", "body_text": "Zobacz nowości."}


def test_bad_addresses_are_named_and_nothing_is_saved(admin_client):
    response = admin_client.post("/mailings/new/", {**FORM, "recipients_text": "anna@example.com\nzly-adres\nb@"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "“zly-adres”" in text and "“b@”" in text
    assert not Mailing.objects.exists()


def test_repeats_are_dropped_and_a_csv_adds_recipients(admin_client):
    csv = SimpleUploadedFile("lista.csv", b"email;imie\nAnna@example.com;Anna\nkasia@example.com;Kasia\n")
    response = admin_client.post(
        "/mailings/new/", {**FORM, "recipients_text": "anna@example.com, jan@example.com; jan@example.com",
                           "recipients_file": csv}, follow=True,
    )  # fmt: skip
    mailing = Mailing.objects.get()
    assert sorted(mailing.recipients.values_list("email", flat=True)) == [
        "anna@example.com", "jan@example.com", "kasia@example.com",
    ]  # fmt: skip
    assert "2 repeated addresses were left out" in response.content.decode()
    assert "Draft" in admin_client.get("/mailings/").content.decode()


def test_support_may_not_create_or_send_mailings(support_client):
    assert support_client.get("/mailings/").status_code == 403
    assert support_client.post("/mailings/new/", {**FORM, "recipients_text": "a@example.com"}).status_code == 403


def test_a_sent_mailing_shows_its_failures_in_the_bulk_mailing_tab(smtp, admin_client, settings):
    settings.MAILING_BATCH_SIZE = 2
    server = smtp(refuse={"nikt@example.com": "550 5.1.1 No such user", "pelna@example.com": "452 4.2.2 Full"})
    good = [f"klient{i}@example.com" for i in range(5)]
    listed = "\n".join([*good, "nikt@example.com", "pelna@example.com"])
    admin_client.post(
        "/mailings/new/", {**FORM, "body_html": "<p>Zobacz <b>nowości</b></p>", "recipients_text": listed}
    )
    mailing = Mailing.objects.get()

    response = admin_client.post(f"/mailings/{mailing.pk}/send/", follow=True)
    assert "queued for sending" in response.content.decode()
    run = Run.objects.get(kind="mailing")
    assert Entry.objects.get(tab="bulk-mailing", run_id=run.pk).data == {
        "mailing_name": "Nowości listopada", "mailing_id": mailing.pk, "added": 7, "remaining": 7,
    }  # fmt: skip
    jobs.send_mailing(run.pk)  # what the worker's task does

    run.refresh_from_db()
    assert run.status == "succeeded" and run.counters == {"added": 7, "sent": 5, "failed": 2, "remaining": 0}
    assert server.delivered() == {address: 1 for address in good}
    parsed = [message_from_bytes(m.data, policy=default) for m in server.received]
    assert {(m["Subject"], m.get_body(("html",)).get_content().strip()) for m in parsed} == {
        ("Nowości", "<p>Zobacz <b>nowości</b></p>")
    }
    listed = admin_client.get("/journal/bulk-mailing/").content.decode()
    for text in ("Nowości listopada", "nikt@example.com", "550 5.1.1 No such user", "pelna@example.com"):
        assert text in listed
    failure = Entry.objects.get(tab="bulk-mailing", object_id="nikt@example.com")
    assert (failure.severity, failure.event_type, failure.message_code) == ("error", "newsletter", "SMTP_NO_MAILBOX")
    detail = admin_client.get(f"/journal/bulk-mailing/{failure.pk}/").content.decode()
    assert "Added to sending" in detail and "Newsletter" in detail and "550 5.1.1 No such user" in detail
    page = admin_client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="mailing-status">Sent' in page and 'id="mailing-send"' not in page
    # Sent: no longer editable, and not sent twice.
    assert admin_client.get(f"/mailings/{mailing.pk}/edit/").status_code == 302
    admin_client.post(f"/mailings/{mailing.pk}/send/")
    assert Run.objects.filter(kind="mailing").count() == 1
