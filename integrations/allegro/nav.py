"""Allegro accounts in the sidebar (eventlog.navigation)."""

from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("Allegro"), "allegro:accounts", "bag", "allegro.view_allegroaccount")]
