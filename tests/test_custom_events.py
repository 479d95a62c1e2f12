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
