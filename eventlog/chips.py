"""The filters a list's query string sets, as chips: each one a link to the same list
without it (and from its newest page, since the page position belongs to the filter).

Links the panel builds carry only the filters that are set: a submitted filter form sends
every field, empty ones too (`date_from=&date_to=&…`), and `without_empty` drops those
(static/js/filter_urls.js does the same in the browser before a request leaves)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django_filters import FilterSet

from .paging import POSITION_PARAMS


@dataclass(frozen=True)
class Chip:
    label: str
    value: str
    #: The query string without this filter ("?…").
    remove: str


def active_filters(filterset: FilterSet, query: QueryDict) -> list[Chip]:
    """A chip per filter set in `query`, valid or not (a bad one is removed the same way)."""
    chips = []
    for name, field in filterset.form.fields.items():
        raw = query.get(name, "").strip()
        if not raw:
            continue
        labels = {str(code): label for code, label in getattr(field, "choices", ())}
        rest = without_empty(query)
        for key in (name, *POSITION_PARAMS):
            rest.pop(key, None)
        chips.append(Chip(str(field.label), str(labels.get(raw, raw)), "?" + rest.urlencode()))
    return chips


def without_empty(query: QueryDict) -> QueryDict:
    """A mutable copy of `query` without the values that are empty or only spaces, and without the keys left with
    no value: `?date_from=&severity=error&q=` -> `?severity=error`."""
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept:
            clean.setlist(key, kept)
    return clean


def has_empty(query: QueryDict) -> bool:
    """Whether `query` holds a parameter set to nothing (a list then redirects to its URL without it)."""
    return any(not value.strip() for _key, values in query.lists() for value in values)


def redirect_to_set_filters(request: HttpRequest) -> HttpResponseRedirect | None:
    """A list's filter form sent without JavaScript (static/js/filter_urls.js cleans it otherwise) carries every
    field, set or not: the redirect to the URL with only the filters that are set (the one worth bookmarking),
    or None when the query string is clean already or the request is htmx's (its URL is cleaned by the script)."""
    if getattr(request, "htmx", False) or not has_empty(request.GET):
        return None
    clean = without_empty(request.GET).urlencode()
    return HttpResponseRedirect(f"{request.path}?{clean}" if clean else request.path)
