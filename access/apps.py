from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Panel access")

    def ready(self) -> None:
        # Logins happen inside django.contrib.auth and django-axes: their signals are the only
        # place to see a failed login or a lockout. Each receiver calls one action of
        # access/actions.py, which writes through the journal's writer.
        from . import handlers

        handlers.connect()
