from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomEventsConfig(AppConfig):
    name = "integrations.custom_events"
    label = "custom_events"
    verbose_name = _("Custom events")
