import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django import template
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import pgettext

from .. import chips, runs, tables, tabs

register = template.Library()


@register.simple_tag
def severity_icon(severity: str, label: str | None = None) -> str:
    return tables.severity_icon(severity, label)


@register.filter
def bdi(value: Any) -> str:
    """`{{ value|bdi }}`: outside text isolated in a `<bdi>` (escaped), so that a right-to-left override in it
    cannot reorder the page's text around it; empty values render nothing."""
    return tables.isolated(value) if value is not None else ""


@register.filter
def duration(value: dt.timedelta | None) -> str:
    """A duration as people say it, in the reader's language: "0.4 s" (its decimal separator) under a second,
    "18 s" under a minute, "2 min 5 s" under an hour, then "1 h 3 min" (Polish "1 godz. 3 min"); None -> ""."""
    if value is None:
        return ""
    seconds = value.total_seconds()
    if seconds < 1:
        return pgettext("duration", "%(seconds)s s") % {"seconds": formats.number_format(round(seconds, 1), 1)}
    whole = round(seconds)
    if whole < 60:
        return pgettext("duration", "%(seconds)s s") % {"seconds": whole}
    if whole < 3600:
        minutes, second = divmod(whole, 60)
        if not second:
            return pgettext("duration", "%(minutes)s min") % {"minutes": minutes}
        return pgettext("duration", "%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": second}
    # Past an hour the seconds are noise: to the nearest minute.
    hours, minute = divmod(round(whole / 60), 60)
    if not minute:
        return pgettext("duration", "%(hours)s h") % {"hours": hours}
    return pgettext("duration", "%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minute}


@register.filter
def without_empty(query: QueryDict) -> QueryDict:
    """`{% querystring request.GET|without_empty older=None %}`: the query string without the parameters that are
    set to nothing (a submitted form's empty fields), so that links carry only the filters that are set."""
    return chips.without_empty(query)


@register.filter
def run_kind_label(run: Any) -> str:
    return runs.label(run.kind)


@register.filter
def run_counters(run: Any) -> list[tuple[str, Any]]:
    return runs.labelled_counters(run.kind, run.counters)


@register.filter
def event_label(tab: tabs.Tab, code: str) -> str:
    return str(tab.event_label(code))


@register.filter
def entry_event_label(entry: Any) -> str:
    tab = tabs.get(entry.tab)
    return str(tab.event_label(entry.event_type)) if tab else entry.event_type


@register.filter
def data_rows(data: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Data fields as (field, value) rows; nested objects flattened to "a.b" names."""
    if not isinstance(data, dict):
        yield prefix or "value", json.dumps(data, ensure_ascii=False)
        return
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            yield from data_rows(value, name)
        elif isinstance(value, (list, dict)):
            yield name, json.dumps(value, ensure_ascii=False)
        else:
            yield name, "—" if value is None or value == "" else str(value)
