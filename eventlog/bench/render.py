"""Rendering a list page, for `journal_bench`: the table alone, with no database.

The offers tab's 50-row page (grouping off), built in memory as `Entry` instances,
rendered through the template the list uses; the median of `repeat` renders. It
isolates what the table layer costs per request from the queries.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from .. import tabs
from ..models import Entry
from ..tables import table_for

TAB = "offers"
ROWS = 50


def _tab() -> tabs.Tab:
    tab = tabs.get(TAB)
    assert tab is not None, "the offers tab is declared in integrations/marketplaces"
    return tab


def sample_rows(count: int = ROWS) -> list[Entry]:
    """A page of offers records, varied like real ones (every column filled, some empty)."""
    codes = list(_tab().event_types)
    severities = ("info", "success", "warning", "error")
    now = timezone.now()
    return [
        Entry(
            pk=1_000_000 - i,
            tab=TAB,
            occurred_at=now - dt.timedelta(minutes=7 * i),
            severity=severities[i % 4],
            event_type=codes[i % len(codes)],
            message=f"Oferta {7_000_000 + i} zmieniła stan: " + "dostępność i cena po synchronizacji " * (1 + i % 6),
            object_id=str(7_000_000 + i) if i % 5 else "",
            account=("sklep_u_gosi", "hurtownia", "")[i % 3],
            service=("allegro", "ebay", "")[i % 3],
            initiator="automatic",
            data={},
            fingerprint=i,
        )
        for i in range(count)
    ]


def render_page(rows: list[Entry], request=None) -> str:
    """The list's table for `rows`, as the tab list renders it."""
    table = table_for(_tab())(rows)
    table.request = request
    return render_to_string("eventlog/partials/table.html", {"table": table}, request=request)


def measure_render(repeat: int = 50) -> dict[str, float]:
    """{"render_p50_ms": …}: the median time to render the offers table of 50 in-memory rows."""
    rows = sample_rows()
    request = RequestFactory().get(f"/journal/{TAB}/", {"group": "0"})
    times = []
    with translation.override("pl"):
        render_page(rows, request)  # templates loaded and compiled, translations read
        for _ in range(repeat):
            began = time.perf_counter()
            render_page(rows, request)
            times.append((time.perf_counter() - began) * 1000)
    return {"render_p50_ms": statistics.median(times)}
