"""JournalHandler: Python logging into a tab over real HTTP, batched, never blocking, dropping when unreachable."""

import logging
import socket
import time

import pytest
from django.utils import translation

from eventlog.api import keys
from eventlog.handlers import JournalHandler
from eventlog.models import Entry

# live_server commits; serialized rollback leaves the roles and content types for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def journal_logger():
    logger = logging.getLogger(f"shop.test.{time.monotonic_ns()}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger


def test_log_records_become_entries_with_their_severity(live_server, journal_logger):
    _key, raw = keys.issue("shop-backend", ["prestashop"])
    handler = JournalHandler(f"{live_server.url}/api/v1/", key=raw, tab="prestashop", flush_interval=60)
    journal_logger.addHandler(handler)
    journal_logger.info("Synchronizacja rozpoczęta")
    journal_logger.warning("Brak zdjęcia produktu %s", 1234, extra={"object_id": "1234", "object_type": "product"})
    try:
        raise ValueError("zła cena")
    except ValueError:
        journal_logger.exception("Import przerwany")
    handler.close()
    entries = list(Entry.objects.filter(tab="prestashop").order_by("occurred_at", "id"))
    assert [(e.severity, e.message.splitlines()[0]) for e in entries] == [
        ("info", "Synchronizacja rozpoczęta"),
        ("warning", "Brak zdjęcia produktu 1234"),
        ("error", "Import przerwany"),
    ]
    assert "ValueError: zła cena" in entries[2].message
    assert entries[1].object_id == "1234" and entries[1].object_type == "product"
    assert {e.initiator for e in entries} == {"api"} and {e.account for e in entries} == {"shop-backend"}
    assert entries[0].data["logger"] == journal_logger.name
    assert handler.sent == 3 and handler.dropped == 0


def test_a_full_batch_is_sent_without_waiting_for_the_interval(live_server, journal_logger):
    _key, raw = keys.issue("batcher", ["prestashop"])
    handler = JournalHandler(f"{live_server.url}/api/v1/", key=raw, tab="prestashop", batch_size=5, flush_interval=60)
    journal_logger.addHandler(handler)
    for i in range(5):
        journal_logger.info("wiersz %d", i)
    wait_for(lambda: Entry.objects.filter(tab="prestashop").count() == 5)
    handler.close()


def test_the_interval_sends_what_waits(live_server, journal_logger):
    _key, raw = keys.issue("ticker", ["prestashop"])
    handler = JournalHandler(f"{live_server.url}/api/v1/", key=raw, tab="prestashop", flush_interval=0.1)
    journal_logger.addHandler(handler)
    journal_logger.error("jeden")
    wait_for(lambda: Entry.objects.filter(tab="prestashop", message="jeden").exists())
    handler.close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_journal_drops_and_counts_without_blocking(journal_logger):
    handler = JournalHandler(f"http://127.0.0.1:{closed_port()}/api/v1/", key="dzk_x", tab="prestashop", timeout=1)
    journal_logger.addHandler(handler)
    started = time.monotonic()
    for i in range(50):
        journal_logger.error("nie dojdzie %d", i)
    assert time.monotonic() - started < 0.5  # the caller never waits for the network
    handler.close()
    assert handler.dropped == 50 and handler.sent == 0
    assert time.monotonic() - started < 3


def test_a_refusing_journal_drops_the_batch(live_server, journal_logger):
    handler = JournalHandler(f"{live_server.url}/api/v1/", key="dzk_wrong", tab="prestashop")
    journal_logger.addHandler(handler)
    journal_logger.info("odrzucony")
    handler.close()
    assert handler.dropped == 1 and not Entry.objects.exists()


def test_a_full_queue_drops_new_records(journal_logger):
    handler = JournalHandler(
        f"http://127.0.0.1:{closed_port()}/", key="dzk_x", tab="prestashop", max_queue=3, flush_interval=60, timeout=1
    )
    journal_logger.addHandler(handler)
    for i in range(10):
        journal_logger.info("%d", i)
    assert handler.dropped >= 7
    handler.close()
    assert handler.dropped == 10
