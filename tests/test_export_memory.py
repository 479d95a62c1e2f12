"""A large export streams: the process never holds its rows."""

import datetime as dt
import tracemalloc

import openpyxl
import pytest
from django.http import QueryDict
from django.utils import timezone

from eventlog import exports, tabs, writer
from eventlog.models import Run
from eventlog.tasks import export_entries

ROWS = 50_000
MB = 1024 * 1024


def seed(count: int) -> None:
    now = timezone.now()
    batch = []
    for i in range(count):
        batch.append(
            {
                "tab": "sms",
                "occurred_at": now - dt.timedelta(seconds=i + 1),
                "severity": "error" if i % 3 else "warning",
                "event_type": "failed",
                "message": f"Bramka SMS odrzuciła wiadomość nr {i}: numer odbiorcy jest nieprawidłowy lub zablokowany.",
                "object_id": f"+48600{i:06d}",
                "data": {"gateway": "smsapi", "attempt": i % 5},
            }
        )
        if len(batch) == 5000:
            writer.record_many(batch)
            batch = []
    writer.record_many(batch)


@pytest.mark.slow
def test_a_50000_row_export_streams_with_bounded_memory(
    admin_client, file_storages, django_capture_on_commit_callbacks
):
    seed(ROWS)
    with django_capture_on_commit_callbacks():
        response = admin_client.post("/journal/sms/export.xlsx")
    run = Run.objects.get(kind="export")  # above the 20,000-row threshold: a job
    assert response["Location"] == f"/journal/runs/{run.pk}/"

    # A first run imports what a worker imports once (the result backend, the XLSX writer):
    # measured is the second, as every export after a worker's first is.
    assert export_entries.apply(args=[run.pk]).get() == ROWS
    with django_capture_on_commit_callbacks():
        admin_client.post("/journal/sms/export.xlsx")
    second = Run.objects.filter(kind="export").latest("pk")
    tracemalloc.start()
    try:
        assert export_entries.apply(args=[second.pk]).get() == ROWS + 1  # and the first export's entry
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # What holding the rows would take, measured the same way.
    tracemalloc.start()
    try:
        held = list(exports.build(tabs.get("sms"), QueryDict("")).rows())
        holding, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(held) == ROWS + 2  # and the two exports' own entries
    del held

    print(f"export peak {peak / MB:.1f} MB; holding the rows {holding / MB:.1f} MB")
    # Chunks of 2,000 rows and one XlsxWriter row at a time: a few MB, whatever the row count.
    assert peak < 10 * MB, f"peak {peak / MB:.1f} MB"
    assert peak < holding / 4, f"peak {peak / MB:.1f} MB vs {holding / MB:.1f} MB to hold the rows"
    sheet = openpyxl.load_workbook(file_storages["exports"] / exports.file_of(run), read_only=True).active
    assert sheet.max_row == ROWS + 1
