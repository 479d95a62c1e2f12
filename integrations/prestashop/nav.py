"""The PrestaShop module in the sidebar (eventlog.navigation)."""

from django.utils.translation import gettext_lazy as _

from eventlog.navigation import Link

LINKS = [Link(_("PrestaShop"), "prestashop:accounts", "cart", "prestashop.view_account")]
