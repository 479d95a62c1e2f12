"""List latency, for `journal_bench`: the panel's list, the same queries in SQL, Django admin.

One tab (the busiest of the demo data: offers) and a fixed mix of filters: none, severity, one day,
account, object id, free text and page 1,000. Each is requested through Django's
test client as a full request (middleware, session, query, template), written by
hand in SQL, and asked of Django admin's changelist with the same filters.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from .. import demo
from ..filters import day_start
from ..models import Entry
from ..paging import Cursor

#: The tab with the largest share of the demo entries.
TAB = max(demo.generators(), key=lambda g: g.weight).tab
USERNAME = "journal-bench"


@dataclass
class Case:
    name: str
    panel: dict[str, str]
    admin: dict[str, str]
    where: str
    params: list


def measure_lists(repeat: int, admin_repeat: int, progress: Callable[[str], None]) -> dict[str, float]:
    client = _client()
    try:
        cases = _cases()
        panel, sql, admin = [], [], []
        for case in cases:
            times = [_request(client, f"/journal/{TAB}/", {"group": "0", **case.panel}) for _ in range(repeat + 1)][1:]
            sql_times = [_sql(case) for _ in range(repeat + 1)][1:]
            admin_times = [_request(client, "/admin/eventlog/entry/", case.admin) for _ in range(admin_repeat)]
            progress(
                f"  {case.name:<12} panel {statistics.median(times):7.1f} ms"
                f"   SQL {statistics.median(sql_times):6.2f} ms   admin {statistics.median(admin_times):8.1f} ms"
            )
            panel += times
            sql += sql_times
            admin += admin_times
        grouped = [_request(client, f"/journal/{TAB}/", _grouped_month()) for _ in range(repeat + 1)][1:]
        progress(f"  grouped, 30 days: {statistics.median(grouped):.1f} ms")
    finally:
        User.objects.filter(username=USERNAME).delete()
    return {
        "list_p50_ms": statistics.median(panel),
        "list_p95_ms": _p95(panel),
        "sql_p50_ms": statistics.median(sql),
        "admin_p50_ms": statistics.median(admin),
        "grouped_p50_ms": statistics.median(grouped),
    }


def _client() -> Client:
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_staff": True, "is_superuser": True})
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")]
    client = Client(HTTP_HOST=hosts[0] if hosts else "localhost", HTTP_ACCEPT_LANGUAGE="pl")
    client.force_login(user)
    return client


def _request(client: Client, path: str, query: dict[str, str]) -> float:
    started = time.perf_counter()
    response = client.get(path, query, secure=True)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path}?{query} answered {response.status_code}")
    return elapsed


def _sql(case: Case) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM eventlog_entry WHERE tab = %s {case.where} ORDER BY occurred_at DESC, id DESC LIMIT 51",
            [TAB, *case.params],
        )
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _grouped_month() -> dict[str, str]:
    today = timezone.localdate()
    return {"group": "1", "date_from": str(today - dt.timedelta(days=29)), "date_to": str(today)}


def _cases() -> list[Case]:
    """The filter mix, with values taken from the journal itself."""
    entries = Entry.objects.filter(tab=TAB).order_by("-occurred_at", "-id")
    newest = entries.exclude(object_id="").exclude(account="").first()
    if newest is None:
        raise RuntimeError(f"the {TAB} tab is empty: seed the journal first")
    day = timezone.localdate(newest.occurred_at) - dt.timedelta(days=3)
    start, end = day_start(day), day_start(day + dt.timedelta(days=1))
    # The last entry of page 999: page 1,000 is what is older than it (in a small
    # journal, the tab's last page).
    keys = entries.values_list("occurred_at", "id")
    page = 1000
    try:
        cursor = Cursor(*keys[(page - 1) * 50 - 1])
    except IndexError:
        page = max(2, keys.count() // 50)
        cursor = Cursor(*keys[(page - 1) * 50 - 1])
    word = "Brak"
    since = timezone.now() - dt.timedelta(days=settings.JOURNAL_TEXT_SEARCH_DAYS)
    return [
        Case("none", {}, {"tab__exact": TAB}, "", []),
        Case(
            "severity",
            {"severity": "error"},
            {"tab__exact": TAB, "severity__exact": "error"},
            "AND severity = %s",
            ["error"],
        ),
        Case(
            "one day",
            {"date_from": str(day), "date_to": str(day)},
            {"tab__exact": TAB, "occurred_at__gte": start.isoformat(), "occurred_at__lt": end.isoformat()},
            "AND occurred_at >= %s AND occurred_at < %s",
            [start, end],
        ),
        Case(
            "account",
            {"account": newest.account},
            {"tab__exact": TAB, "account__exact": newest.account},
            "AND account = %s",
            [newest.account],
        ),
        Case(
            "object id",
            {"object_id": newest.object_id},
            {"tab__exact": TAB, "object_id__exact": newest.object_id},
            "AND object_id = %s",
            [newest.object_id],
        ),
        Case(
            "free text",
            {"q": word},
            {"tab__exact": TAB, "q": word},
            "AND occurred_at >= %s AND (message ILIKE %s OR object_id = %s OR message_code = %s)",
            [since, f"%{word}%", word, word],
        ),
        Case(
            f"page {page:,}",
            {"older": cursor.encode()},
            {"tab__exact": TAB, "p": str(page)},
            "AND occurred_at <= %s AND (occurred_at < %s OR id < %s)",
            [cursor.occurred_at, cursor.occurred_at, cursor.id],
        ),
    ]
