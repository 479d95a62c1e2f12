"""POST /api/v1/custom-events/calls: the trigger API, over HTTP through the test client."""

import json
import re

import pytest
from django.test import Client

from eventlog.api import keys
from eventlog.models import Entry
from integrations.custom_events.models import Call, CustomEvent, Scenario

URL = "/api/v1/custom-events/calls"


@pytest.fixture
def api(db) -> Client:
    _key, raw = keys.issue("sklep", ["custom-events"])
    return Client(HTTP_X_API_KEY=raw, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def cart(db) -> CustomEvent:
    return CustomEvent.objects.create(event_id=101, name="porzucony_koszyk", description="Koszyk porzucony")


def post(client: Client, body, raw: bool = False):
    return client.post(URL, body if raw else json.dumps(body), content_type="application/json")


def field_errors(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def nothing_written() -> bool:
    return not Entry.objects.exists() and not Call.objects.exists()


def test_a_call_without_a_key_is_401(db, cart):
    response = post(Client(), {"customEventId": 101, "customerEmail": "jan@example.com"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert nothing_written()


def test_a_key_for_another_tab_is_403(db, cart):
    _key, raw = keys.issue("sms-gateway", ["sms"])
    response = post(Client(HTTP_X_API_KEY=raw), {"customEventId": 101, "customerEmail": "jan@example.com"})
    assert response.status_code == 403
    assert response.json()["type"].endswith("tab-not-allowed")
    assert nothing_written()


def test_three_active_scenarios_start_and_write_three_rows(api, cart):
    started = [Scenario.objects.create(name=f"Scenariusz {i}", start_event=cart) for i in range(3)]
    Scenario.objects.create(name="Wstrzymany", start_event=cart, is_active=False)
    other = CustomEvent.objects.create(event_id=102, name="urodziny")
    Scenario.objects.create(name="Rabat urodzinowy", start_event=other)

    response = post(
        api,
        {
            "customEventId": 101,
            "customerEmail": "Anna.Nowak@Example.com",
            "dataFields": [
                {"name": "Kwota", "type": "money", "value": "199.99"},
                {"name": "Strona", "type": "URL", "value": "https://sklep.example.com/koszyk"},
            ],
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    call = Call.objects.get()
    assert body["id"] == call.pk
    assert [s["name"] for s in body["scenarios"]] == ["Scenariusz 0", "Scenariusz 1", "Scenariusz 2"]
    rows = list(Entry.objects.filter(tab="custom-events").order_by("id"))
    assert len(rows) == 3
    assert {r.data["call_id"] for r in rows} == {call.pk}
    assert [r.data["scenario_id"] for r in rows] == [s.pk for s in started]
    assert {r.object_id for r in rows} == {"anna.nowak@example.com"}
    assert rows[0].data["fields"][0] == {"name": "Kwota", "type": "Money", "value": "199.99"}  # type as ECDP spells it
    assert {r.initiator for r in rows} == {"api"} and {r.actor for r in rows} == {"sklep"}
    counts = dict(Scenario.objects.values_list("name", "start_count"))
    assert counts == {"Scenariusz 0": 1, "Scenariusz 1": 1, "Scenariusz 2": 1, "Wstrzymany": 0, "Rabat urodzinowy": 0}


def test_logging_off_writes_no_rows_but_the_scenario_starts(api, cart):
    cart.logging_enabled = False
    cart.save()
    scenario = Scenario.objects.create(name="Przypomnienie", start_event=cart)

    response = post(api, {"customEventId": 101, "customerPhone": "+48 600 100 200"})

    assert response.status_code == 201
    assert response.json()["scenarios"] == [{"id": scenario.pk, "name": "Przypomnienie"}]
    assert not Entry.objects.exists()
    scenario.refresh_from_db()
    assert scenario.start_count == 1 and scenario.last_started_at is not None


def test_a_call_that_starts_no_scenario_writes_one_row_saying_so(api, cart):
    response = post(api, {"customEventId": 101, "customerId": 4711})
    assert response.status_code == 201 and response.json()["scenarios"] == []
    [row] = Entry.objects.all()
    assert row.event_type == "call" and row.object_id == "4711" and row.object_type == "customer"
    assert "no active scenario" in row.text


def test_an_unknown_event_id_is_400_naming_the_field(api, cart):
    errors = field_errors(post(api, {"customEventId": 999, "customerEmail": "jan@example.com"}))
    assert errors == {"customEventId": "No custom event has this id."}
    assert nothing_written()


def test_a_switched_off_event_is_refused(api, cart):
    cart.is_active = False
    cart.save()
    Scenario.objects.create(name="Przypomnienie", start_event=cart)
    errors = field_errors(post(api, {"customEventId": 101, "customerEmail": "jan@example.com"}))
    assert errors == {"customEventId": "This custom event is switched off."}
    assert nothing_written() and Scenario.objects.get().start_count == 0


def test_a_bad_email_is_400_naming_the_field(api, cart):
    errors = field_errors(post(api, {"customEventId": 101, "customerEmail": "jan(at)example"}))
    assert list(errors) == ["customerEmail"]
    assert nothing_written()


def test_a_customer_is_required_once(api, cart):
    assert list(field_errors(post(api, {"customEventId": 101}))) == ["customerEmail"]
    both = {"customEventId": 101, "customerEmail": "jan@example.com", "customerPhone": "+48600100200"}
    assert list(field_errors(post(api, both))) == ["customer"]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("Number", "12,5"),
        ("money", "19.999"),
        ("Date", "23.11.2026"),
        ("DATETIME", "jutro"),
        ("boolean", "tak"),
        ("url", "javascript:alert(1)"),
        ("email", "nie-mail"),
        ("String", "x" * 256),
    ],
)
def test_a_value_that_does_not_fit_its_type_is_400_naming_the_field(api, cart, kind, value):
    fine = {"name": "Kwota", "type": "Money", "value": "10.00"}
    body = {
        "customEventId": 101,
        "customerEmail": "jan@example.com",
        "dataFields": [fine, {"name": "X", "type": kind, "value": value}],
    }
    assert list(field_errors(post(api, body))) == ["dataFields[1].value"]
    assert nothing_written()


def test_every_type_is_accepted_in_any_case(api, cart):
    fields = [
        {"name": "a", "type": "string", "value": "tekst"},
        {"name": "b", "type": "TEXT", "value": "długi tekst"},
        {"name": "c", "type": "number", "value": "-3.5"},
        {"name": "d", "type": "Money", "value": "199.99"},
        {"name": "e", "type": "date", "value": "2026-11-23"},
        {"name": "f", "type": "datetime", "value": "2026-11-23T14:05:00+01:00"},
        {"name": "g", "type": "Boolean", "value": "true"},
        {"name": "h", "type": "url", "value": "https://sklep.example.com/"},
        {"name": "i", "type": "email", "value": "ola@example.com"},
    ]
    response = post(api, {"customEventId": 101, "customerEmail": "jan@example.com", "dataFields": fields})
    assert response.status_code == 201, response.content
    stored = [f["type"] for f in Entry.objects.get().data["fields"]]
    assert stored == ["String", "Text", "Number", "Money", "Date", "DateTime", "Boolean", "URL", "Email"]


def test_unknown_types_wrong_json_types_and_bad_bodies_are_400(api, cart):
    body = {
        "customEventId": 101,
        "customerEmail": "jan@example.com",
        "dataFields": [{"name": "a", "type": "Color", "value": "red"}],
    }
    assert list(field_errors(post(api, body))) == ["dataFields[0].type"]
    body["dataFields"] = [{"name": "a", "type": "Number", "value": 12}]  # ECDP sends values as strings
    assert list(field_errors(post(api, body))) == ["dataFields[0].value"]
    assert list(field_errors(post(api, {"customEventId": "101", "customerEmail": "jan@example.com"}))) == [
        "customEventId"
    ]
    assert list(field_errors(post(api, "{not json", raw=True))) == ["body"]
    assert list(field_errors(post(api, [1, 2]))) == ["body"]
    assert nothing_written()


def test_the_call_is_in_the_openapi_schema(api):
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/custom-events/calls"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"customEventId", "customerEmail", "customerId", "customerPhone", "dataFields"} <= set(body["properties"])
    assert "201" in operation["responses"]


def test_done_means_an_http_call_shows_on_the_tabs_list_page(api, cart, admin_client):
    Scenario.objects.create(name="Przypomnienie o koszyku", start_event=cart)
    response = post(api, {"customEventId": 101, "customerEmail": "zofia.nowak@example.com"})
    call_id = response.json()["id"]

    page = admin_client.get("/journal/custom-events/")
    assert page.status_code == 200
    assert "zofia.nowak@example.com" in page.text and "Przypomnienie o koszyku" in page.text
    assert re.search(rf"<td[^>]*>(<bdi>)?{call_id}(</bdi>)?</td>", page.text)  # the call's id, its first column
    log = admin_client.get(f"/custom-events/{cart.event_id}/log/")
    assert "zofia.nowak@example.com" in log.text and "bi-eye" in log.text


def test_a_call_without_x_api_key_says_which_header_it_takes(db):
    response = Client().post(
        "/api/v1/custom-events/calls", "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer dzk_x"
    )
    assert response.status_code == 401
    assert "x-api-key" in response.json()["detail"]
