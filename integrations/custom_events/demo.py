"""Demo data of the custom events tab: three event definitions and their calls."""

from __future__ import annotations

from eventlog import demo
from eventlog.messages import Message

from . import codes
from .models import CustomEvent
from .tab import CUSTOM_EVENTS

DEFINITIONS = [
    (101, "porzucony_koszyk", "Klient zostawił produkty w koszyku na dłużej niż godzinę."),
    (102, "urodziny_klienta", "Dzień urodzin klienta zapisany w profilu."),
    (103, "zapis_webinar", "Zapis na webinar z formularza na stronie."),
]
SCENARIOS = [(7, "Przypomnienie o koszyku"), (9, "Rabat urodzinowy"), (12, "Powitanie")]


@demo.before_seeding
def define_events() -> None:
    for event_id, name, description in DEFINITIONS:
        CustomEvent.objects.get_or_create(event_id=event_id, defaults={"name": name, "description": description})


@demo.free_entries(CUSTOM_EVENTS.slug, weight=9)
def call(d: demo.Draw) -> demo.Row:
    event_id, name, _ = d.r.choice(DEFINITIONS)
    scenario = d.r.choice(SCENARIOS)
    started = d.r.random() < 0.7
    return {
        "severity": "success" if started else "info",
        "event_type": "scenario_started" if started else "call",
        # As calls.record_call words them.
        "message": Message(codes.SCENARIO_STARTED, {"event": name, "scenario": scenario[1]})
        if started
        else Message(codes.CALLED, {"event": name}),
        "object_type": "email", "object_id": d.email(), "initiator": "api",
        "data": {"event_id": event_id, "event_name": name, "scenario_id": scenario[0] if started else None,
                 "scenario_name": scenario[1] if started else "", "cart_value": d.r.randrange(50, 900)},
    }  # fmt: skip
