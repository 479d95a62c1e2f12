from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("Mailings"), "messaging:mailings", "envelope-paper", "messaging.view_mailing")]
