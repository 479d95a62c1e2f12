"""A call of a custom event: the scenarios it starts and the rows of the event's log.

`trigger` is the action behind `POST /api/v1/custom-events/calls` (and the demo). In
one transaction it registers the call (its id is the log's "ID"), starts every
active scenario whose start point is the event (each one's start count and last
start) and, while the event's logging is on, writes the event's log:

- one entry per scenario started (a call that starts three scenarios: three rows);
- a call that started none writes one "Event called" entry, so the log still shows
  that the call arrived and that nothing was attached to it;
- with logging off nothing is written to the journal; the scenarios still start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Initiator, ObjectType, Severity

from . import codes
from .models import Call, CustomEvent, Scenario
from .tab import CUSTOM_EVENTS


@dataclass(frozen=True)
class Customer:
    """Who the call is about: `kind` is the journal's object type ("email", "phone", "customer")."""

    kind: str
    value: str


@dataclass(frozen=True)
class DataField:
    name: str
    #: Canonical type name (datafields.TYPES), e.g. "Money".
    type: str
    value: str

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "value": self.value}


@dataclass(frozen=True)
class Result:
    call: Call
    #: The scenarios started, as (id, name), in id order.
    scenarios: list[tuple[int, str]]
    #: Ids of the journal entries written (none while logging is off).
    entry_ids: list[int]


def trigger(
    event: CustomEvent,
    customer: Customer,
    fields: Sequence[DataField] = (),
    *,
    account: str = "",
    now: dt.datetime | None = None,
) -> Result:
    """Register a call of `event` (active: the caller checked it), start its active scenarios, log them.

    `account` is the API key's name. Raises writer.JournalError if an entry is refused
    (then nothing of the call is kept).
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Uses index: scenario_start_active.
        scenarios = list(
            Scenario.objects.filter(start_event=event, is_active=True).order_by("id").values_list("id", "name")
        )
        Scenario.objects.filter(pk__in=[pk for pk, _name in scenarios]).update(
            start_count=F("start_count") + 1, last_started_at=now
        )
        call = Call.objects.create(event=event, created_at=now, scenarios_started=len(scenarios), account=account)
        entry_ids = (
            writer.record_many(log_rows(event, call, customer, fields, scenarios)) if event.logging_enabled else []
        )
    return Result(call, scenarios, entry_ids)


def log_rows(
    event: CustomEvent,
    call: Call,
    customer: Customer,
    fields: Sequence[DataField],
    scenarios: Sequence[tuple[int, str]],
) -> list[dict[str, Any]]:
    """The event's log rows of one call: one per scenario started, or one for the call alone."""
    base: dict[str, Any] = {
        "tab": CUSTOM_EVENTS.slug,
        "occurred_at": call.created_at,
        "initiator": Initiator.API,
        "actor": call.account,
        # The event's id as the account: one event's log is served by entry_tab_account.
        "account": str(event.event_id),
        "object_type": customer.kind,
        "object_id": customer.value,
    }
    data = {
        "call_id": call.pk,
        "event_id": event.event_id,
        "event_name": event.name,
        "fields": [field.as_json() for field in fields],
    }
    if not scenarios:
        return [
            {
                **base, "severity": Severity.INFO, "event_type": "call",
                "message": Message(codes.CALLED, {"event": event.name}),
                "data": {**data, "scenario_id": None, "scenario_name": ""},
            }
        ]  # fmt: skip
    return [
        {
            **base, "severity": Severity.SUCCESS, "event_type": "scenario_started",
            "message": Message(codes.SCENARIO_STARTED, {"event": event.name, "scenario": name}),
            "data": {**data, "scenario_id": pk, "scenario_name": name},
        }
        for pk, name in scenarios
    ]  # fmt: skip


#: The journal's object type of each way a call names its customer.
CUSTOMER_KINDS = {
    "customerEmail": ObjectType.EMAIL,
    "customerPhone": ObjectType.PHONE,
    "customerId": ObjectType.CUSTOMER,
}
