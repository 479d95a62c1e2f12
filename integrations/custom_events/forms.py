"""The panel's forms of custom events and scenarios."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CustomEvent, Scenario

#: The start point's choice that creates a new event in the same form.
NEW_EVENT = "new"


class BootstrapMixin:
    """Bootstrap's classes on every widget."""

    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


class CustomEventForm(BootstrapMixin, forms.ModelForm):
    """Create or edit an event (its id is assigned on creation and never edited)."""

    class Meta:
        model = CustomEvent
        fields = ["name", "description", "logging_enabled", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"logging_enabled": _("Write each call of the event to its log (one row per scenario started).")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class NewEventForm(CustomEventForm):
    """The event created in place from a scenario's start point (active from the start)."""

    class Meta(CustomEventForm.Meta):
        fields = ["name", "description", "logging_enabled"]


class ScenarioForm(BootstrapMixin, forms.ModelForm):
    """A scenario; its start point is an existing event or `NEW_EVENT` (then `NewEventForm` holds the event)."""

    start = forms.ChoiceField(label=_("Start point: custom event"))

    class Meta:
        model = Scenario
        fields = ["name", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = [(str(e.pk), f"{e.event_id} — {e.name}") for e in CustomEvent.objects.order_by("event_id")]
        start = self.fields["start"]
        assert isinstance(start, forms.ChoiceField)
        start.choices = [*events, (NEW_EVENT, _("New event…"))]
        if self.instance.pk:
            self.initial.setdefault("start", str(self.instance.start_event_id))
        elif not events:
            self.initial.setdefault("start", NEW_EVENT)
        self.style()
        self.fields["start"].widget.attrs["data-new-event"] = NEW_EVENT

    @property
    def wants_new_event(self) -> bool:
        return (
            self.data.get(self.add_prefix("start")) == NEW_EVENT
            if self.is_bound
            else self.initial.get("start") == NEW_EVENT
        )

    def start_event(self) -> CustomEvent | None:
        """The existing event chosen (valid form), None when a new one is to be created."""
        chosen = self.cleaned_data["start"]
        return None if chosen == NEW_EVENT else CustomEvent.objects.get(pk=int(chosen))
