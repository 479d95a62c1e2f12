"""The Abort button of a running job: shop admins only, POST with CSRF, the run ends "aborted"."""

import tempfile
import time

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from eventlog import writer
from eventlog.models import Entry, Run


def running_export(**fields) -> Run:
    return Run.objects.create(
        kind="export", tab="sms", status="running", started_at=timezone.now(), heartbeat_at=timezone.now(),
        attempts=1, params={"query": "", "format": "csv"}, progress_done=200, progress_total=1000, **fields,
    )  # fmt: skip


def test_the_abort_button_is_for_shop_admins_only(admin_client, support_client):
    run = running_export()
    page = admin_client.get(f"/journal/runs/{run.pk}/").text
    assert 'id="run-abort"' in page and f'action="/journal/runs/{run.pk}/abort/"' in page
    assert 'hx-trigger="every 2s"' in page  # still following its progress
    assert 'id="run-abort"' not in support_client.get(f"/journal/runs/{run.pk}/").text


def test_support_may_not_abort(support_client):
    run = running_export()
    assert support_client.post(f"/journal/runs/{run.pk}/abort/").status_code == 403
    assert Run.objects.get(pk=run.pk).abort_requested_at is None


def test_abort_needs_a_post_with_its_csrf_token(alice):
    run = running_export()
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    assert client.get(f"/journal/runs/{run.pk}/abort/").status_code == 405
    assert client.post(f"/journal/runs/{run.pk}/abort/").status_code == 403  # no token
    page = client.get(f"/journal/runs/{run.pk}/")
    token = page.context["csrf_token"]
    response = client.post(f"/journal/runs/{run.pk}/abort/", {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.abort_requested_by == alice and run.status == "running"  # it stops at its next batch
    page = client.get(f"/journal/runs/{run.pk}/").text
    assert "Requested by <bdi>alice</bdi>" in page and 'id="run-abort"' not in page


def test_a_finished_run_has_no_abort_button(admin_client):
    run = running_export()
    Run.objects.filter(pk=run.pk).update(status="succeeded")
    assert 'id="run-abort"' not in admin_client.get(f"/journal/runs/{run.pk}/").text
    response = admin_client.post(f"/journal/runs/{run.pk}/abort/", follow=True)
    assert "The run had already finished." in response.text
    retention = Run.objects.create(kind="retention", status="running")
    assert admin_client.post(f"/journal/runs/{retention.pk}/abort/").status_code == 403  # it does not check


# A worker thread reads what the test committed; the rollback restores the roles for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_abort_stops_a_large_export_in_a_real_worker(settings, tmp_path, file_storages, monkeypatch):
    """The job stops between batches; the run keeps how far it got; no file, no export entry."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    admin_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin_client.force_login(User.objects.create_superuser("root", "root@example.com", "secret-pass-123"))

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the job writes its rows first (TMPDIR)
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 100
    settings.JOURNAL_RUN_BATCH_PAUSE_SECONDS = 0.1  # 30 batches of 100 rows: 3 s at least
    now = timezone.now()
    writer.record_many(
        {"tab": "sms", "severity": "error", "message": f"Bramka odrzuciła SMS {i}", "occurred_at": now}
        for i in range(3000)
    )
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        response = admin_client.post("/journal/sms/export.csv")
        run = Run.objects.get(kind="export")
        assert response["Location"] == f"/journal/runs/{run.pk}/"
        deadline = time.monotonic() + 60
        while not (run.status == "running" and run.progress_done > 0):
            assert time.monotonic() < deadline, "the export did not start"
            time.sleep(0.05)
            run.refresh_from_db()
        page = admin_client.get(f"/journal/runs/{run.pk}/").text
        assert 'id="run-abort"' in page
        admin_client.post(f"/journal/runs/{run.pk}/abort/")
        while run.status == "running":
            assert time.monotonic() < deadline, "the export did not stop"
            time.sleep(0.05)
            run.refresh_from_db()
    assert run.status == "aborted"
    assert 0 < run.progress_done < 3000 and run.progress_total == 3000
    assert "root" in run.summary
    assert not Entry.objects.filter(event_type="records_exported").exists()
    assert not file_storages["exports"].exists() and not list(tmp_path.iterdir())  # not even a part of a file
    page = admin_client.get(f"/journal/runs/{run.pk}/").text
    assert "The export was aborted" in page and "every 2s" not in page
