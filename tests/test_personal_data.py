"""Customers' e-mails are personal data: masked for Support, in full for shop admins (lists, pages, exports)."""

import csv
import io
import json
import smtplib

import pytest
from django.core.mail import EmailMessage
from django.test import Client

from eventlog import personal
from eventlog.api import keys
from eventlog.models import Entry
from integrations.custom_events.models import CustomEvent, Scenario

from .smtp_server import smtp

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["smtp"]

EMAIL = "jan.kowalski@example.com"
MASKED = "j***@example.com"


def test_masks_keep_what_tells_rows_apart():
    assert personal.mask_email(EMAIL) == MASKED
    assert personal.mask_email("nie-mail") == "***"
    assert personal.mask_phone("+48 600 100 789") == "+48 *** *** 789"
    assert personal.mask("600100789") == "*** *** 789"
    assert personal.mask("") == "" and personal.mask("CRM-42") == "***"
    assert personal.scrub('[{"value": "ola@example.com"}]') == '[{"value": "o***@example.com"}]'


@pytest.fixture
def called(db):
    """A call through the API: one log row with the customer's e-mail and an e-mail data field."""
    event = CustomEvent.objects.create(event_id=101, name="porzucony_koszyk")
    Scenario.objects.create(name="Przypomnienie", start_event=event)
    _key, raw = keys.issue("sklep", ["custom-events"])
    body = {
        "customEventId": 101,
        "customerEmail": EMAIL,
        "dataFields": [{"name": "Polecający", "type": "Email", "value": "ola.nowak@example.com"}],
    }
    response = Client(HTTP_X_API_KEY=raw).post(
        "/api/v1/custom-events/calls", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201
    from eventlog.models import Entry

    return Entry.objects.get()


@pytest.mark.parametrize(
    "url", ["/journal/custom-events/", "/journal/custom-events/?group=1", "/custom-events/101/log/"]
)
def test_support_sees_the_email_masked_in_lists(support_client, admin_client, called, url):
    page = support_client.get(url)
    assert page.status_code == 200
    assert MASKED in page.text and EMAIL not in page.text
    assert "kowalski" not in page.text
    full = admin_client.get(url)
    assert EMAIL in full.text


def test_support_sees_the_entry_page_masked(support_client, admin_client, called):
    url = f"/journal/custom-events/{called.pk}/"
    page = support_client.get(url)
    assert page.status_code == 200
    assert MASKED in page.text and "o***@example.com" in page.text
    assert "kowalski" not in page.text and "ola.nowak" not in page.text  # neither in the data fields
    # A shop admin sees the entry page masked too until "Show personal data", a recorded reveal
    # (tests/test_personal_reveal.py); then in full, with "everything about it".
    assert EMAIL not in admin_client.get(url).text
    full = admin_client.post(f"{url}reveal/")
    assert EMAIL in full.text and "ola.nowak@example.com" in full.text
    assert f"/journal/search/?q={EMAIL.replace('@', '%40')}" in full.text


def test_free_text_by_part_of_an_email_reveals_nothing(support_client, called):
    for q in ("kowalski", MASKED):
        page = support_client.get(f"/journal/custom-events/?q={q}")
        assert page.status_code == 200 and "No entries match these filters." in page.text
    # An e-mail Support already knows finds its entries, still masked.
    known = support_client.get(f"/journal/custom-events/?object_id={EMAIL}")
    assert MASKED in known.text
    assert f">{EMAIL}<" not in known.text and f"q={EMAIL}" not in known.text  # no cell, no search link


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_exports_mask_for_support_and_not_for_shop_admins(support_client, admin_client, called):
    masked = _csv(support_client.get("/journal/custom-events/export.csv"))
    header, row = masked[0], masked[1]
    column = header.index("Customer e-mail")
    assert row[column] == MASKED
    assert EMAIL not in json.dumps(masked)
    full = _csv(admin_client.get("/journal/custom-events/export.csv"))
    assert [r[column] for r in full[1:] if r[column]] == [EMAIL]  # (Support's export is an entry too, with no e-mail)


def test_a_large_export_started_by_support_is_masked(
    support_client, called, settings, django_capture_on_commit_callbacks
):
    from eventlog.models import Run
    from eventlog.tasks import export_entries

    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 0
    with django_capture_on_commit_callbacks():
        assert support_client.post("/journal/custom-events/export.csv").status_code == 302
    run = Run.objects.get(kind="export")
    export_entries.apply(args=[run.pk]).get()
    rows = _csv(support_client.get(f"/journal/runs/{run.pk}/download/"))
    column = rows[0].index("Customer e-mail")
    assert [r[column] for r in rows[1:]] == [MASKED]


def test_an_smtp_reply_quoting_the_recipient_is_masked_for_support_everywhere(
    support_client, admin_client, smtp, make_entry
):
    """The E-mail tab's message is the server's reply, which often names the address it refused."""
    smtp(refuse={EMAIL: f"550 5.1.1 <{EMAIL}>: Recipient address rejected"})
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        EmailMessage("Faktura 7/2026", "W załączniku.", "sklep@example.com", [EMAIL]).send()
    entry = Entry.objects.get(tab="email")
    make_entry("email", severity="info", message="x")  # a second row: the export is not a single cell
    pages = [
        "/journal/email/",
        "/journal/email/?group=0",
        entry.get_absolute_url(),
        f"/journal/search/?q={EMAIL}",
        "/journal/email/export.csv",
    ]
    for url in pages:
        response = support_client.get(url)
        text = b"".join(response.streaming_content).decode() if response.streaming else response.text
        # The reply's "<address>" (escaped in pages); the search box may echo what Support typed.
        assert f"&lt;{EMAIL}&gt;" not in text and f"<{EMAIL}>" not in text, url
        assert MASKED in text, url
    assert f"&lt;{EMAIL}&gt;" in admin_client.post(f"{entry.get_absolute_url()}reveal/").text
