import datetime as dt
import re

import time_machine
from django.utils import timezone

from eventlog import journal, rollups, writer


def test_overview_counts_errors_and_warnings_of_the_last_day(admin_client, make_entry):
    now = timezone.now()
    for _ in range(3):
        make_entry("sms", severity="error")
    make_entry("sms", severity="warning")
    make_entry("sms", severity="error", occurred_at=now - dt.timedelta(hours=30))  # too old
    make_entry("email", severity="info")

    summaries = {s.tab.slug: s for s in journal.overview()}
    assert (summaries["sms"].errors, summaries["sms"].warnings) == (3, 1)
    assert (summaries["email"].errors, summaries["email"].warnings) == (0, 0)

    response = admin_client.get("/journal/")
    assert response.status_code == 200
    for slug in summaries:
        assert f'href="/journal/{slug}/"' in response.text


def test_overview_counts_exactly_whatever_is_rolled_up(admin_client, db):
    # 12,000 errors over 26 hours, once every 8 s, up to half past an hour: "the last 24 hours"
    # start at the start of the hour 24 hours ago, so the oldest hour and a half are too old.
    now = timezone.now().replace(minute=30, second=0, microsecond=0) - dt.timedelta(hours=1)
    rows = [{"tab": "offers", "severity": "error", "message": "Rate limit exceeded (429)",
             "occurred_at": now - dt.timedelta(seconds=8 * i)} for i in range(12_000)]  # fmt: skip
    writer.record_many(rows)
    writer.record(tab="offers", severity="warning", message="Slow answer", occurred_at=now - dt.timedelta(hours=3))
    since = now - dt.timedelta(hours=24, minutes=30)
    expected = sum(1 for r in rows if r["occurred_at"] >= since)
    assert expected == 11_026  # 24.5 hours of one every 8 s, the one at exactly `since` too
    for seal in (False, True):
        with time_machine.travel(now, tick=False):
            if seal:
                assert rollups.seal() > 0
            response = admin_client.get("/journal/")
        summary = {s.tab.slug: s for s in response.context["summaries"]}["offers"]
        assert (summary.errors, summary.warnings) == (expected, 1)
        assert re.search(r">\s*11,026\s*</strong>", response.text)
