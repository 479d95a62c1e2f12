"""GET /api/v1/entries: a tab's entries with its list's filters, keyset pages, only the key's tabs."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone, translation

from eventlog.api import keys


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


URL = "/api/v1/entries"


@pytest.fixture
def reader(db) -> Client:
    _key, raw = keys.issue("reader", ["ceneo", "amazon"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"/api/v1/problems/{slug}"
    return body


def test_the_newest_entries_of_a_tab_come_first(reader, make_entry):
    older = make_entry("ceneo", message="starszy", occurred_at=timezone.now() - dt.timedelta(hours=2))
    newer = make_entry("ceneo", message="nowszy", occurred_at=timezone.now() - dt.timedelta(hours=1))
    make_entry("amazon", message="inna zakładka")
    body = reader.get(URL, {"tab": "ceneo"}).json()
    assert [e["id"] for e in body["entries"]] == [newer.pk, older.pk]
    assert body["entries"][0]["message"] == "nowszy"
    assert body["next"] is None
    assert "count" not in body and "total" not in body


def test_filters_are_the_tab_lists(reader, make_entry):
    now = timezone.now()
    make_entry("ceneo", severity="error", object_id="123", message="błąd 123", occurred_at=now - dt.timedelta(hours=1))
    make_entry("ceneo", severity="error", object_id="456", message="błąd 456", occurred_at=now - dt.timedelta(hours=1))
    make_entry("ceneo", severity="info", object_id="123", message="info 123", occurred_at=now - dt.timedelta(hours=1))
    make_entry("ceneo", severity="error", object_id="123", message="stary", occurred_at=now - dt.timedelta(days=3))
    since = (now - dt.timedelta(days=1)).isoformat()
    body = reader.get(URL, {"tab": "ceneo", "severity": "error", "object_id": "123", "since": since}).json()
    assert [e["message"] for e in body["entries"]] == ["błąd 123"]


def test_pages_follow_next_without_repeating_or_skipping(reader, make_entry):
    made = {make_entry("ceneo").pk for _ in range(7)}
    seen, url, pages = [], f"{URL}?tab=ceneo&limit=3", 0
    while url:
        body = reader.get(url).json()
        seen += [e["id"] for e in body["entries"]]
        url, pages = body["next"], pages + 1
        assert url is None or url.startswith("http://testserver/api/v1/entries?")
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == 7


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"tab": "ceneo", "severity": "fatal"}, "severity"),
        ({"tab": "ceneo", "since": "yesterday"}, "since"),
        ({"tab": "ceneo", "limit": "0"}, "limit"),
        ({"tab": "ceneo", "limit": "lots"}, "limit"),
        ({"tab": "ceneo", "older": "not-a-cursor"}, "older"),
        ({"tab": "ceneo", "date_from": "2026-13-01"}, "date_from"),
        ({"tab": "nope"}, "tab"),
        ({}, "tab"),
    ],
)
def test_a_bad_query_parameter_is_a_400_naming_it(reader, params, parameter):
    body = assert_problem(reader.get(URL, params), 400, "invalid-query")
    assert parameter in [e["field"] for e in body["errors"]]


def test_only_the_keys_tabs_can_be_read(reader, make_entry):
    make_entry("sms", message="cudzy")
    body = assert_problem(reader.get(URL, {"tab": "sms"}), 403, "tab-not-allowed")
    assert "sms" in body["detail"]


def test_reading_needs_a_key(db):
    assert_problem(Client().get(URL, {"tab": "ceneo"}), 401, "missing-key")
