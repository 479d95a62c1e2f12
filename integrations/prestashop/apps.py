from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrestashopConfig(AppConfig):
    name = "integrations.prestashop"
    label = "prestashop"
    verbose_name = _("PrestaShop")
