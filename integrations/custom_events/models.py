"""Custom events, the marketing scenarios they start, and the calls that triggered them.

As in ExpertSender ECDP: an event has a numeric id that callers send
(`customEventId`), a name, a description and a logging switch; a scenario's start
point is one event, and an event may start several scenarios. Dziennik runs no
marketing action itself: a scenario "started" is its start count and last start.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CustomEvent(models.Model):
    """An event the shop defined for marketing automation (e.g. "abandoned cart").

    `event_id` is assigned when the event is created (`actions.create_event`: one more
    than the highest so far) and never changes. Events are never deleted — their calls
    stay in the journal under that id — so an id is never given to another event;
    switch an event off (`is_active`) instead. Calls of an event that is off are
    refused; `logging_enabled` only says whether its calls are written to its log.
    """

    event_id = models.PositiveIntegerField(_("event id"), unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    logging_enabled = models.BooleanField(_("enable logging"), default=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Calls of an event that is switched off are refused.")
    )

    class Meta:
        ordering = ["event_id"]
        verbose_name = _("custom event")
        verbose_name_plural = _("custom events")

    def __str__(self) -> str:
        return f"{self.event_id} {self.name}"

    def log_url(self) -> str:
        """The log of this event's calls (the custom-events tab's entries of this event)."""
        return reverse("custom_events:log", args=[self.event_id])

    def edit_url(self) -> str:
        return reverse("custom_events:edit", args=[self.event_id])


class Scenario(models.Model):
    """A marketing scenario whose start point is a custom event; started by each call of it while active."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    # PROTECT: an event is never deleted (see CustomEvent).
    start_event = models.ForeignKey(
        CustomEvent, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("start point")
    )
    #: Calls that started it, and when the last one did: updated in the call's transaction.
    start_count = models.PositiveIntegerField(_("starts"), default=0, editable=False)
    last_started_at = models.DateTimeField(_("last start"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        # A call starts the event's active scenarios.
        indexes = [models.Index(fields=["start_event", "is_active"], name="scenario_start_active")]

    def __str__(self) -> str:
        return self.name

    def edit_url(self) -> str:
        return reverse("custom_events:scenario_edit", args=[self.pk])


class Call(models.Model):
    """One accepted call of the trigger API: its id (the log's "ID") and what it started.

    It holds no personal data (the customer is only in the journal entries, which the
    tab's retention removes), so it can be kept as the call register.
    """

    id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey(CustomEvent, on_delete=models.PROTECT, related_name="calls", verbose_name=_("event"))
    created_at = models.DateTimeField(_("created"))
    scenarios_started = models.PositiveIntegerField(_("scenarios started"), default=0)
    #: The API key's name (the integration account that called).
    account = models.CharField(_("account"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("custom event call")
        verbose_name_plural = _("custom event calls")

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_id}"
