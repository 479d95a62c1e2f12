import datetime as dt
import re

from django.utils import timezone

from eventlog import journal, writer


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


def test_overview_caps_big_counts(admin_client, db, settings):
    settings.JOURNAL_COUNT_CAP = 5
    writer.record_many([{"tab": "offers", "severity": "error", "message": f"e{i}"} for i in range(9)])
    response = admin_client.get("/journal/")
    assert re.search(r"more than\s+5", response.text)
