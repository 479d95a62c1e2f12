""" "Only unique messages": groups are complete, counted right and paged exactly once."""

import datetime as dt
import itertools
import re
from collections import Counter

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from eventlog import grouping, tabs, writer
from eventlog import journal as journal_queries
from eventlog.filters import filterset_for
from eventlog.models import Entry
from eventlog.paging import Cursor

NOW = timezone.now().replace(microsecond=0)


def offers(**filters):
    return Entry.objects.filter(tab="offers", **filters)


def listed(**query):
    """The offers list's filters for this query string."""
    tab = tabs.get("offers")
    return filterset_for(tab)(query or None, queryset=journal_queries.tab_entries(tab))


@pytest.fixture
def journal(db):
    """7 offers, each with the same message repeated 1 to 6 times, interleaved in time,
    and entries sharing one timestamp."""
    rows = []
    for minute in range(40):
        offer = minute % 7
        if minute // 7 < offer + 1:
            severity = "error" if minute % 2 else "warning"
            rows.append(
                {
                    "tab": "offers", "event_type": "stock_check", "severity": severity, "object_type": "offer",
                    "object_id": f"offer-{offer}", "message": f"No stock for offer {offer}",
                    "occurred_at": NOW - dt.timedelta(minutes=minute),
                }
            )  # fmt: skip
    same_time = NOW - dt.timedelta(minutes=100)
    for message in ("Comment A", "Comment A", "Comment B"):
        rows.append(
            {"tab": "offers", "event_type": "comment", "message": message, "occurred_at": same_time,
             "object_type": "offer", "object_id": "offer-x"}
        )  # fmt: skip
    writer.record_many(rows)
    return rows


def walk(records, size):
    pages, cursor = [], None
    while True:
        page = grouping.grouped_page(records, older=cursor, size=size)
        pages.append(page)
        if not page.older:
            return pages
        cursor = Cursor.decode(page.older)


def test_every_group_appears_once_newest_first_with_its_count_and_dates(journal):
    groups = [g for page in walk(listed(), size=2) for g in page.rows]
    expected = Counter(r["object_id"] + r["message"] for r in journal)
    assert Counter({g.object_id + g.message: g.count for g in groups}) == expected
    assert len(groups) == len(expected)  # once each
    latest = [(g.latest, g.pk) for g in groups]
    assert latest == sorted(latest, reverse=True)
    for g in groups:
        times = [r["occurred_at"] for r in journal if r["object_id"] + r["message"] == g.object_id + g.message]
        assert g.latest == max(times) and g.first == min(times)


def test_paging_back_with_newer_returns_the_same_pages(journal):
    pages = walk(listed(), size=3)
    assert len(pages) > 2
    for before, after in itertools.pairwise(pages):
        back = grouping.grouped_page(listed(), newer=Cursor.decode(after.newer), size=3)
        assert [g.pk for g in back.rows] == [g.pk for g in before.rows]


def test_a_filter_counts_only_the_matching_entries_of_a_group(journal):
    groups = [g for page in walk(listed(severity="error"), size=50) for g in page.rows]
    expected = Counter(r["object_id"] for r in journal if r.get("severity") == "error")
    assert {g.object_id: g.count for g in groups} == expected
    assert all(g.severity == "error" for g in groups)


def test_entries_with_the_same_time_collapse_to_the_one_written_last(journal):
    ids = list(offers(object_id="offer-x").order_by("id").values_list("id", flat=True))
    groups = [g for page in walk(listed(object_id="offer-x"), size=1) for g in page.rows]
    assert [(g.message, g.count, g.pk) for g in groups] == [("Comment B", 1, ids[2]), ("Comment A", 2, ids[1])]


def test_the_list_shows_count_and_first_date_of_a_group(admin_client, journal):
    records = [r for r in journal if r["object_id"] == "offer-6"]
    response = admin_client.get("/journal/offers/?group=1&object_id=offer-6")
    assert response.status_code == 200
    assert f"×{len(records)}" in response.text
    first = min(r["occurred_at"] for r in records)
    assert re.search(rf"{len(records)} entries, the first on [^\"]+", response.text)
    with translation.override("en"):
        shown = date_format(timezone.localtime(first), "SHORT_DATETIME_FORMAT")
    assert f"since {shown}" in response.text
