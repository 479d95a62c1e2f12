"""The sidebar's link to the custom events' pages (events and scenarios, one section)."""

from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("Events and scenarios"), "custom_events:events", "lightning-charge", "custom_events.view_customevent")]
