"""Rendering a list page, for `journal_bench`: the whole page, with no database.

The offers tab's 50-row page (grouping off), its rows built in memory as `Entry`
instances, rendered by the list's own view and templates (layout, filter form,
table, pager); the median of `repeat` renders. `list_p50_ms` requests the same page
for real, so the two differ by what the database, the session and the middleware
add.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpRequest
from django.test import RequestFactory
from django.utils import timezone, translation
from django_htmx.middleware import HtmxDetails

from .. import tabs
from ..filters import EntryFilterSet
from ..models import Entry
from ..paging import Cursor, Page
from ..views.lists import TabListView

TAB = "offers"
ROWS = 50


def _tab() -> tabs.Tab:
    tab = tabs.get(TAB)
    assert tab is not None, "the offers tab is declared in integrations/marketplaces"
    return tab


def sample_rows(count: int = ROWS) -> list[Entry]:
    """A page of offers entries, varied like real ones (every column filled, some empty)."""
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


class _InMemoryList(TabListView):
    """The tab list view, given its page of rows instead of querying the journal for it."""

    rows: list[Entry] = []

    def get_page(self, filters: EntryFilterSet, older: Cursor | None, newer: Cursor | None) -> Page:
        return Page(self.rows, older=Cursor.of(self.rows[-1]).encode() if self.rows else None, newer=None)


def _request(user: User) -> HttpRequest:
    request = RequestFactory().get(f"/journal/{TAB}/", {"group": "0"})
    request.user = user
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    return request


def render_page(rows: list[Entry], user: User | None = None) -> str:
    """The whole list page for `rows` (layout, filter form, table, pager) through the list's own view.

    `user` defaults to an unsaved superuser, whose permissions need no query. Raises
    RuntimeError if anything asks the database.
    """
    user = user or User(username="render-bench", is_superuser=True, is_active=True)
    view = _InMemoryList.as_view(rows=rows)
    with connection.execute_wrapper(_no_queries):
        response = view(_request(user), tab=TAB)
        response.render()
    return response.content.decode()


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError(f"the render benchmark queried the database: {sql[:200]}")


def measure_render(repeat: int = 50) -> dict[str, float]:
    """{"render_p50_ms": …}: the median time to render the offers list page of 50 in-memory rows,
    the same page `measure_lists` requests, without middleware, session or queries."""
    rows = sample_rows()
    user = User(username="render-bench", is_superuser=True, is_active=True)
    times = []
    with translation.override("pl"):
        render_page(rows, user)  # templates loaded and compiled, translations read
        for _ in range(repeat):
            began = time.perf_counter()
            render_page(rows, user)
            times.append((time.perf_counter() - began) * 1000)
    return {"render_p50_ms": statistics.median(times)}
