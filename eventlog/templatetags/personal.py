"""Templates' side of eventlog/personal.py: customers' e-mails and phones as the reader may see them.

`{% load personal %}`, then:

- `{% can_see_personal as visible %}` — whether the request's user sees them in full;
- `{% personal_value tab "object_id" entry.object_id as shown %}` — the value, masked when
  the tab declares that column personal and the reader may not see it;
- `{% personal_data_rows tab entry.data as rows %}` — `data_rows` of the entry's data fields,
  with the tab's personal data columns masked and e-mail addresses in other values too.
"""

from __future__ import annotations

from typing import Any

from django import template

from .. import personal, tabs
from .journal import data_rows

register = template.Library()


def _visible(context: template.Context, pk: Any = None) -> bool:
    """Whether the reader sees personal values in full here; `pk` is the entry shown (default: the page's entry).

    On a page marked `personal.ON_REQUEST` (the entry page) even a holder of the permission
    sees them only for the entry revealed for this answer (`personal.REVEALED`).
    """
    request = context.get("request")
    if not personal.can_see_personal(getattr(request, "user", None) or context.get("user")):
        return False
    if not context.get(personal.ON_REQUEST):
        return True
    if pk is None:
        pk = getattr(context.get("entry"), "pk", None)
    return pk is not None and context.get(personal.REVEALED) == pk


def _personal_keys(tab: tabs.Tab | None) -> set[str]:
    return {column.key for column in tab.columns if column.personal} if tab else set()


@register.simple_tag(takes_context=True)
def can_see_personal(context: template.Context) -> bool:
    return _visible(context)


@register.simple_tag(takes_context=True)
def personal_value(context: template.Context, tab: tabs.Tab | None, key: str, value: Any) -> Any:
    """`value` of the tab's column `key` (`object_id`, `data.email`) as the reader may see it."""
    if key not in _personal_keys(tab) or _visible(context):
        return value
    return personal.mask(value)


@register.simple_tag(takes_context=True)
def personal_text(context: template.Context, tab: tabs.Tab | None, text: str) -> str:
    """A message of a tab about customers, with the e-mail addresses in it masked where the reader may not see them."""
    if tab is None or not tab.has_personal or _visible(context):
        return text
    return personal.scrub(text)


@register.simple_tag(takes_context=True)
def entry_message(context: template.Context, entry: Any) -> str:
    """An entry's message in the reader's language, masked as `personal_text` says (lists of entries of any tab)."""
    tab = tabs.get(entry.tab)
    if tab is None or not tab.has_personal or _visible(context, entry.pk):
        return entry.text
    return personal.scrub(entry.text)


@register.simple_tag(takes_context=True)
def personal_data_rows(context: template.Context, tab: tabs.Tab | None, data: Any) -> list[tuple[str, str]]:
    """The data fields as (name, value) rows, masked where the reader may not see them."""
    rows = list(data_rows(data))
    if _visible(context):
        return rows
    keys = {key.removeprefix("data.").replace("__", ".") for key in _personal_keys(tab) if key.startswith("data.")}
    return [(name, personal.mask(value) if name in keys else personal.scrub(value)) for name, value in rows]


@register.filter
def masked(value: Any) -> str:
    """`{{ value|masked }}`: the value masked whatever the reader (guard it with `can_see_personal`)."""
    return personal.mask(value)
