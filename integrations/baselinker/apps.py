from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaselinkerConfig(AppConfig):
    name = "integrations.baselinker"
    label = "baselinker"
    verbose_name = _("BaseLinker")
