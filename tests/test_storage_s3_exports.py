"""Export files on S3-compatible object storage, for real: moto's S3 server on loopback (tests/s3.py),
a real Celery worker that writes the file, the panel that redirects its download to a signed URL,
and that URL fetched over HTTP as a browser would; beat's cleanup and /healthz against the same
bucket; a storage that does not answer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import socket
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
import requests
from django.contrib.auth.models import User
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.utils import timezone

from eventlog import exports, writer
from eventlog.models import Entry, Run
from eventlog.tasks import export_entries
from tests.workers import wait_for, worker

__all__ = ["worker"]

#: A message of the longest kind the writer takes: 2,600 of them make a CSV of about 10.5 MB, above
#: boto3's multipart threshold (8 MB), so the worker's upload goes in two parts.
LONG = ("Bramka odrzuciła SMS: " + "zażółć gęślą jaźń 0123456789 " * 200)[:4000]
ROWS = 2600


def over(run: Run) -> bool:
    run.refresh_from_db()
    return run.status not in ("queued", "running")


def fetch(url: str) -> requests.Response:
    """What a browser does with the panel's redirect: GET the signed address of the object storage."""
    response = requests.get(url, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response


def signed_download(client: Client, run: Run, s3_storages) -> str:
    """The panel's answer to the download: a redirect to the object, signed, saying how to serve it."""
    response = client.get(f"/journal/runs/{run.pk}/download/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_storages.server.url}/{s3_storages.bucket}/exports/export-{run.pk}.")
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]  # AWS_QUERYSTRING_EXPIRE
    assert query["response-content-disposition"][0].startswith('attachment; filename="sms-')
    assert "no-store" in response["Cache-Control"]  # nothing keeps an address that expires
    return location


def test_a_large_export_job_in_a_worker_goes_to_s3_and_downloads_through_a_signed_url(
    worker, s3_storages, settings, tmp_path
):
    started = time.monotonic()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.create_superuser("root", "root@example.com", "secret-pass-123"))
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 100
    written = [f"{i} {LONG}"[:4000] for i in range(ROWS)]
    ids = writer.record_many(
        {"tab": "sms", "severity": "error", "message": message, "occurred_at": timezone.now()} for message in written
    )
    messages = dict(zip(ids, written, strict=True))
    worker_tmp = tmp_path / "worker-tmp"
    worker_tmp.mkdir()
    worker("s3-export", TMPDIR=str(worker_tmp), **s3_storages.env)  # its own machine: only the bucket is shared

    response = client.post("/journal/sms/export.csv")
    run = Run.objects.get(kind="export")
    assert response["Location"] == f"/journal/runs/{run.pk}/"
    wait_for(lambda: over(run), "the export finished")

    assert run.status == "succeeded", (run.summary, run.error)
    key = f"exports/export-{run.pk}.csv"
    assert s3_storages.keys() == [key]
    head = s3_storages.server.client().head_object(Bucket=s3_storages.bucket, Key=key)
    assert head["ETag"].strip('"').endswith("-2")  # uploaded in two parts (S3's multipart ETag)
    assert head["ContentType"] == "text/csv; charset=utf-8"
    assert list(worker_tmp.iterdir()) == []  # the rows' local file went once the object was there
    page = client.get(f"/journal/runs/{run.pk}/").text
    assert "Download the file" in page and filesizeformat(head["ContentLength"]) in page  # the size, asked of S3

    served = fetch(signed_download(client, run, s3_storages))
    assert served.headers["Content-Disposition"].startswith('attachment; filename="sms-')
    assert served.headers["Content-Disposition"].endswith('.csv"')
    assert served.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(served.content.decode("utf-8-sig"), newline="")))
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(ids)
    assert all(messages[int(row[0])] in row for row in rows[1:])  # every message whole
    assert Entry.objects.filter(event_type="records_exported", run_id=run.pk).count() == 1
    print(f"S3 export of {len(served.content) / 1e6:.1f} MB in a worker: {time.monotonic() - started:.1f} s")


def test_an_xlsx_export_on_s3_downloads_and_is_removed_after_the_keep_days(
    s3_storages, admin_client, make_entry, settings, django_capture_on_commit_callbacks
):
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 3
    entries = [make_entry("sms", severity="error", message=f"Bramka odrzuciła SMS {i}") for i in range(5)]
    with django_capture_on_commit_callbacks():
        admin_client.post("/journal/sms/export.xlsx?severity=error")
    run = Run.objects.get(kind="export")
    assert export_entries.apply(args=[run.pk]).get() == 5

    served = fetch(signed_download(admin_client, Run.objects.get(pk=run.pk), s3_storages))
    assert served.headers["Content-Type"] == exports.CONTENT_TYPES["xlsx"]
    assert served.headers["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(served.content)).active
    ids = sorted(e.pk for e in entries)
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ids

    # Beat's cleanup: today the file stays; once it is older than the keep days it goes, and only it.
    s3_storages.server.client().put_object(Bucket=s3_storages.bucket, Key="exports/notes.txt", Body=b"not ours")
    assert exports.remove_old_files() == 0
    assert exports.remove_old_files(timezone.now() + dt.timedelta(days=settings.JOURNAL_EXPORT_KEEP_DAYS + 1)) == 1
    assert s3_storages.keys() == ["exports/notes.txt"]
    assert "The file was removed after a few days" in admin_client.get(f"/journal/runs/{run.pk}/").text
    assert admin_client.get(f"/journal/runs/{run.pk}/download/").status_code == 404


def test_healthz_checks_the_bucket(s3_storages, db):
    assert Client().get("/healthz").json()["checks"]["storage"] == "ok"

    s3_storages.server.client().delete_bucket(Bucket=s3_storages.bucket)

    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "fail"},
    }
    assert s3_storages.bucket not in response.text


def on_endpoint(configured: dict, url: str, names) -> dict:
    """STORAGES with the S3 storages `names` pointed at another endpoint."""
    moved = {
        name: {**configured[name], "OPTIONS": {**configured[name]["OPTIONS"], "endpoint_url": url}} for name in names
    }
    return {**configured, **moved}


@pytest.fixture
def silent_s3(settings, monkeypatch) -> Iterator[socket.socket]:
    """The storages on an S3 address whose server accepts connections and never answers (a hung
    process, a black-holed network): the kernel completes the handshake, nothing reads."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(64)
        url = f"http://127.0.0.1:{held.getsockname()[1]}"
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # boto3's own retries would only make the test longer
        settings.STORAGES = {
            **settings.STORAGES,
            **{
                name: {
                    **settings.STORAGES[name],
                    "OPTIONS": {**settings.STORAGES[name]["OPTIONS"], "endpoint_url": url},
                }
                for name in settings.FILE_STORAGES
            },
        }
        yield held


def test_a_storage_that_hangs_fails_the_probe_in_time(s3_storages, silent_s3, db):
    started = time.monotonic()
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["storage"] == "fail"
    assert time.monotonic() - started < 10  # STORAGE_TIMEOUT_SECONDS (3) and the other checks


@pytest.fixture
def refused_s3(s3_storages, settings, monkeypatch) -> None:
    """The storages on an S3 address where nothing listens: every request is refused."""
    with socket.socket() as held:  # bound, never listening: connections are refused
        held.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{held.getsockname()[1]}"
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings.STORAGES = on_endpoint(settings.STORAGES, url, ["exports"])


def test_a_storage_that_does_not_answer_is_said_so_never_a_500(refused_s3, admin_client, alice):
    run = Run.objects.create(
        kind=exports.KIND, tab="sms", params={"query": "", "format": "csv"}, status="succeeded",
        created_by=alice, finished_at=timezone.now(),
    )  # fmt: skip
    page = admin_client.get(f"/journal/runs/{run.pk}/")
    assert page.status_code == 200
    assert "cannot be reached right now" in page.text and "was removed" not in page.text

    download = admin_client.get(f"/journal/runs/{run.pk}/download/", follow=True)
    assert download.redirect_chain == [(f"/journal/runs/{run.pk}/", 302)]
    assert download.text.count("cannot be reached right now") == 2  # the message, and the export's part
