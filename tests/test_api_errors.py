"""Every error under /api/v1/ is application/problem+json: our own, 404, 405, the database gone."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from eventlog.api import keys
from eventlog.models import Entry


@pytest.fixture(autouse=True)
def keep_language():
    """A request without Accept-Language activates the shop's language (Polish); the tests after this one
    must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["type"]) == (status, f"/api/v1/problems/{slug}")
    assert body["title"] and "detail" in body
    return body


def test_an_unknown_path_under_the_api_is_a_404_problem(db):
    assert_problem(Client().get("/api/v1/nothing/here"), 404, "not-found")
    assert_problem(Client().post("/api/v1/entries/extra", data="{}", content_type="application/json"), 404, "not-found")


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(db):
    response = Client().delete("/api/v1/entries")
    body = assert_problem(response, 405, "method-not-allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert "POST" in body["detail"]


def test_the_openapi_schema_is_public_and_describes_the_entries(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    operations = schema["paths"]["/api/v1/entries"]
    assert set(operations) >= {"get", "post"}
    body = operations["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["oneOf"][1]["maxItems"] == 1000
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"]).lower()


class Outage:
    """The database stops answering (its port closed) for the code under test, until `end()`."""

    def __init__(self) -> None:
        self.saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict["PORT"] = "1"

    def end(self) -> None:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(self.saved)


@pytest.fixture
def outage(transactional_db, django_db_serialized_rollback):
    # Serialized rollback: the flush after the test leaves the roles and content types for the tests after it.
    _key, raw = keys.issue("outage", ["ceneo"])
    down = Outage()
    down.key = raw
    yield down
    down.end()


def post(outage: Outage, body: str):
    return Client().post(
        "/api/v1/entries",
        data=body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {outage.key}",
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )


def test_the_database_unreachable_is_a_503_with_retry_after(outage):
    response = post(outage, json.dumps([{"tab": "ceneo", "message": "x"}]))
    assert_problem(response, 503, "database-unavailable")
    assert int(response["Retry-After"]) > 0


def test_after_the_outage_the_same_request_is_written_once(outage):
    body = json.dumps([{"tab": "ceneo", "message": "po awarii"}])
    assert post(outage, body).status_code == 503
    outage.end()
    first, again = post(outage, body), post(outage, body)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Entry.objects.filter(message="po awarii").count() == 1
