"""A worker killed in the middle of a job: the run is found by its stopped heartbeat and runs
again in a fresh worker, ending with one complete result — never left "running".

Each test starts a REAL Celery worker as a subprocess against the test database and the
test run's broker, slows its job down (JOURNAL_RUN_BATCH_PAUSE_SECONDS), SIGKILLs it once
the run's progress moves, runs the stale-run check, and starts a second worker.

The workers read what the test committed (`transactional_db`, with serialized rollback so
that the roles are there again for the tests after it).
"""

from __future__ import annotations

import csv
import time

from django.contrib.auth.models import User
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from eventlog import runs, writer
from eventlog.models import Entry, Run
from integrations.erp import jobs, sample
from integrations.erp.models import Problem, Product

from .conftest import file_storages_env
from .workers import kill, wait_for, worker

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["worker"]


def resume_when_stale(run: Run, settings) -> None:
    """Beat's check, with a short stale time: the killed worker's run is sent again."""
    settings.JOURNAL_RUN_STALE_SECONDS = 1
    wait_for(lambda: run.pk in runs.recover_stale().resumed, "the stale run was sent again")


def status(run: Run) -> str:
    run.refresh_from_db()
    return run.status


def test_an_export_whose_worker_was_killed_resumes_and_writes_one_complete_file(
    worker, settings, tmp_path, file_storages
):
    started = time.monotonic()
    admin_client = Client(HTTP_ACCEPT_LANGUAGE="en")
    admin_client.force_login(User.objects.create_superuser("root", "root@example.com", "secret-pass-123"))
    exports_dir, worker_tmp = file_storages["exports"], tmp_path / "worker-tmp"
    worker_tmp.mkdir()
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 100
    now = timezone.now()
    ids = writer.record_many(
        {"tab": "sms", "severity": "error", "message": f"Bramka odrzuciła SMS {i}", "occurred_at": now}
        for i in range(4000)
    )
    # Both workers on one machine (TMPDIR), where the first one leaves its half-written rows.
    env = {**file_storages_env(file_storages), "TMPDIR": str(worker_tmp)}
    # 40 batches of 100 rows, 0.2 s each: long enough to be killed half-way.
    first = worker("crash-export-1", JOURNAL_RUN_BATCH_PAUSE_SECONDS="0.2", **env)

    response = admin_client.post("/journal/sms/export.csv")
    run = Run.objects.get(kind="export")
    assert response["Location"] == f"/journal/runs/{run.pk}/"
    wait_for(lambda: status(run) == "running" and 0 < run.progress_done < 4000, "the export made progress")
    kill(first)

    assert status(run) == "running"  # what a dead worker leaves behind
    assert list(worker_tmp.glob(f"dziennik-export-{run.pk}-*.part"))  # and half a file, not in the storage
    assert not exports_dir.exists() or not list(exports_dir.iterdir())
    resume_when_stale(run, settings)
    worker("crash-export-2", **env)
    wait_for(lambda: status(run) not in ("queued", "running"), "the resumed export finished")

    assert run.status == "succeeded", (run.summary, run.error)
    assert (run.attempts, run.progress_done, run.progress_total) == (2, 4000, 4000)
    with (exports_dir / f"export-{run.pk}.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(ids)
    assert [p.name for p in exports_dir.iterdir()] == [f"export-{run.pk}.csv"]
    assert list(worker_tmp.iterdir()) == []  # the dead worker's part is gone
    assert Entry.objects.filter(event_type="records_exported").count() == 1
    assert Entry.objects.get(event_type="records_exported").run_id == run.pk
    print(f"export crash test: {time.monotonic() - started:.1f} s")


def test_an_erp_import_whose_worker_was_killed_resumes_without_duplicates(worker, settings, file_storages):
    started = time.monotonic()
    inbox = file_storages["erp_inbox"]
    inbox.mkdir()
    sample.write_catalogue(inbox / "katalog.xml", products_count=20_000, problems_every=50)
    env = file_storages_env(file_storages)
    # Four batches of 5,000 products, a second's pause before each but the first.
    first = worker("crash-import-1", JOURNAL_RUN_BATCH_PAUSE_SECONDS="1", **env)

    [run_id] = jobs.check_inbox()
    run = Run.objects.get(pk=run_id)
    wait_for(lambda: status(run) == "running" and run.progress_done >= 5000, "the import wrote a batch")
    kill(first)
    assert status(run) == "running" and 0 < Product.objects.count() < 20_000

    resume_when_stale(run, settings)
    worker("crash-import-2", **env)
    wait_for(lambda: status(run) not in ("queued", "running"), "the resumed import finished")

    assert run.status == "succeeded", (run.summary, run.error)
    assert run.attempts == 2 and run.counters["products_received"] == 20_000
    imported = run.counters["products_created"] + run.counters["products_updated"] + run.counters["products_unchanged"]
    assert Product.objects.count() == imported
    # One entry of each problem, one open Problem of each, one import entry: nothing twice.
    register = Entry.objects.filter(run_id=run.pk)
    twice = register.values("event_type", "object_id", "message_code").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()
    problems = register.filter(event_type__in=["product_problem", "category_problem"])
    assert problems.count() == Problem.objects.count() > 0
    assert register.filter(event_type="import").count() == 1
    assert [p.name.endswith("katalog.xml") for p in (inbox / "done").iterdir()] == [True]
    print(f"ERP import crash test: {time.monotonic() - started:.1f} s")
