"""The filters a list's query string sets, as chips: each one a link to the same list
without it (and from its newest page, since the page position belongs to the filter)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
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
        rest = query.copy()
        for key in (name, *POSITION_PARAMS):
            rest.pop(key, None)
        chips.append(Chip(str(field.label), str(labels.get(raw, raw)), "?" + rest.urlencode()))
    return chips
