"""Idempotency-Key: in flight → 409; kept at least 24 hours, then cleaned up."""

import datetime as dt
import json

import psycopg
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone, translation

from eventlog.api import idempotency, keys
from eventlog.api.tasks import remove_expired_idempotency_records
from eventlog.models import ApiKey, Entry, IdempotencyRecord


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture
def raw_key(db) -> str:
    return keys.issue("shop-code", ["ceneo"])[1]


def post(raw_key: str, body, idempotency_key: str):
    return Client().post(
        "/api/v1/entries",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw_key}",
        HTTP_IDEMPOTENCY_KEY=idempotency_key,
    )


@pytest.fixture
def other_session():
    """A second database session, as another web process holding a request in flight."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as conn:
        yield conn


def test_a_retry_while_the_first_is_in_flight_is_409(raw_key, other_session):
    api_key = ApiKey.objects.get(name="shop-code")
    # The first request's transaction holds this lock until it commits.
    other_session.execute("SELECT pg_advisory_lock(%s)", [idempotency.lock_id(api_key.pk, "slow-1")])
    response = post(raw_key, {"tab": "ceneo", "message": "x"}, "slow-1")
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"]
    assert not Entry.objects.exists()
    other_session.execute("SELECT pg_advisory_unlock_all()")
    assert post(raw_key, {"tab": "ceneo", "message": "x"}, "slow-1").status_code == 201


def test_a_key_is_replayed_for_24_hours_and_then_forgotten(raw_key):
    first = post(raw_key, {"tab": "ceneo", "message": "raz"}, "day-1")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=23, minutes=59)):
        assert post(raw_key, {"tab": "ceneo", "message": "raz"}, "day-1").json() == first.json()
    assert Entry.objects.count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        again = post(raw_key, {"tab": "ceneo", "message": "raz"}, "day-1")
    assert again.status_code == 201 and again.json() != first.json()
    assert Entry.objects.count() == 2


def test_beat_removes_records_older_than_a_day(raw_key):
    post(raw_key, {"tab": "ceneo", "message": "stary"}, "old-1")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=12)):
        post(raw_key, {"tab": "ceneo", "message": "młodszy"}, "young-1")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert remove_expired_idempotency_records() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["young-1"]


def test_new_records_clean_up_expired_ones_on_the_way(raw_key):
    post(raw_key, {"tab": "ceneo", "message": "stary"}, "old-2")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=30)):
        post(raw_key, {"tab": "ceneo", "message": "nowy"}, "new-2")
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new-2"]
