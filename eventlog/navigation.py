"""The sidebar's management links: each app declares its own pages in `<app>/nav.py`.

An app's `nav.py` holds `LINKS: list[Link]`; the sidebar shows the links whose
permission the reader has, in INSTALLED_APPS order, under the journal tabs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import reverse

from .discovery import app_modules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Link:
    label: StrOrPromise
    #: The URL name of the page ("custom_events:events").
    url_name: str
    icon: str
    #: The permission a reader needs to see the link ("eventlog.view_apikey").
    permission: str

    @property
    def namespace(self) -> str:
        """The link is the current page's for every URL of its namespace."""
        return self.url_name.rpartition(":")[0]

    def url(self) -> str:
        return reverse(self.url_name)


@cache
def all_links() -> tuple[Link, ...]:
    return tuple(link for module in app_modules("nav") for link in getattr(module, "LINKS", ()))


def links_for(request: HttpRequest) -> list[Link]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return [link for link in all_links() if user.has_perm(link.permission)]
