"""The journal's own sidebar links (see eventlog.navigation)."""

from django.utils.translation import gettext_lazy as _

from .navigation import Link

LINKS = [
    Link(_("API keys"), "apikeys:list", "key", "eventlog.view_apikey"),
    Link(_("API"), "api_docs:docs", "braces", "eventlog.view_entry"),
    Link(_("Schedules"), "eventlog:schedules:list", "clock-history", "django_celery_beat.view_periodictask"),
]
