"""What the panel changes: events and scenarios, each action in its own transaction."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

from .forms import CustomEventForm, ScenarioForm
from .models import CustomEvent, Scenario

#: Attempts to take the next event id when another request took the same one at once.
ID_ATTEMPTS = 5


def create_event(form: CustomEventForm) -> CustomEvent:
    """Save a valid new event with the next event id: one more than the highest ever given.

    Events are never deleted, so the highest id is the last one given and no id is
    reused. Two creations at once may compute the same id: the unique constraint
    refuses the second, which takes the next one.
    """
    event: CustomEvent = form.save(commit=False)
    for attempt in range(ID_ATTEMPTS):
        try:
            with transaction.atomic():
                event.event_id = (CustomEvent.objects.aggregate(top=Max("event_id"))["top"] or 0) + 1
                event.save()
            return event
        except IntegrityError:
            if attempt == ID_ATTEMPTS - 1 or CustomEvent.objects.filter(name=event.name).exists():
                raise
            event.pk = None
    raise AssertionError("unreachable")


def save_scenario(form: ScenarioForm, new_event: CustomEventForm | None) -> Scenario:
    """Save a valid scenario form; with `new_event` (valid), create that event first as its start point.

    One transaction: the event is not kept if the scenario cannot be saved.
    """
    with transaction.atomic():
        scenario: Scenario = form.save(commit=False)
        start = form.start_event()
        scenario.start_event = start if start is not None else create_event(new_event)  # type: ignore[arg-type]
        scenario.save()
    return scenario
