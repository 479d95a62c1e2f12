"""Workers SIGKILLed at seeded random moments mid-export and mid-ERP-import: every run ends with
exactly the expected rows and no duplicates, "succeeded" — or "failed" saying the worker stopped
when every attempt was killed — and never "queued" or "running".

Each moment is one run: its job is slowed down (JOURNAL_RUN_BATCH_PAUSE_SECONDS), and its worker
is killed 1 to 3 times (each time a random time into the attempt, up to as long as an attempt
nobody killed took), either the whole worker (`--pool=solo`, a new one is started) or the
pool child of a `--pool=prefork -c 1` worker (its parent starts a new child and gives the task
back to the broker; the claim makes that redelivery a no-op). Then beat's stale-run check runs
with its clock past JOURNAL_RUN_STALE_SECONDS (rather than a wait) and the run goes on.

Expected rows: an export's file holds each entry of the tab once, as the list was when it was
asked for, and the tab gets one "exported" entry; an import leaves the catalogue and the run's
register (entries by type, object and code) exactly as an import that nobody killed.

The seed is printed; `KILL_LOOP_SEED=N make proofs` replays a run; `KILL_LOOP_MOMENTS` sets how
many moments of each kind (job and way of killing; 6 by default: 24 in all).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import os
import random
import signal
import subprocess
import time

import psutil
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from eventlog import runs, writer
from eventlog.models import Entry, Run
from integrations.erp import jobs, sample
from integrations.erp.models import Category, Problem, Product
from tests.conftest import file_storages_env
from tests.workers import kill, pool_child, wait_for, worker

__all__ = ["worker"]

SEED = int(os.environ.get("KILL_LOOP_SEED") or random.SystemRandom().randrange(1_000_000))
MOMENTS = int(os.environ.get("KILL_LOOP_MOMENTS", "6"))
SMS_ENTRIES = 1500
#: Two batches of the importer's 5,000 products.
PRODUCTS = 10_000


def over(run: Run) -> bool:
    run.refresh_from_db()
    return run.status not in ("queued", "running")


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


class Workers:
    """The worker(s) of one way of killing: `kill_one()` kills what runs the job, a new one takes over."""

    def __init__(self, start, mode: str, env: dict[str, str]) -> None:
        self.start, self.mode, self.env = start, mode, env
        self.count = 0
        self.process = self._new()
        self.child = pool_child(self.process) if mode == "child" else None

    def _new(self) -> subprocess.Popen:
        self.count += 1
        pool = "prefork" if self.mode == "child" else "solo"
        return self.start(f"kill-{self.mode}-{self.count}", pool=pool, **self.env)

    def kill_one(self) -> None:
        if self.mode == "whole":
            kill(self.process)
            self.process = self._new()
        else:
            assert self.child is not None
            os.kill(self.child, signal.SIGKILL)
            wait_for(lambda: gone(self.child), "the pool child died")
            self.child = pool_child(self.process, other_than=self.child)

    def stop(self) -> None:
        kill(self.process)


def kill_at_random_moments(rng: random.Random, run: Run, workers: Workers, duration: float) -> list[str]:
    """Kill the run's worker 1 to 3 times, each a random time into its attempt (up to `duration`,
    how long an attempt nobody killed took); beat's check then sends it on."""
    moments = []
    for attempt in range(1, rng.choice((1, 1, 2, 2, 3)) + 1):
        delay = rng.uniform(0, duration)
        wait_for(lambda n=attempt: over(run) or (run.status, run.attempts) == ("running", n), f"attempt {attempt}")
        if run.status != "running":
            break  # it finished before the moment came
        claimed = time.monotonic()
        # The moment itself is a time, not an event: the run is watched meanwhile, in case it ends first.
        while time.monotonic() - claimed < delay and not over(run):
            time.sleep(0.02)
        if run.status != "running":
            break
        workers.kill_one()
        moments.append(f"{delay:.2f}s")
        runs.recover_stale(timezone.now() + dt.timedelta(seconds=settings.JOURNAL_RUN_STALE_SECONDS + 1))
    wait_for(lambda: over(run), "the run ended")
    return moments


def took(run: Run) -> float:
    """How long the run's last attempt took, claim to outcome (seconds)."""
    assert run.started_at and run.finished_at
    return (run.finished_at - run.started_at).total_seconds()


def assert_ended_with_a_reason(run: Run) -> None:
    assert run.status in ("succeeded", "failed"), (run.pk, run.status, run.summary)
    if run.status == "failed":
        assert run.attempts == 3 and run.summary_message["code"] == runs.WORKER_STOPPED_RETRIED, (
            run.summary,
            run.error,
        )
        assert run.error


def register(run: Run) -> collections.Counter:
    entries = Entry.objects.filter(run_id=run.pk)
    return collections.Counter(entries.values_list("event_type", "object_id", "message_code", "severity"))


def test_workers_killed_at_random_moments_leave_exactly_the_expected_rows(worker, settings, tmp_path, file_storages):
    started = time.monotonic()
    print(f"\nkill loop: seed {SEED} (KILL_LOOP_SEED={SEED} replays it), {MOMENTS} moments of each kind")
    rng = random.Random(SEED)
    root = User.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(root)
    # The test's own storages (tests/conftest.py), shared with the workers; the export's rows stream into a
    # temporary file of the worker's before they are saved: a dead attempt's part must not outlive the run.
    exports_dir, inbox, worker_tmp = file_storages["exports"], file_storages["erp_inbox"], tmp_path / "worker-tmp"
    inbox.mkdir()
    worker_tmp.mkdir()
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 100
    env = {**file_storages_env(file_storages), "TMPDIR": str(worker_tmp)}
    now = timezone.now()
    writer.record_many(
        {"tab": "sms", "severity": "error", "message": f"Bramka odrzuciła SMS {i}", "occurred_at": now}
        for i in range(SMS_ENTRIES)
    )
    outcomes: collections.Counter[str] = collections.Counter()
    kills = 0

    # Exports: 15 batches of 100 rows, 0.2 s apart; the first export is killed by nobody (it times one).
    duration: float | None = None
    for mode in ("whole", "child"):
        workers = Workers(worker, mode, {**env, "JOURNAL_RUN_BATCH_PAUSE_SECONDS": "0.2"})
        for _ in range(MOMENTS + (1 if duration is None else 0)):
            expected = sorted(Entry.objects.filter(tab="sms").values_list("pk", flat=True))
            assert client.post("/journal/sms/export.csv").status_code == 302
            run = Run.objects.filter(kind="export").latest("pk")
            if duration is None:
                wait_for(lambda r=run: over(r), "the first export ended")
                assert run.status == "succeeded", (run.summary, run.error)
                duration = took(run)
                continue
            moments = kill_at_random_moments(rng, run, workers, duration)
            kills += len(moments)
            assert_ended_with_a_reason(run)
            outcomes[f"export/{mode}/{run.status}"] += 1
            exported = Entry.objects.filter(event_type="records_exported", run_id=run.pk).count()
            if run.status == "succeeded":
                with (exports_dir / f"export-{run.pk}.csv").open(encoding="utf-8-sig", newline="") as file:
                    ids = [int(row[0]) for row in list(csv.reader(file))[1:]]
                assert sorted(ids) == expected, (run.pk, moments, len(ids), len(set(ids)), len(expected))
                assert exported == 1 and not list(worker_tmp.glob(f"dziennik-export-{run.pk}-*.part"))
            else:
                assert exported == 0 and not (exports_dir / f"export-{run.pk}.csv").exists()
            print(f"  export {mode:5} run {run.pk}: killed at {moments or 'no moment (done first)'} → {run.status}")
        workers.stop()

    # ERP imports: 10,000 products in two batches, 0.5 s apart; the first import is killed by nobody.
    reference: tuple[set[str], collections.Counter] | None = None
    duration = None
    for mode in ("whole", "child"):
        workers = Workers(worker, mode, {**env, "JOURNAL_RUN_BATCH_PAUSE_SECONDS": "0.5"})
        for moment in range(MOMENTS + (1 if reference is None else 0)):
            for model in (Problem, Product, Category):  # each import starts from the same empty catalogue
                model.objects.all().delete()
            sample.write_catalogue(inbox / f"katalog-{mode}-{moment}.xml", products_count=PRODUCTS, problems_every=50)
            [run_id] = jobs.check_inbox()
            run = Run.objects.get(pk=run_id)
            if reference is None:
                wait_for(lambda r=run: over(r), "the reference import ended")
                assert run.status == "succeeded", (run.summary, run.error)
                reference = (set(Product.objects.values_list("code", flat=True)), register(run))
                assert len(reference[0]) > 0 and max(reference[1].values()) == 1
                duration = took(run)
                continue
            moments = kill_at_random_moments(rng, run, workers, duration)
            kills += len(moments)
            assert_ended_with_a_reason(run)
            outcomes[f"import/{mode}/{run.status}"] += 1
            codes = list(Product.objects.values_list("code", flat=True))
            entries = register(run)
            assert not [key for key, n in entries.items() if n > 1], (run.pk, moments)
            if run.status == "succeeded":
                assert set(codes) == reference[0] and entries == reference[1], (run.pk, moments)
            else:
                assert set(codes) <= reference[0], (run.pk, moments)
            print(f"  import {mode:5} run {run.pk}: killed at {moments or 'no moment (done first)'} → {run.status}")
        workers.stop()

    left = sorted(p.name for p in (inbox / "processing").iterdir()) if (inbox / "processing").is_dir() else []
    assert not Run.objects.filter(status__in=("queued", "running")).exists()
    print(f"kill loop: seed {SEED}, {kills} kills, outcomes {dict(outcomes)}, packages left in processing/: {left}")
    print(f"kill loop: {time.monotonic() - started:.0f} s")
    assert sum(outcomes.values()) == 4 * MOMENTS
    assert kills >= 20 or MOMENTS < 6
