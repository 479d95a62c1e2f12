"""Kinds of job runs, declared by whoever starts them: what the run page calls a run
and its counters. A run's kind and counter keys are codes; people read the labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import tabs


@dataclass(frozen=True)
class RunKind:
    code: str
    label: str | Promise
    #: Counter key -> label, in the order the run page shows them.
    counters: tuple[tuple[str, str | Promise], ...] = ()


_kinds: dict[str, RunKind] = {}


def register(kind: RunKind) -> RunKind:
    _kinds[kind.code] = kind
    return kind


def label(code: str) -> str:
    kind = _kinds.get(code)
    return str(kind.label) if kind else code


def labelled_counters(code: str, counters: Any) -> list[tuple[str, Any]]:
    """The declared counters in their order, then any others: a tab's slug (retention
    counts per tab) by the tab's title, anything else by its key."""
    if not isinstance(counters, dict):
        return []
    kind = _kinds.get(code)
    declared = kind.counters if kind else ()
    rows = [(str(text), counters[key]) for key, text in declared if key in counters]
    known = {key for key, _ in declared}
    for key, value in counters.items():
        if key not in known:
            tab = tabs.get(key)
            rows.append((str(tab.title) if tab else key.replace("_", " "), value))
    return rows


RETENTION = register(
    RunKind(
        "retention",
        _("Retention"),
        (
            ("partitions_dropped", _("Months dropped whole")),
            ("rows_in_dropped_partitions", _("Records in the dropped months")),
        ),
    )
)
EXPORT = register(RunKind("export", _("Export")))
