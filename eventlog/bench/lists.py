"""List latency, for `journal_bench`: the panel's list, the same queries in SQL, Django admin.

One tab (the busiest of the demo data: offers) and a fixed mix of filters: none, severity, one day,
account, object id, free text and page 1,000. Each is requested through Django's
test client as a full request (middleware, session, query, template), written by
hand in SQL, and asked of Django admin's changelist with the same filters.

Free text over the whole journal (eventlog/search.py), three words picked from the tab itself:
one in under 0.01 % of its entries (rare), one in over 10 % (common), one in none. Each is
requested alone and with one of the tab's other filters (severity, account); the p95 of those
requests is `search_rare_p95_ms`, `search_common_p95_ms`, `search_none_p95_ms`.
"""

from __future__ import annotations

import datetime as dt
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from .. import demo, search
from ..filters import day_start
from ..models import Entry
from ..paging import Cursor

#: The tab with the largest share of the demo entries.
TAB = max(demo.generators(), key=lambda g: g.weight).tab
USERNAME = "journal-bench"


#: The free-text condition as eventlog/search.py writes it (a word of 3+ characters: also a prefix).
SEARCH_SQL = f"{search.DOCUMENT_SQL} @@ {search.query_sql('%s', prefix=True)}"


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
        searched = _measure_search(client, repeat, progress)
    finally:
        User.objects.filter(username=USERNAME).delete()
    return {
        "list_p50_ms": statistics.median(panel),
        "list_p95_ms": _p95(panel),
        "sql_p50_ms": statistics.median(sql),
        "admin_p50_ms": statistics.median(admin),
        "grouped_p50_ms": statistics.median(grouped),
        **searched,
    }


#: The share of the tab's entries a word must stay under (rare) or exceed (common).
RARE_SHARE, COMMON_SHARE = 0.0001, 0.10
#: Percent of the table's pages sampled to find candidate words.
SAMPLE_PERCENT = 2


def _measure_search(client: Client, repeat: int, progress: Callable[[str], None]) -> dict[str, float]:
    """search_{rare,common,none}_p95_ms (ms): full list requests for one word, alone and with another filter."""
    newest = Entry.objects.filter(tab=TAB).exclude(account="").order_by("-occurred_at", "-id").first()
    account = newest.account if newest else ""
    total = Entry.objects.filter(tab=TAB).count()
    result = {}
    for kind, (word, matches) in _search_words(total).items():
        times = []
        for extra in ({}, {"severity": "error"}, {"account": account}):
            query = {"group": "0", "q": word, **extra}
            times += [_request(client, f"/journal/{TAB}/", query) for _ in range(repeat + 1)][1:]
        result[f"search_{kind}_p95_ms"] = _p95(times)
        progress(
            f"  search {kind:<6} {word!r}: {matches:,} of {total:,} entries ({matches / max(total, 1):.4%});"
            f" p50 {statistics.median(times):6.1f} ms, p95 {result[f'search_{kind}_p95_ms']:6.1f} ms"
            f" (alone, severity=error, account={account})"
        )
    return result


def _search_words(total: int) -> dict[str, tuple[str, int]]:
    """{kind: (word, how many of the tab's `total` entries it finds)} for rare, common and none.

    Candidates are the tab's own words (4 characters or more): ts_stat over a TABLESAMPLE of its
    documents; each chosen one is then counted exactly with the index.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat(format("
            f"'SELECT {search.DOCUMENT_SQL}"
            " FROM eventlog_entry TABLESAMPLE SYSTEM (%%s) REPEATABLE (1) WHERE tab = %%L', %s::numeric, %s::text))"
            " WHERE length(word) >= 4 ORDER BY ndoc, word",
            [SAMPLE_PERCENT, TAB],
        )
        sampled = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM eventlog_entry TABLESAMPLE SYSTEM (%s) REPEATABLE (1) WHERE tab = %s",
                       [SAMPLE_PERCENT, TAB])  # fmt: skip
        size = max(cursor.fetchone()[0], 1)
    if not sampled:
        raise RuntimeError(f"no words in a sample of the {TAB} tab: seed the journal first")
    # Common: the least frequent word clearly above COMMON_SHARE in the sample (harder for the planner
    # than a word in every entry); rare: the least frequent sampled words, counted until one is rare.
    letters = [(w, n) for w, n in sampled if w.isascii() and w.isalpha()]
    common = next((w for w, n in letters if n / size > COMMON_SHARE * 1.2), (letters or sampled)[-1][0])
    # Rare: a word of letters if the tab has one, else a number (an order or offer id in a message).
    candidates = [w for w, _n in letters[:20]] + [w for w, n in sampled[:200] if n == 1 and w.isalnum()][:20]
    rare = next(((w, c) for w in candidates if (c := _count(w)) / max(total, 1) < RARE_SHARE), None)
    if rare is None:
        raise RuntimeError(f"no word in under {RARE_SHARE:.2%} of the {TAB} tab's entries among {candidates}")
    # A word that is nowhere: letters only, like the others, and made up at every run.
    none = "brakslowa" + secrets.token_hex(4).translate(str.maketrans("0123456789", "ghijklmnop"))
    return {"rare": rare, "common": (common, _count(common)), "none": (none, _count(none))}


def _count(word: str) -> int:
    """How many of the tab's entries the search finds for `word` (the search index answers)."""
    return search.matching(Entry.objects.filter(tab=TAB), word).count()


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
            f"AND {SEARCH_SQL}",
            [word, word],
        ),
        Case(
            f"page {page:,}",
            {"older": cursor.encode()},
            {"tab__exact": TAB, "p": str(page)},
            "AND occurred_at <= %s AND (occurred_at < %s OR id < %s)",
            [cursor.occurred_at, cursor.occurred_at, cursor.id],
        ),
    ]
