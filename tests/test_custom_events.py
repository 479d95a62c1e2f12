"""The custom events' pages: events, scenarios (a new event in place), one event's log and a call's details."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from eventlog.api import keys
from integrations.custom_events.models import CustomEvent, Scenario


@pytest.fixture
def cart(db) -> CustomEvent:
    return CustomEvent.objects.create(event_id=101, name="porzucony_koszyk", description="Koszyk porzucony")


def call(event_id: int, email: str, fields=()) -> dict:
    _key, raw = keys.issue(f"k{timezone.now().timestamp()}", ["custom-events"])
    body = {"customEventId": event_id, "customerEmail": email, "dataFields": list(fields)}
    response = Client(HTTP_X_API_KEY=raw).post(
        "/api/v1/custom-events/calls", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_event_list_shows_each_event_with_a_link_to_its_log(admin_client, cart):
    CustomEvent.objects.create(event_id=102, name="urodziny", logging_enabled=False)
    page = admin_client.get("/custom-events/")
    assert page.status_code == 200
    assert "Koszyk porzucony" in page.text and "urodziny" in page.text
    assert '<span class="badge text-bg-secondary">off</span>' in page.text
    assert 'href="/custom-events/101/log/"><i class="bi bi-eye"' in page.text
    assert "Create new event" in page.text and 'href="/custom-events/101/edit/"' in page.text


def test_support_reads_the_events_but_cannot_create_or_edit(support_client, cart):
    page = support_client.get("/custom-events/")
    assert page.status_code == 200 and "porzucony_koszyk" in page.text
    assert "Create new event" not in page.text and "/custom-events/101/edit/" not in page.text
    assert support_client.get("/custom-events/new/").status_code == 403
    assert support_client.post("/custom-events/101/edit/", {"name": "x"}).status_code == 403
    assert support_client.post("/custom-events/scenarios/new/", {"name": "x"}).status_code == 403


def test_creating_an_event_assigns_the_next_id_never_reused(admin_client, cart):
    response = admin_client.post(
        "/custom-events/new/",
        {"name": "zapis_webinar", "description": "Webinar", "logging_enabled": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    created = CustomEvent.objects.get(name="zapis_webinar")
    assert created.event_id == 102 and created.logging_enabled and created.is_active
    assert "created with id 102" in admin_client.get("/custom-events/").text


def test_a_bad_event_form_says_what_is_wrong(admin_client, cart):
    response = admin_client.post("/custom-events/new/", {"name": "porzucony_koszyk"})
    assert response.status_code == 400
    assert "already exists" in response.text
    assert CustomEvent.objects.count() == 1


def test_editing_an_event_keeps_its_id(admin_client, cart):
    response = admin_client.post("/custom-events/101/edit/", {"name": "koszyk", "description": "Nowy opis"})
    assert response.status_code == 302
    cart.refresh_from_db()
    assert (cart.event_id, cart.name, cart.logging_enabled, cart.is_active) == (101, "koszyk", False, False)
    assert "switched off" in admin_client.get("/custom-events/").text


def test_a_scenario_starts_from_an_existing_event(admin_client, cart):
    form = admin_client.get("/custom-events/scenarios/new/")
    assert "101 — porzucony_koszyk" in form.text and "New event…" in form.text
    assert "js/custom_events.js" in form.text
    response = admin_client.post(
        "/custom-events/scenarios/new/", {"name": "Przypomnienie", "is_active": "on", "start": str(cart.pk)}
    )
    assert response.status_code == 302
    assert Scenario.objects.get().start_event == cart


def test_a_scenario_creates_its_start_event_in_place(admin_client, cart):
    response = admin_client.post(
        "/custom-events/scenarios/new/",
        {
            "name": "Powitanie",
            "is_active": "on",
            "start": "new",
            "new_event-name": "zapis_newsletter",
            "new_event-description": "Zapis do newslettera",
            "new_event-logging_enabled": "on",
        },
    )
    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.start_event.name == "zapis_newsletter" and scenario.start_event.event_id == 102
    assert scenario.start_event.logging_enabled and scenario.start_event.is_active


def test_a_bad_new_event_saves_neither_it_nor_the_scenario(admin_client, cart):
    response = admin_client.post(
        "/custom-events/scenarios/new/",
        {"name": "Powitanie", "start": "new", "new_event-name": "porzucony_koszyk"},
    )
    assert response.status_code == 400 and "already exists" in response.text
    assert not Scenario.objects.exists() and CustomEvent.objects.count() == 1
    # The fields of an event not asked for are ignored.
    ok = admin_client.post(
        "/custom-events/scenarios/new/", {"name": "Powitanie", "start": str(cart.pk), "new_event-name": ""}
    )
    assert ok.status_code == 302 and CustomEvent.objects.count() == 1


def test_the_scenario_list_shows_starts_after_a_call(admin_client, cart):
    scenario = Scenario.objects.create(name="Przypomnienie", start_event=cart)
    call(101, "jan@example.com")
    call(101, "ola@example.com")
    page = admin_client.get("/custom-events/scenarios/")
    assert page.status_code == 200
    assert "Przypomnienie" in page.text and "<td>2</td>" in page.text
    assert f'href="/custom-events/scenarios/{scenario.pk}/edit/"' in page.text
    edit = admin_client.post(
        f"/custom-events/scenarios/{scenario.pk}/edit/", {"name": "Przypomnienie", "start": str(cart.pk)}
    )
    assert edit.status_code == 302
    scenario.refresh_from_db()
    assert not scenario.is_active and scenario.start_count == 2  # unticked: inactive; its starts stay


def test_an_events_log_lists_its_calls_newest_first_and_filters_them(admin_client, cart):
    Scenario.objects.create(name="Przypomnienie", start_event=cart)
    other = CustomEvent.objects.create(event_id=102, name="urodziny")
    Scenario.objects.create(name="Rabat urodzinowy", start_event=other)
    first = call(101, "jan@example.com")["id"]
    second = call(101, "ola@example.com")["id"]
    call(102, "piotr@example.com")

    log = admin_client.get("/custom-events/101/log/")
    assert log.status_code == 200
    assert log.text.index("ola@example.com") < log.text.index("jan@example.com")  # newest first
    assert "piotr@example.com" not in log.text  # another event's call
    by_email = admin_client.get("/custom-events/101/log/?object_id=JAN@example.com")
    assert "jan@example.com" in by_email.text and "ola@example.com" not in by_email.text
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "No calls match these filters." in admin_client.get(f"/custom-events/101/log/?date_from={tomorrow}").text
    refused = admin_client.get("/custom-events/101/log/?date_from=wczoraj")
    assert refused.status_code == 400
    alert = refused.text.split("alert-danger", 1)[1].split("</div>\n</div>", 1)[0]
    assert "<strong>From</strong>:" in alert and "date_from" not in alert
    assert admin_client.get("/custom-events/999/log/").status_code == 404
    htmx = admin_client.get("/custom-events/101/log/?object_id=ola@example.com", HTTP_HX_REQUEST="true")
    assert "<html" not in htmx.text and "ola@example.com" in htmx.text
    assert first != second


def test_a_calls_details_show_information_and_data_fields(admin_client, cart):
    Scenario.objects.create(name="Przypomnienie o koszyku", start_event=cart)
    fields = [
        {"name": "Kwota", "type": "Money", "value": "199.99"},
        {"name": "Strona", "type": "url", "value": "https://sklep.example.com/koszyk?a=<b>"},
    ]
    call_id = call(101, "jan@example.com", fields)["id"]
    log = admin_client.get("/custom-events/101/log/")
    detail_url = log.text.split('<a class="small text-nowrap" href="', 1)[1].split('"', 1)[0]
    detail = admin_client.get(detail_url)
    assert detail.status_code == 200
    assert 'data-bs-target="#call-info"' in detail.text and 'data-bs-target="#call-fields"' in detail.text
    assert "Information" in detail.text and "Data fields" in detail.text
    assert f'<dd class="col-sm-8">{call_id}</dd>' in detail.text
    assert "Przypomnienie o koszyku" in detail.text
    assert "<td>Money</td>" in detail.text and "199.99" in detail.text
    assert "https://sklep.example.com/koszyk?a=&lt;b&gt;" in detail.text  # outside text escaped


def test_the_journal_tab_shows_the_events_above_its_calls(admin_client, cart):
    page = admin_client.get("/journal/custom-events/")
    assert page.status_code == 200
    assert "Koszyk porzucony" in page.text and 'href="/custom-events/101/log/"' in page.text
