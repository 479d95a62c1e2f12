"""POST /api/v1/entries: one entry or a batch, through the one writer, all or none."""

import gzip
import json

import pytest
from django.test import Client
from django.utils import translation

from eventlog.api import keys
from eventlog.models import ApiKey, Entry, IdempotencyRecord


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


URL = "/api/v1/entries"


@pytest.fixture
def ceneo_key(db) -> str:
    _key, raw = keys.issue("ceneo-connector", ["ceneo", "amazon"])
    return raw


def post(raw_key: str | None, body, **headers) -> "Client.response":
    client = Client()
    data = body if isinstance(body, bytes) else json.dumps(body)
    if raw_key is not None:
        headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {raw_key}")
    headers.setdefault("content_type", "application/json")
    return client.post(URL, data=data, **headers)


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].endswith("/" + slug)
    assert body["title"]
    return body


def test_one_entry_is_written_as_the_keys_account(ceneo_key):
    response = post(
        ceneo_key,
        {"tab": "ceneo", "message": "Oferta 123 zsynchronizowana", "severity": "success", "object_id": 123},
    )
    assert response.status_code == 201
    [pk] = response.json()["ids"]
    entry = Entry.objects.get(pk=pk)
    assert (entry.tab, entry.message, entry.severity, entry.object_id) == (
        "ceneo",
        "Oferta 123 zsynchronizowana",
        "success",
        "123",
    )
    assert entry.initiator == "api"
    assert entry.account == "ceneo-connector"
    assert entry.service == "ceneo"  # the tab's only service, as the writer fills it in-process


def test_a_batch_answers_the_ids_in_order(ceneo_key):
    records = [
        {"tab": "ceneo" if i % 2 else "amazon", "message": f"Zamówienie {i}", "occurred_at": "2026-03-01T10:00:00Z"}
        for i in range(1000)
    ]
    response = post(ceneo_key, records)
    assert response.status_code == 201
    ids = response.json()["ids"]
    assert len(ids) == 1000
    stored = dict(Entry.objects.filter(pk__in=ids).values_list("pk", "message"))
    assert [stored[pk] for pk in ids] == [f"Zamówienie {i}" for i in range(1000)]


def test_a_gzipped_batch_is_accepted(ceneo_key):
    body = gzip.compress(json.dumps([{"tab": "ceneo", "message": "Spakowane"}] * 3).encode())
    response = post(ceneo_key, body, HTTP_CONTENT_ENCODING="gzip")
    assert response.status_code == 201
    assert Entry.objects.filter(message="Spakowane").count() == 3


def test_a_bad_record_refuses_the_whole_batch_naming_index_and_field(ceneo_key):
    records = [{"tab": "ceneo", "message": "dobry"}] * 4 + [{"tab": "ceneo", "message": "zły", "event_type": "nope"}]
    body = assert_problem(post(ceneo_key, records), 422, "validation")
    assert body["errors"] == [{"index": 4, "field": "event_type", "message": body["errors"][0]["message"]}]
    assert "nope" in body["errors"][0]["message"]
    assert not Entry.objects.filter(message="dobry").exists()


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"tab": "ceneo", "message": "x" * 4001}, "message"),
        ({"tab": "ceneo", "message": "ok", "object_id": "9" * 129}, "object_id"),
        ({"tab": "ceneo", "message": "ok", "data": {"blob": "x" * 40_000}}, "data"),
        ({"tab": "ceneo", "message": "ok", "severity": "fatal"}, "severity"),
        ({"tab": "ceneo", "message": "ok", "account": "x" * 300}, "account"),
        ({"tab": "ceneo", "message": "ok", "occurred_at": "2026-03-01T10:00:00"}, "occurred_at"),
        ({"tab": "nope", "message": "ok"}, "tab"),
        ({"tab": "ceneo"}, "message"),
        # A date no shop event has would head the tab's list for ever (and overflow in local time).
        ({"tab": "ceneo", "message": "ok", "occurred_at": "9999-12-31T23:59:59Z"}, "occurred_at"),
        ({"tab": "ceneo", "message": "ok", "occurred_at": "1900-01-01T00:00:00Z"}, "occurred_at"),
    ],
)
def test_a_record_over_the_limits_is_422_naming_the_field(ceneo_key, record, field):
    body = assert_problem(post(ceneo_key, [{"tab": "ceneo", "message": "first"}, record]), 422, "validation")
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, field)]
    assert Entry.objects.count() == 0


def test_every_refused_record_of_a_batch_is_named_at_once(ceneo_key):
    batch = [
        {"tab": "ceneo", "message": "ok"},
        {"tab": "ceneo", "message": "x", "severity": "fatal"},
        {"tab": "ceneo", "message": "ok"},
        {"tab": "ceneo", "message": "x", "event_type": "nope"},
    ]
    body = assert_problem(post(ceneo_key, batch), 422, "validation")
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(1, "severity"), (3, "event_type")]
    assert Entry.objects.count() == 0


def test_a_number_too_large_for_json_is_422_naming_data(ceneo_key):
    # 1e400 is valid JSON text that Python reads as Infinity, which no JSON column stores.
    body = assert_problem(
        post(ceneo_key, b'{"tab": "ceneo", "message": "ok", "data": {"a": 1e400}}'), 422, "validation"
    )
    assert [(e["index"], e["field"]) for e in body["errors"]] == [(0, "data")]
    assert Entry.objects.count() == 0


def test_more_than_1000_records_is_422(ceneo_key):
    body = assert_problem(post(ceneo_key, [{"tab": "ceneo", "message": "m"}] * 1001), 422, "validation")
    assert "1000" in body["errors"][0]["message"]


def test_broken_json_is_400(ceneo_key):
    assert_problem(post(ceneo_key, b'[{"tab": "ceneo",'), 400, "invalid-json")


def test_wrong_content_type_is_415(ceneo_key):
    response = post(ceneo_key, b"tab=ceneo&message=x", content_type="application/x-www-form-urlencoded")
    assert_problem(response, 415, "unsupported-media-type")


def test_a_body_over_5_mib_is_413_unread(ceneo_key):
    big = json.dumps([{"tab": "ceneo", "message": "x" * 3900}] * 1400).encode()
    assert len(big) > 5 * 1024 * 1024
    assert_problem(post(ceneo_key, big), 413, "body-too-large")


def test_a_gzip_body_over_5_mib_once_decoded_is_413(ceneo_key):
    bomb = gzip.compress(b"[" + b" " * (6 * 1024 * 1024) + b"]")
    assert len(bomb) < 10_000
    body = assert_problem(post(ceneo_key, bomb, HTTP_CONTENT_ENCODING="gzip"), 413, "body-too-large")
    assert "gzip" in body["detail"]


def test_no_key_is_401(db):
    response = post(None, {"tab": "ceneo", "message": "x"})
    assert_problem(response, 401, "missing-key")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_key_is_401(db):
    assert_problem(post("dzk_nothing_here", {"tab": "ceneo", "message": "x"}), 401, "invalid-key")


def test_a_revoked_key_is_403(ceneo_key):
    keys.revoke(ApiKey.objects.get(name="ceneo-connector"))
    assert_problem(post(ceneo_key, {"tab": "ceneo", "message": "x"}), 403, "revoked-key")


def test_an_expired_key_is_403(db):
    import datetime as dt

    from django.utils import timezone

    _key, raw = keys.issue("old", ["ceneo"], expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert_problem(post(raw, {"tab": "ceneo", "message": "x"}), 403, "expired-key")


def test_a_tab_outside_the_keys_scope_is_403_and_nothing_is_written(ceneo_key):
    body = assert_problem(
        post(ceneo_key, [{"tab": "ceneo", "message": "x"}, {"tab": "sms", "message": "y"}]), 403, "tab-not-allowed"
    )
    assert "sms" in body["detail"]
    assert Entry.objects.count() == 0


def test_the_rate_limit_answers_429_with_retry_after(ceneo_key, settings):
    settings.JOURNAL_API_RATE_PER_MINUTE = 3
    statuses = [post(ceneo_key, {"tab": "ceneo", "message": f"m{i}"}).status_code for i in range(3)]
    # The window is a clock minute: should the three fall across its end, the fourth still lands in a full one.
    response = post(ceneo_key, {"tab": "ceneo", "message": "too many"})
    if response.status_code == 201:
        for _ in range(3):
            response = post(ceneo_key, {"tab": "ceneo", "message": "too many"})
    assert statuses == [201, 201, 201]
    assert_problem(response, 429, "rate-limited")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_last_use_of_a_key_is_recorded(ceneo_key):
    assert ApiKey.objects.get().last_used_at is None
    post(ceneo_key, {"tab": "ceneo", "message": "x"})
    assert ApiKey.objects.get().last_used_at is not None


def test_idempotency_key_replays_the_first_answer_and_writes_nothing(ceneo_key):
    body = [{"tab": "ceneo", "message": "raz"}, {"tab": "amazon", "message": "dwa"}]
    first = post(ceneo_key, body, HTTP_IDEMPOTENCY_KEY="batch-0001")
    again = post(ceneo_key, body, HTTP_IDEMPOTENCY_KEY="batch-0001")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Entry.objects.count() == 2


def test_idempotency_key_with_another_body_is_422(ceneo_key):
    post(ceneo_key, {"tab": "ceneo", "message": "raz"}, HTTP_IDEMPOTENCY_KEY="k-1")
    body = assert_problem(
        post(ceneo_key, {"tab": "ceneo", "message": "inny"}, HTTP_IDEMPOTENCY_KEY="k-1"), 422, "idempotency-key-reused"
    )
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert Entry.objects.count() == 1


def test_a_refused_request_keeps_no_idempotency_record(ceneo_key):
    assert_problem(
        post(ceneo_key, {"tab": "ceneo", "message": "x" * 5000}, HTTP_IDEMPOTENCY_KEY="k-2"), 422, "validation"
    )
    assert not IdempotencyRecord.objects.exists()
    assert post(ceneo_key, {"tab": "ceneo", "message": "poprawiony"}, HTTP_IDEMPOTENCY_KEY="k-2").status_code == 201


def test_idempotency_keys_are_per_api_key(ceneo_key):
    _other, other_raw = keys.issue("amazon-connector", ["amazon"])
    post(ceneo_key, {"tab": "amazon", "message": "a"}, HTTP_IDEMPOTENCY_KEY="same")
    assert post(other_raw, {"tab": "amazon", "message": "b"}, HTTP_IDEMPOTENCY_KEY="same").status_code == 201
    assert Entry.objects.count() == 2


def test_a_bad_idempotency_key_is_400(ceneo_key):
    assert_problem(
        post(ceneo_key, {"tab": "ceneo", "message": "a"}, HTTP_IDEMPOTENCY_KEY="x" * 300), 400, "bad-idempotency-key"
    )


def test_an_entry_names_its_marketplace_account_and_initiator(ceneo_key):
    # A marketplace module knows which of the shop's accounts it is about, and whether the change
    # came from the marketplace itself (an "external change").
    body = {"tab": "ceneo", "message": "Cena zmieniona w panelu Ceneo", "account": "sklep-gosi",
            "initiator": "external"}  # fmt: skip
    response = post(ceneo_key, body)
    assert response.status_code == 201, response.content
    entry = Entry.objects.get(pk=response.json()["ids"][0])
    assert (entry.account, entry.initiator) == ("sklep-gosi", "external")


def test_an_initiator_a_sender_may_not_claim_is_refused(ceneo_key):
    response = post(ceneo_key, {"tab": "ceneo", "message": "x", "initiator": "api-but-not-really"})
    body = assert_problem(response, 422, "validation")
    assert body["errors"][0]["field"] == "initiator"
    assert Entry.objects.count() == 0
