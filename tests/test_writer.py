import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from eventlog import writer
from eventlog.models import Entry, Run
from eventlog.writer import JournalError


def good(**overrides):
    row = {"tab": "offers", "severity": "error", "message": "Oferta zakończona", "event_type": "price_change"}
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"tab": "no-such-tab"}, "unknown tab"),
        ({"severity": "fatal"}, "unknown severity"),
        ({"message": "x" * 4001}, "limit is 4000"),
        ({"message": "   "}, "message is required"),
        ({"event_type": "teleported"}, "unknown event type"),
        ({"initiator": "robot"}, "unknown initiator"),
        ({"service": "myspace"}, "unknown service"),
        ({"object_id": "9" * 129}, "object_id is longer"),
        ({"data": ["not", "a", "mapping"]}, "data must be an object"),
        ({"data": {"blob": "x" * 40_000}}, "data is larger"),
        ({"occurred_at": dt.datetime(2026, 1, 1)}, "aware datetime"),
        ({"occurred_at": dt.datetime(9999, 12, 31, tzinfo=dt.UTC)}, "occurred_at must be between"),
        ({"occurred_at": dt.datetime(1999, 12, 31, tzinfo=dt.UTC)}, "occurred_at must be between"),
        ({"data": {"ratio": float("inf")}}, "data cannot be stored as JSON"),
        ({"colour": "red"}, "unknown fields: colour"),
    ],
)
def test_rejects_bad_input_and_writes_nothing(db, bad, reason):
    with pytest.raises(JournalError, match=reason):
        writer.record(**good(**bad))
    assert not Entry.objects.exists()


def test_one_bad_entry_in_a_batch_writes_none_and_names_it(db):
    rows = [good(message=f"ok {i}") for i in range(5)] + [good(severity="loud")]
    with pytest.raises(JournalError, match="entry 5: unknown severity"):
        writer.record_many(rows)
    assert not Entry.objects.exists()


def test_record_stores_every_field(db):
    run = Run.objects.create(kind="erp_import", tab="erp-sync")
    when = timezone.now() - dt.timedelta(hours=3)
    entry = writer.record(
        tab="offers", severity="warning", message="Stan się różni", event_type="stock_check",
        message_code="STOCK_MISMATCH", initiator="external", account="sklep_u_gosi", service="allegro",
        object_type="offer", object_id="12345678901", data={"shop": 2, "allegro": 5}, occurred_at=when, run=run,
    )  # fmt: skip
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.tab, stored.severity, stored.event_type, stored.message_code) == (
        "offers", "warning", "stock_check", "STOCK_MISMATCH"
    )  # fmt: skip
    assert (stored.account, stored.service, stored.object_id, stored.run_id) == (
        "sklep_u_gosi", "allegro", "12345678901", run.pk
    )  # fmt: skip
    assert stored.data == {"shop": 2, "allegro": 5}
    assert stored.occurred_at == when


def mixed(i: int) -> dict:
    """Entry `i` of a batch that alternates between two tabs (COPY sends a batch one tab after another)."""
    tab = {"tab": "email", "event_type": "sent"} if i % 2 else {}
    return good(message=f"wiadomość {i}", data={"i": i, "name": "Kubek „Bolesławiec”"}, **tab)


@pytest.mark.parametrize("size", [3, writer.COPY_THRESHOLD + 250])
def test_record_many_returns_ids_in_order(db, size):
    ids = writer.record_many([mixed(i) for i in range(size)])
    assert len(ids) == size == len(set(ids))
    assert ids == sorted(ids)
    stored = Entry.objects.in_bulk(ids)
    assert [(stored[pk].tab, stored[pk].message) for pk in ids] == [
        (mixed(i)["tab"], f"wiadomość {i}") for i in range(size)
    ]
    assert stored[ids[-1]].data == {"i": size - 1, "name": "Kubek „Bolesławiec”"}


def test_large_batch_is_one_copy_not_row_by_row(db, django_assert_max_num_queries):
    rows = [good(message=f"m{i}") for i in range(2000)]
    # partition check + savepoint/ids + COPY: a handful of statements, not 2000.
    with django_assert_max_num_queries(8):
        writer.record_many(rows)
    assert Entry.objects.filter(tab="offers").count() == 2000


def test_same_message_about_same_object_shares_a_fingerprint(db):
    a = writer.record(**good(object_id="1", message="Brak ceny"))
    b = writer.record(**good(object_id="1", message="Brak ceny"))
    other_object = writer.record(**good(object_id="2", message="Brak ceny"))
    by_code = [writer.record(**good(object_id="1", message=f"Brak ceny {i}", message_code="PRICE")) for i in range(2)]
    assert a.fingerprint == b.fingerprint != other_object.fingerprint
    assert by_code[0].fingerprint == by_code[1].fingerprint


def test_nul_characters_from_outside_are_replaced_in_every_field_not_fatal(db):
    entry = writer.record(
        **good(message="zła\x00nazwa", object_id="A\x00\x00B", data={"raw": "a\x00\x00b", "k\x00": ["x\x00", 1]})
    )
    stored = Entry.objects.get(pk=entry.pk)
    assert stored.message == "zła\ufffdnazwa"
    assert stored.object_id == "A\ufffd\ufffdB"
    assert stored.data == {"raw": "a\ufffd\ufffdb", "k\ufffd": ["x\ufffd", 1]}


@pytest.mark.parametrize("text", ["Kabel USB C:\\u0000 (ścieżka)", "a\\u0000\\u0000b", "C:\\\\u0000", "\\u0000\x00"])
def test_the_text_backslash_u0000_is_stored_as_written(db, text):
    entry = writer.record(**good(message=text, data={"name": text, "path": [text]}))
    stored = Entry.objects.get(pk=entry.pk)
    kept = text.replace("\x00", "\ufffd")
    assert stored.message == kept
    assert stored.data == {"name": kept, "path": [kept]}


def test_a_nul_in_one_entry_of_a_large_batch_fails_none_of_them(db):
    entries = [good(object_id=str(i), data={"name": f"produkt {i}"}) for i in range(600)]
    entries[300] = good(object_id="300", data={"name": "Kabel\x00 C:\\u0000"})
    ids = writer.record_many(entries)
    assert len(ids) == 600 == Entry.objects.filter(pk__in=ids).count()
    assert Entry.objects.get(pk=ids[300]).data == {"name": "Kabel\ufffd C:\\u0000"}


def test_entries_land_in_their_month_partition(db):
    when = dt.datetime(2024, 2, 10, 12, tzinfo=dt.UTC)
    entry = writer.record(**good(occurred_at=when))
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM eventlog_entry WHERE id = %s", [entry.pk])
        assert cursor.fetchone()[0] == "eventlog_entry_p2024_02"
        cursor.execute("SELECT count(*) FROM eventlog_entry_default")
        assert cursor.fetchone()[0] == 0


def test_an_erp_product_named_with_a_literal_backslash_u0000_imports(db, tmp_path):
    from integrations.erp import importer, jobs
    from integrations.erp.models import Product

    name = "Kabel USB C:\\u0000 (ścieżka)"
    package = tmp_path / "catalogue.xml"
    package.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<erp-package format-version="1.0" type="catalogue">'
        "<header><system>Subiekt</system><package-id>NUL-1</package-id><currency>PLN</currency></header>"
        '<categories><category code="ELEK" id="1"><name>Elektronika</name></category></categories>'
        f'<products><product code="KAB-1" id="1"><name>{name}</name><ean>123</ean>'
        "<category>ELEK</category><price>9.99</price><stock>5</stock></product></products></erp-package>",
        encoding="utf-8",
    )
    run = jobs.import_file(importer.new_run(source="command", file_name=package.name, path=package))
    run.refresh_from_db()
    assert run.status == "succeeded", run.summary
    assert Product.objects.get(code="KAB-1").name == name
    # Its problem (a bad EAN) is recorded with the name as written.
    [problem] = Entry.objects.filter(run=run, event_type="product_problem", object_id="KAB-1")
    assert problem.data["name"] == name
