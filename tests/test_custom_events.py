from eventlog.models import Entry
from integrations.custom_events.calls import record_call
from integrations.custom_events.models import CustomEvent


def test_a_call_is_logged_with_one_row_per_scenario_started(admin_client, db):
    event = CustomEvent.objects.create(event_id=101, name="porzucony_koszyk", description="Koszyk porzucony")
    ids = record_call(event, email="anna.nowak@example.com", scenarios=[(7, "Przypomnienie"), (9, "Rabat")])
    assert len(ids) == 3
    scenarios = Entry.objects.filter(pk__in=ids, event_type="scenario_started").order_by("id")
    assert [e.data["scenario_name"] for e in scenarios] == ["Przypomnienie", "Rabat"]

    page = admin_client.get("/journal/custom-events/")
    assert "Koszyk porzucony" in page.text  # the definitions above the log
    assert "anna.nowak@example.com" in page.text
    detail = admin_client.get(f"/journal/custom-events/{scenarios[0].pk}/")
    assert "Information" in detail.text and "Data fields" in detail.text
    assert "7 — Przypomnienie" in detail.text


def test_nothing_is_logged_while_logging_is_off(db):
    event = CustomEvent.objects.create(event_id=102, name="urodziny", logging_enabled=False)
    assert record_call(event, email="jan@example.com") == []
    assert not Entry.objects.exists()


def test_definitions_table_orders_and_pages_apart_from_the_calls(admin_client, db):
    for event_id, name, logging in ((103, "zapis_webinar", True), (101, "porzucony_koszyk", False)):
        CustomEvent.objects.create(event_id=event_id, name=name, logging_enabled=logging)
    page = admin_client.get("/journal/custom-events/")
    assert page.text.index("porzucony_koszyk") < page.text.index("zapis_webinar")  # by event id
    assert '<span class="badge text-bg-secondary">off</span>' in page.text
    assert 'href="?events-sort=name"' in page.text  # its own parameters, apart from the list's filters
    by_name_desc = admin_client.get("/journal/custom-events/?events-sort=-name&severity=info")
    assert by_name_desc.status_code == 200
    assert by_name_desc.text.index("zapis_webinar") < by_name_desc.text.index("porzucony_koszyk")
    assert "/journal/custom-events/?q=zapis_webinar&amp;group=0" in page.text  # "Calls": the log of its calls
