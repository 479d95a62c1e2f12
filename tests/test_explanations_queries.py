"""The knowledge base's journal queries stay on the partial index entry_problem_code.

With sequential scans off the planner shows whether an index *can* serve the
query: a filter that no longer implies the index predicate (message_code <> ''
AND severity IN ('warning', 'error')) would fall back to scanning the journal.
"""

import datetime as dt

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from explanations import queries

# On partitions the index is named after its columns.
INDEX_NAMES = ("entry_problem_code", "message_code_occurred_at_id_idx")


def plan(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_recent_entries_and_codes_seen_use_the_problem_code_index(make_entry):
    make_entry("prestashop", severity="error", message_code="PS_AUTH_FAILED")
    recent = queries.problems_with_codes().filter(message_code="PS_AUTH_FAILED").order_by("-occurred_at", "-id")[:50]
    seen = queries.problems_with_codes().filter(occurred_at__gte=timezone.now() - dt.timedelta(days=30))
    for queryset in (recent, seen.values("message_code", "occurred_at")):
        text = plan(queryset)
        assert any(name in text for name in INDEX_NAMES), text
        assert "Seq Scan" not in text, text


def test_codes_seen_counts_each_code_within_the_window(make_entry):
    now = timezone.now()
    for age in (dt.timedelta(minutes=1), dt.timedelta(minutes=2), dt.timedelta(days=31)):
        make_entry("sms", severity="error", message_code="SMS_GATEWAY_REJECTED", occurred_at=now - age)
    [seen] = queries.codes_seen(now - dt.timedelta(days=30))
    assert (seen.code, seen.count) == ("SMS_GATEWAY_REJECTED", 2)
    assert now - dt.timedelta(minutes=2) < seen.last_seen <= now
