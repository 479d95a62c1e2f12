"""Messages the project writes itself are stored in the shop's language and read in the reader's;
text from outside stays as it was written."""

import csv
import io
from pathlib import Path

import pytest
from django.test import Client

from eventlog import messages, writer
from eventlog.messages import Message
from eventlog.models import Entry, Run
from integrations.erp import codes, importer, jobs
from integrations.erp.tab import ERP_SYNC
from integrations.sms.tab import SMS


def reader(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_an_entry_the_project_wrote_reads_in_each_readers_language(alice):
    entry = writer.record(
        tab=SMS.slug, severity="info", event_type="records_deleted",
        message=Message(messages.ENTRIES_DELETED, {"count": 12345, "user": "alice"}),
    )  # fmt: skip

    # Stored once, in the shop's language (search and SQL see a sentence), with its code and parameters.
    stored = Entry.objects.get(pk=entry.pk)
    assert stored.message == "Usunięto ręcznie wpisy: 12\xa0345 (użytkownik alice)."
    assert (stored.message_code, stored.message_params) == (
        "JOURNAL_ENTRIES_DELETED",
        {"count": 12345, "user": "alice"},
    )

    english = reader(alice, "en")
    assert "Entries deleted by hand: 12,345 (user alice)." in english.get(f"/journal/{SMS.slug}/").text
    assert "Entries deleted by hand: 12,345 (user alice)." in english.get(entry.get_absolute_url()).text
    polish = reader(alice, "pl").get(entry.get_absolute_url()).text
    assert "Usunięto ręcznie wpisy: 12\xa0345 (użytkownik alice)." in polish


def test_text_from_outside_is_shown_as_written_in_every_language(alice, make_entry):
    entry = make_entry(SMS.slug, message="Bramka odrzuciła SMS: nieznany numer", message_code="GATEWAY_REJECTED")
    assert entry.message_params is None
    for language in ("en", "pl"):
        assert "Bramka odrzuciła SMS: nieznany numer" in reader(alice, language).get(entry.get_absolute_url()).text


def test_an_export_speaks_the_language_of_whoever_exports(alice):
    writer.record(
        tab=SMS.slug, severity="info", event_type="records_deleted",
        message=Message(messages.ENTRIES_DELETED, {"count": 2, "user": "alice"}),
    )  # fmt: skip
    body = b"".join(reader(alice, "en").get(f"/journal/{SMS.slug}/export.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "Entries deleted by hand: 2 (user alice)." in rows[1]


def test_a_broken_packages_reason_reads_in_the_readers_language(alice, tmp_path):
    path = tmp_path / "catalogue.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><erp-package format-version="1.0"/>')
    run = jobs.import_file(importer.new_run(source="command", file_name=path.name, path=path))
    run.refresh_from_db()
    assert run.status == "failed"

    english = reader(alice, "en").get(f"/journal/runs/{run.pk}/").text
    assert "The package catalogue.xml cannot be read: a document type declaration (DTD) is not allowed." in english
    polish = reader(alice, "pl").get(f"/journal/runs/{run.pk}/").text
    assert "deklaracja typu dokumentu (DTD) jest niedozwolona" in polish
    assert "document type declaration" not in polish
    # Worded for people, so no Python exception under "Technical details".
    assert "PackageError" not in english and "Technical details" not in english
    # The problem entry says the same, and links its explanation.
    [entry] = Entry.objects.filter(run=run)
    assert entry.message_code == codes.PACKAGE_UNREADABLE
    assert "a document type declaration (DTD) is not allowed" in reader(alice, "en").get(entry.get_absolute_url()).text


def test_an_import_summary_and_its_problems_read_in_english(alice):
    example = Path(__file__).resolve().parent.parent / "examples" / "erp" / "catalogue-with-problems.xml"
    run = jobs.import_file(importer.new_run(source="command", file_name=example.name, path=example))
    run.refresh_from_db()
    page = reader(alice, "en").get(f"/erp/runs/{run.pk}/problems/").text
    assert "Import from ERP: products: 14 (new: 10, changed: 0" in page
    assert "has no category; it was imported without one." in page
    assert Run.objects.get(pk=run.pk).summary.startswith("Import z ERP")


@pytest.mark.parametrize(
    ("message", "error"),
    [
        (Message("NO_SUCH_CODE", {}), "unknown message code 'NO_SUCH_CODE'"),
        (Message(messages.ENTRIES_DELETED, {"count": 1}), "the parameters do not fit message"),
    ],
)
def test_the_writer_refuses_a_message_it_cannot_write(db, message, error):
    with pytest.raises(writer.JournalError, match=error):
        writer.record(tab=ERP_SYNC.slug, message=message)
    assert not Entry.objects.exists()
