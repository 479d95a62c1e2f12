from django.http import HttpRequest

from . import tabs


def journal(request: HttpRequest) -> dict:
    """The tab list for the navigation of every page."""
    return {"journal_tabs": tabs.all_tabs()}
