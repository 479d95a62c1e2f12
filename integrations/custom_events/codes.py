"""Message codes of custom events: the journal's text of each call, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CALLED = "CUSTOM_EVENT_CALLED"
SCENARIO_STARTED = "CUSTOM_EVENT_SCENARIO_STARTED"

MESSAGES = {
    CALLED: _("Event %(event)s was called"),
    SCENARIO_STARTED: _("Event %(event)s started the scenario “%(scenario)s”"),
}
