from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ExplanationsConfig(AppConfig):
    name = "explanations"
    verbose_name = _("Message explanations")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check of the integrations' codes)
        from .seeding import seed_after_migrate

        # After every `migrate` (and the test database's creation): explanations for
        # codes the integrations declare appear without anybody running a command.
        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="explanations.seed")
