"""Message codes of custom events: the journal's text of each call, in the reader's language.

The customer is never in the text (only in the entry's object id), so that the
free-text filter cannot find a customer by part of their e-mail address.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CALLED = "CUSTOM_EVENT_CALLED"
SCENARIO_STARTED = "CUSTOM_EVENT_SCENARIO_STARTED"

MESSAGES = {
    CALLED: _("Event %(event)s was called; it has no active scenario to start"),
    SCENARIO_STARTED: _("Event %(event)s started the scenario “%(scenario)s”"),
}
