from django.http import HttpRequest

from . import navigation, tabs


def journal(request: HttpRequest) -> dict:
    """The tab list and the management links for the navigation of every page."""
    return {"journal_tabs": tabs.all_tabs(), "panel_links": navigation.links_for(request)}
