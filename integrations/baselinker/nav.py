"""The BaseLinker settings page in the sidebar (eventlog.navigation)."""

from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("BaseLinker"), "baselinker:settings", "box-seam", "baselinker.view_baselinkersettings")]
