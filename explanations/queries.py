"""Read-side queries of the knowledge base over the journal.

Both journal queries touch only warnings and errors with a code, which is exactly
the partial index `entry_problem_code` on `Entry` (message_code, occurred_at DESC,
id DESC) WHERE message_code <> '' AND severity IN ('warning', 'error'); the
filters below repeat that predicate word for word so the planner can use it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from eventlog import rollups, tabs
from eventlog.models import PROBLEM_SEVERITIES, Entry, ProblemRollup

from .models import Explanation

#: Recent entries listed on an explanation page.
RECENT_LIMIT = 50
#: How far back "codes without an explanation" looks.
UNEXPLAINED_WINDOW_DAYS = 30


def problems_with_codes() -> QuerySet[Entry]:
    """Warnings and errors that carry a code: the rows of index entry_problem_code."""
    return Entry.objects.exclude(message_code="").filter(severity__in=PROBLEM_SEVERITIES)


def recent_entries(code: str, limit: int = RECENT_LIMIT) -> list[Entry]:
    """The newest warnings and errors with this code, across tabs. Uses index: entry_problem_code."""
    if not code:
        return []
    rows = problems_with_codes().filter(message_code=code).order_by("-occurred_at", "-id")[:limit]
    # Entries of a tab that is no longer declared have no page to link to.
    return [entry for entry in rows if tabs.get(entry.tab) is not None]


def explanation_for(entry: Entry) -> Explanation | None:
    """The explanation of a warning's or error's code, if there is one (one query on a unique index)."""
    if not entry.is_problem or not entry.message_code:
        return None
    return Explanation.objects.filter(code=entry.message_code).first()


@dataclass(frozen=True)
class CodeSeen:
    code: str
    count: int
    last_seen: dt.datetime


def codes_seen(since: dt.datetime) -> list[CodeSeen]:
    """Codes of warnings and errors since `since`, most frequent first.

    From the problem rollups of the whole hours before their horizon and the entries of the rest
    (index entry_tab_severity), in one query: a code written millions of times costs its hours,
    not its entries (eventlog/rollups.py).
    """
    # By tab, as the rollups are: the rest of the hours is then ranges of entry_tab_severity.
    declared = tabs.slugs()
    rolled = ProblemRollup.objects.filter(tab__in=declared).exclude(message_code="")
    entries = problems_with_codes().filter(tab__in=declared, occurred_at__gte=since)
    rolled, parts = rollups.split(entries, rolled, lower=since)
    totals = rollups.counted(parts, rolled, "message_code", latest=True)
    seen = [CodeSeen(code, total.count, total.at) for code, total in totals.items()]
    return sorted(seen, key=lambda c: (-c.count, c.code))


def unexplained_codes(since: dt.datetime) -> list[CodeSeen]:
    """Codes seen since `since` that the knowledge base does not explain yet, most frequent first."""
    seen = codes_seen(since)
    explained = set(Explanation.objects.filter(code__in=[c.code for c in seen]).values_list("code", flat=True))
    return [c for c in seen if c.code not in explained]
