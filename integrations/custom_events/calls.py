"""Journalling calls of custom events, honouring each event's logging switch."""

from __future__ import annotations

from collections.abc import Sequence

from eventlog import writer
from eventlog.messages import Message

from . import codes
from .models import CustomEvent
from .tab import CUSTOM_EVENTS


def record_call(
    event: CustomEvent, *, email: str, scenarios: Sequence[tuple[int, str]] = (), data: dict | None = None
) -> list[int]:
    """One entry for the call, and one per scenario it started; none while logging is off."""
    if not event.logging_enabled:
        return []
    base = {"event_id": event.event_id, "event_name": event.name, **(data or {})}
    rows = [
        {
            "tab": CUSTOM_EVENTS.slug, "event_type": "call", "severity": "info", "initiator": "api",
            "message": Message(codes.CALLED, {"event": event.name}),
            "object_type": "email", "object_id": email, "data": base,
        }
    ]  # fmt: skip
    for scenario_id, scenario_name in scenarios:
        rows.append(
            {
                "tab": CUSTOM_EVENTS.slug, "event_type": "scenario_started", "severity": "success", "initiator": "api",
                "message": Message(codes.SCENARIO_STARTED, {"event": event.name, "scenario": scenario_name}),
                "object_type": "email", "object_id": email,
                "data": {**base, "scenario_id": scenario_id, "scenario_name": scenario_name},
            }
        )  # fmt: skip
    return writer.record_many(rows)
