from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .tab import CUSTOM_EVENTS


class CustomEvent(models.Model):
    """An event the shop defined for marketing automation (e.g. "abandoned cart").

    Calls of an event are journalled only while its logging is on; the journal's
    custom-events tab lists these definitions above the log of calls.
    """

    event_id = models.PositiveIntegerField(_("event id"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    logging_enabled = models.BooleanField(_("logging"), default=True)

    class Meta:
        ordering = ["event_id"]
        verbose_name = _("custom event")
        verbose_name_plural = _("custom events")

    def __str__(self) -> str:
        return f"{self.event_id} {self.name}"

    def calls_url(self) -> str:
        """The tab filtered to this event's calls (its name is in each call's message)."""
        return reverse("eventlog:tab", args=[CUSTOM_EVENTS.slug]) + "?" + urlencode({"q": self.name, "group": "0"})
