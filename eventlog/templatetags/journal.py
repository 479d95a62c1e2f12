import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django import template
from django.utils import formats

from .. import runs, tables, tabs

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
    """A run's duration: "0.4 s" (in the reader's decimal separator) under a minute, else "1:02:03"."""
    if value is None:
        return ""
    seconds = value.total_seconds()
    if seconds < 60:
        return f"{formats.number_format(round(seconds, 1), 1)} s"
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02}:{second:02}"


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
