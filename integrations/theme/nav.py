from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("Shop templates"), "theme:list", "file-earmark-code", "theme.view_shoptemplate")]
