"""Demo data of the custom events: three events, their scenarios, and real calls of the trigger API.

`make run` (`demo_setup`) defines the events and scenarios with the real models and
sends calls through the real endpoint (`POST /api/v1/custom-events/calls`, in-process
with Django's test client and a demo API key), so the tab's log, the scenarios' start
counts and the calls are what the API really made. The drawn generator only fills a
journal for volume (`seed_journal`, `journal_bench`).
"""

from __future__ import annotations

import json
import random

from django.conf import settings
from django.test import Client

from eventlog import demo
from eventlog.api import keys
from eventlog.messages import Message
from eventlog.models import ApiKey

from . import codes
from .models import Call, CustomEvent, Scenario
from .tab import CUSTOM_EVENTS

#: (event id, name, description, logging on). Ids as a shop migrating from ECDP would keep them.
DEFINITIONS = [
    (101, "porzucony_koszyk", "Klient zostawił produkty w koszyku na dłużej niż godzinę.", True),
    (102, "urodziny_klienta", "Dzień urodzin klienta zapisany w profilu.", True),
    (103, "zapis_webinar", "Zapis na webinar z formularza na stronie.", False),
]
#: (scenario name, start event id, active).
SCENARIOS = [
    ("Przypomnienie o koszyku", 101, True),
    ("Rabat 5% na porzucony koszyk", 101, True),
    ("SMS o koszyku (wstrzymany)", 101, False),
    ("Rabat urodzinowy", 102, True),
    ("Powitanie uczestnika webinaru", 103, True),
]
DEMO_KEY = "demo: custom events"
CALLS = 24


@demo.before_seeding
def define_events() -> None:
    for event_id, name, description, logging in DEFINITIONS:
        CustomEvent.objects.get_or_create(
            event_id=event_id, defaults={"name": name, "description": description, "logging_enabled": logging}
        )


@demo.real_runs
def call_events() -> list[int]:
    """Scenarios and real API calls, once (nothing when a call exists already). Makes no job run: returns []."""
    if Call.objects.exists():
        return []
    define_events()
    events = {e.event_id: e for e in CustomEvent.objects.filter(event_id__in=[d[0] for d in DEFINITIONS])}
    for name, event_id, active in SCENARIOS:
        Scenario.objects.get_or_create(name=name, defaults={"start_event": events[event_id], "is_active": active})
    ApiKey.objects.filter(name=DEMO_KEY).delete()  # a demo interrupted before its calls: its secret is lost
    _key, raw = keys.issue(DEMO_KEY, [CUSTOM_EVENTS.slug])
    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    client = Client(HTTP_HOST=hosts[0] if hosts else "localhost", HTTP_X_API_KEY=raw)
    rng = random.Random(2026)
    draw = demo.Draw(rng)
    for _ in range(CALLS):
        event_id = rng.choice([101, 101, 102, 103])
        body = {"customEventId": event_id, "customerEmail": draw.email(), "dataFields": _fields(event_id, draw)}
        response = client.post(
            "/api/v1/custom-events/calls", json.dumps(body), content_type="application/json", secure=True
        )
        if response.status_code != 201:
            raise RuntimeError(f"demo call refused: {response.status_code} {response.content[:300]!r}")
    return []


def _fields(event_id: int, d: demo.Draw) -> list[dict[str, str]]:
    if event_id == 101:
        code, name = d.product()
        return [
            {"name": "Kwota koszyka", "type": "Money", "value": f"{d.r.randrange(50, 900)}.{d.r.randrange(100):02d}"},
            {"name": "Produkt", "type": "String", "value": name},
            {"name": "Strona", "type": "URL", "value": f"https://sklep.example.com/produkt/{code}"},
        ]
    if event_id == 102:
        return [{"name": "Data urodzin", "type": "Date", "value": f"19{d.r.randrange(60, 99)}-11-23"}]
    return [
        {"name": "Webinar", "type": "String", "value": "Jak sprzedawać na Allegro"},
        {"name": "Zgoda marketingowa", "type": "Boolean", "value": d.r.choice(["true", "false"])},
    ]


@demo.free_entries(CUSTOM_EVENTS.slug, weight=9, volume_only=True)
def call(d: demo.Draw) -> demo.Row:
    """A drawn row shaped like calls.log_rows's (for volume only)."""
    event_id, name, _description, _logging = d.r.choice(DEFINITIONS)
    scenarios = [(i, s) for i, (s, e, active) in enumerate(SCENARIOS, 1) if e == event_id and active]
    scenario_id, scenario = d.r.choice(scenarios)
    return {
        "severity": "success", "event_type": "scenario_started", "initiator": "api", "account": str(event_id),
        "message": Message(codes.SCENARIO_STARTED, {"event": name, "scenario": scenario}),
        "object_type": "email", "object_id": d.email(),
        "data": {"call_id": d.r.randrange(1, 10**6), "event_id": event_id, "event_name": name,
                 "fields": _fields(event_id, d), "scenario_id": scenario_id, "scenario_name": scenario},
    }  # fmt: skip
