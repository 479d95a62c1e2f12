"""The SMS queue in the sidebar (eventlog.navigation)."""

from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("SMS queue"), "sms:queue", "chat-left-text", "sms.view_sms")]
