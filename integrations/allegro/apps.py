from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllegroConfig(AppConfig):
    name = "integrations.allegro"
    label = "allegro"
    verbose_name = _("Allegro")
