"""Large exports: a job with a run, progress, a private file and a download link.

Here the "exports" storage is a local folder (each test's own, tests/conftest.py `file_storages`);
the same on S3 is tests/test_storage_s3_exports.py.
"""

import datetime as dt
import io
import os
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from eventlog.models import Entry, Run
from eventlog.tasks import export_entries, remove_old_exports


@pytest.fixture
def export_settings(settings, file_storages, tmp_path, monkeypatch):
    """Three rows make a large export; `.folder` is the exports storage's folder, `.tmp` the temporary
    folder (TMPDIR) the job writes its rows into first."""
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 3
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))  # what TMPDIR sets for a worker
    return SimpleNamespace(folder=file_storages["exports"], tmp=tmp)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def dora_client(db) -> Client:
    """Another support engineer: not the one who started the export."""
    dora = User.objects.create_user("dora", "dora@example.com", "secret-pass-123")
    dora.groups.add(Group.objects.get(name="Support"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(dora)
    return client


def sms_errors(make_entry, count: int) -> list[Entry]:
    now = timezone.now()
    return [
        make_entry(
            "sms", severity="error", message=f"Bramka odrzuciła SMS {i}", occurred_at=now - dt.timedelta(minutes=i)
        )
        for i in range(1, count + 1)
    ]


def start_export(client: Client, django_capture_on_commit_callbacks, query: str = "severity=error") -> Run:
    with django_capture_on_commit_callbacks() as queued:
        asked = client.get(f"/journal/sms/export.xlsx?{query}")
        # A GET only asks (a prefetch or a reload starts nothing); the question's POST starts the job.
        assert asked.status_code == 200 and not Run.objects.filter(kind="export").exists()
        assert "Write it in the background" in asked.text
        response = client.post(f"/journal/sms/export.xlsx?{query}")
    run = Run.objects.get(kind="export")
    assert response.status_code == 302
    assert response["Location"] == f"/journal/runs/{run.pk}/"
    assert len(queued) == 1  # the job is queued once the run is committed
    return run


def test_a_large_export_runs_as_a_job_and_its_creator_downloads_the_file(
    support_client, bob, django_capture_on_commit_callbacks, export_settings, make_entry
):
    entries = sms_errors(make_entry, 5)
    make_entry("sms", severity="info", message="Wysłano")

    run = start_export(support_client, django_capture_on_commit_callbacks)

    assert (run.status, run.tab, run.created_by) == ("queued", "sms", bob)
    assert run.params["query"] == "severity=error" and run.params["format"] == "xlsx"
    waiting = support_client.get(f"/journal/runs/{run.pk}/")
    assert "This export is large" in waiting.text
    assert "The file is being written" in waiting.text
    assert 'hx-trigger="every 2s"' in waiting.text  # the page follows the progress by itself

    assert export_entries.apply(args=[run.pk]).get() == 5

    run.refresh_from_db()
    assert run.status == "succeeded" and (run.progress_done, run.progress_total) == (5, 5)
    done = support_client.get(f"/journal/runs/{run.pk}/")
    assert f'href="/journal/runs/{run.pk}/download/"' in done.text
    assert "Download the file" in done.text and "every 2s" not in done.text

    download = support_client.get(f"/journal/runs/{run.pk}/download/")
    assert download.status_code == 200 and download.streaming  # a local storage: streamed, not redirected
    assert download["Content-Disposition"].startswith('attachment; filename="sms-')
    assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [e.pk for e in entries]

    record = Entry.objects.get(event_type="records_exported")
    assert (record.tab, record.actor, record.run_id) == ("sms", "bob", run.pk)
    assert record.data == {"query": "severity=error", "format": "xlsx", "rows": 5, "grouped": False}
    # The run's summary and its event register, in the reader's language.
    assert done.text.count("Entries exported to XLSX: 5 (user bob).") == 2


def test_only_the_creator_and_shop_admins_download_an_export(
    support_client, admin_client, dora_client, charlie, client, django_capture_on_commit_callbacks,
    export_settings, make_entry,
):  # fmt: skip
    sms_errors(make_entry, 4)
    run = start_export(support_client, django_capture_on_commit_callbacks)
    export_entries.apply(args=[run.pk])
    url = f"/journal/runs/{run.pk}/download/"

    assert admin_client.get(url).status_code == 200
    assert dora_client.get(url).status_code == 403
    assert "Only the person who started this export" in dora_client.get(f"/journal/runs/{run.pk}/").text
    client.force_login(charlie)
    assert client.get(url).status_code == 403


def test_no_download_before_the_file_is_written(
    support_client, django_capture_on_commit_callbacks, export_settings, make_entry
):
    sms_errors(make_entry, 4)
    run = start_export(support_client, django_capture_on_commit_callbacks)
    assert support_client.get(f"/journal/runs/{run.pk}/download/").status_code == 404
    other = Run.objects.create(kind="retention", status="succeeded")
    assert support_client.get(f"/journal/runs/{other.pk}/download/").status_code == 404


def test_running_the_job_twice_writes_and_records_once(
    admin_client, django_capture_on_commit_callbacks, export_settings, make_entry
):
    sms_errors(make_entry, 4)
    run = start_export(admin_client, django_capture_on_commit_callbacks)
    export_entries.apply(args=[run.pk])
    assert export_entries.apply(args=[run.pk]).get() is None
    assert Entry.objects.filter(event_type="records_exported").count() == 1
    assert files_in(export_settings.folder) == [f"export-{run.pk}.xlsx"]
    assert files_in(export_settings.tmp) == []  # the rows' temporary file went once the file was saved


def test_a_csv_job_writes_csv(admin_client, django_capture_on_commit_callbacks, export_settings, make_entry):
    entries = sms_errors(make_entry, 4)
    with django_capture_on_commit_callbacks():
        response = admin_client.post("/journal/sms/export.csv")
    run = Run.objects.get(kind="export")
    assert response["Location"] == f"/journal/runs/{run.pk}/"
    export_entries.apply(args=[run.pk])
    download = admin_client.get(f"/journal/runs/{run.pk}/download/")
    assert download["Content-Type"].startswith("text/csv")
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert [int(line.split(",")[0]) for line in lines[1:]] == [e.pk for e in entries]


def test_a_failed_export_says_so_on_its_run_page(admin_client, export_settings):
    run = Run.objects.create(kind="export", tab="no-such-tab", params={"query": "", "format": "xlsx"})
    export_entries.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == "failed" and "no-such-tab" in run.summary
    assert "The export failed" in admin_client.get(f"/journal/runs/{run.pk}/").text
    assert files_in(export_settings.folder) == files_in(export_settings.tmp) == []  # no file, not even a part


def test_export_files_are_removed_after_the_keep_days(
    admin_client, django_capture_on_commit_callbacks, export_settings, make_entry
):
    sms_errors(make_entry, 4)
    run = start_export(admin_client, django_capture_on_commit_callbacks)
    export_entries.apply(args=[run.pk])
    folder, tmp = export_settings.folder, export_settings.tmp
    old, fresh, other = folder / f"export-{run.pk}.xlsx", folder / "export-999999.csv", folder / "notes.txt"
    fresh.write_bytes(b"id\n")
    other.write_bytes(b"not an export")
    dead_part = tmp / "dziennik-export-999998-x.part"  # what a worker killed on this machine left
    dead_part.write_bytes(b"id\n1")
    eight_days_ago = time.time() - 8 * 86400
    for path in (old, other, dead_part):
        os.utime(path, (eight_days_ago, eight_days_ago))

    assert remove_old_exports.apply().get() == 1

    assert files_in(folder) == ["export-999999.csv", "notes.txt"] and files_in(tmp) == []
    assert "The file was removed after a few days" in admin_client.get(f"/journal/runs/{run.pk}/").text
    assert admin_client.get(f"/journal/runs/{run.pk}/download/").status_code == 404


def test_a_resumed_export_removes_what_the_dead_attempt_wrote_here(
    admin_client, django_capture_on_commit_callbacks, export_settings, make_entry
):
    """A run sent again after its worker died (attempt 2) starts its file again; the dead attempt's
    rows never become the file."""
    entries = sms_errors(make_entry, 4)
    run = start_export(admin_client, django_capture_on_commit_callbacks)
    Run.objects.filter(pk=run.pk).update(attempts=2)
    dead_part = export_settings.tmp / f"dziennik-export-{run.pk}-dead.part"
    dead_part.write_bytes(b"id\n999999\n")
    export_entries.apply(args=[run.pk])
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert files_in(export_settings.tmp) == [] and files_in(export_settings.folder) == [f"export-{run.pk}.xlsx"]
    sheet = openpyxl.load_workbook(export_settings.folder / f"export-{run.pk}.xlsx").active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [e.pk for e in entries]


# A worker thread reads what the test committed; the rollback restores the roles for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_export_job_runs_in_a_real_worker(admin_client, export_settings, make_entry):
    """The view queues the job through the Redis broker; a Celery worker writes the file."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    entries = sms_errors(make_entry, 6)
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        response = admin_client.post("/journal/sms/export.xlsx")
        run = Run.objects.get(kind="export")
        assert response["Location"] == f"/journal/runs/{run.pk}/"
        deadline = time.monotonic() + 60
        while run.status in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
            run.refresh_from_db()
    assert run.status == "succeeded", run.summary
    download = admin_client.get(f"/journal/runs/{run.pk}/download/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [e.pk for e in entries]


def test_the_same_export_asked_twice_is_one_run(
    admin_client, export_settings, make_entry, django_capture_on_commit_callbacks
):
    """A double click on "Write it in the background" opens the run already under way."""
    sms_errors(make_entry, 5)
    with django_capture_on_commit_callbacks() as queued:
        first = admin_client.post("/journal/sms/export.xlsx?severity=error")
        second = admin_client.post("/journal/sms/export.xlsx?severity=error")
    run = Run.objects.get(kind="export")
    assert first["Location"] == second["Location"] == f"/journal/runs/{run.pk}/"
    assert len(queued) == 1
    other = admin_client.post("/journal/sms/export.csv?severity=error")  # another file: another run
    assert other["Location"] != first["Location"]
