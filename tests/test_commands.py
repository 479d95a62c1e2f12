import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from eventlog import tabs
from eventlog.models import Entry


def test_journal_record_writes_through_the_writer_and_prints_the_id(db):
    out = StringIO()
    call_command(
        "journal_record", "--tab", "offers", "--severity", "error", "--message", "Oferta odrzucona",
        "--event-type", "offer_listed", "--object-id", "12345678901", "--account", "sklep_u_gosi",
        "--data", json.dumps({"reason": "brak zdjęcia"}), stdout=out,
    )  # fmt: skip
    entry = Entry.objects.get(pk=int(out.getvalue()))
    assert (entry.tab, entry.severity, entry.object_id, entry.account) == (
        "offers", "error", "12345678901", "sklep_u_gosi"
    )  # fmt: skip
    assert entry.data == {"reason": "brak zdjęcia"}
    assert entry.initiator == "manual"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tab", "nope", "--severity", "info", "--message", "x"], "unknown tab"),
        (["--tab", "sms", "--severity", "info", "--message", "x", "--data", "{bad"], "not valid JSON"),
        (["--tab", "sms", "--severity", "info", "--message", "x" * 5000], "limit is 4000"),
    ],
)
def test_journal_record_refuses_bad_input(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("journal_record", *args, stdout=StringIO())
    assert not Entry.objects.exists()


def test_journal_record_keeps_a_backslash_u0000_in_data_as_written(db):
    out = StringIO()
    call_command(
        "journal_record", "--tab", "offers", "--severity", "info", "--message", "Ścieżka",
        "--data", '{"k": "C:\\\\u0000dir", "nul": "a\\u0000b"}', stdout=out,
    )  # fmt: skip
    entry = Entry.objects.get(pk=int(out.getvalue()))
    assert entry.data == {"k": "C:\\u0000dir", "nul": "a\ufffdb"}


def test_seed_journal_fills_every_tab(db):
    out = StringIO()
    call_command("seed_journal", "--entries", "3000", "--days", "5", stdout=out)
    assert "Wrote" in out.getvalue()
    present = set(Entry.objects.values_list("tab", flat=True).distinct())
    assert present == {t.slug for t in tabs.all_tabs()}
    severities = set(Entry.objects.values_list("severity", flat=True).distinct())
    assert severities == {"info", "success", "warning", "error"}
    assert Entry.objects.filter(tab="erp-sync", run__isnull=False, severity="warning").exists()


def test_demo_setup_prints_a_working_login(db):
    out = StringIO()
    call_command("demo_setup", stdout=out)
    text = out.getvalue()
    password = text.split("admin / ")[1].split()[0]
    from django.contrib.auth import authenticate

    assert authenticate(username="admin", password=password) is not None
    # Every tab has a real producer, and the demo data comes from them.
    assert set(Entry.objects.values_list("tab", flat=True).distinct()) == {t.slug for t in tabs.all_tabs()}
