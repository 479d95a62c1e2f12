from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class EventlogConfig(AppConfig):
    name = "eventlog"
    verbose_name = "Event journal"

    def ready(self) -> None:
        # Each integration declares its tab in `<app>/tab.py`; importing them here
        # fills the registry once, whatever the order of INSTALLED_APPS.
        autodiscover_modules("tab")
        # Run kinds are registered where their jobs live, which each app's `tasks.py` imports: the worker
        # imports them all, and so must web, or its run pages would show a kind's code and raw counter keys.
        autodiscover_modules("tasks")
        from django.db.backends.signals import connection_created

        from . import checks, messages, search  # noqa: F401  (importing checks registers the deployment's system checks)

        connection_created.connect(search.register_sqlite_functions)

        # Their message texts (`<app>/codes.py` MESSAGES), for entries rendered in the reader's language.
        messages.discover()
