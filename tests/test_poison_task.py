"""Poison tasks: a job that fails every time ends "failed" with its reason after a bounded number
of attempts (JOURNAL_RUN_MAX_ATTEMPTS, 3), and the work queued behind it still finishes.

Three kinds of poison, each a run kind of this module's own (the lifecycle takes any declared
kind), run by a REAL prefork worker (`-c 1`) that imports this module (`--include`):
- the outside service it needs is down (a refused connection on loopback, every time): a passing
  fault, so the run is tried again with back-off, 3 attempts in all, then failed saying so;
- a bug (it raises ValueError, every time): failed at once, with its error;
- it kills its own worker process (as the OOM killer would): the broker gives the task back
  (`reject_on_worker_lost`), the claim makes the redelivery a no-op, and beat's stale-run check
  sends it again until its attempts are spent — failed "the worker stopped", never a loop.
Behind them, a real export of the SMS tab, queued last, succeeds.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import time

import psutil
from celery import shared_task
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from eventlog import runs, writer
from eventlog.models import Run

from .workers import pool_child, wait_for, worker

#: Fixtures from tests/ modules, found by pytest under these names.
__all__ = ["worker"]


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SERVICE_DOWN = runs.register(
    runs.RunKind("test_poison_down", "Poison: service down", task="tests.poison_down", resumable=True)
)
BUG = runs.register(runs.RunKind("test_poison_bug", "Poison: bug", task="tests.poison_bug", resumable=True))
KILLER = runs.register(
    runs.RunKind("test_poison_killer", "Poison: kills its worker", task="tests.poison_killer", resumable=True)
)


class ServiceDown(runs.Job):
    kind = SERVICE_DOWN

    def work(self) -> str:
        socket.create_connection(("127.0.0.1", self.run.params["port"]), timeout=5).close()
        return "reached the service"


class Bug(runs.Job):
    kind = BUG

    def work(self) -> str:
        raise ValueError(f"price {self.run.params['price']!r} is not a number")


class Killer(runs.Job):
    kind = KILLER

    def work(self) -> str:
        os.kill(os.getpid(), signal.SIGKILL)
        return "never"


@shared_task(name="tests.poison_down")
def poison_down(run_id: int) -> None:
    ServiceDown.execute(run_id)


@shared_task(name="tests.poison_bug")
def poison_bug(run_id: int) -> None:
    Bug.execute(run_id)


@shared_task(name="tests.poison_killer")
def poison_killer(run_id: int) -> None:
    Killer.execute(run_id)


def running(run: Run, attempt: int) -> bool:
    run.refresh_from_db()
    return (run.status, run.attempts) == ("running", attempt)


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def over(run: Run) -> bool:
    run.refresh_from_db()
    return run.status not in ("queued", "running")


def test_poison_tasks_fail_after_bounded_attempts_and_the_work_behind_them_finishes(worker, settings, tmp_path):
    started = time.monotonic()
    root = User.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(root)
    settings.JOURNAL_EXPORT_SYNC_MAX_ROWS = 100
    writer.record_many(
        {"tab": "sms", "severity": "error", "message": f"Bramka odrzuciła SMS {i}", "occurred_at": timezone.now()}
        for i in range(300)
    )
    process = worker(
        "poison", pool="prefork", include=["tests.test_poison_task"],
        JOURNAL_EXPORT_DIR=str(settings.JOURNAL_EXPORT_DIR), JOURNAL_RUN_RETRY_SECONDS="0.5",
    )  # fmt: skip

    child = pool_child(process)
    killer = runs.queue(KILLER, tab="sms", user=root)
    down = runs.queue(SERVICE_DOWN, tab="sms", params={"port": closed_port()}, user=root)
    bug = runs.queue(BUG, tab="sms", params={"price": "12,5 zł"}, user=root)
    assert client.post("/journal/sms/export.csv").status_code == 302
    export = Run.objects.get(kind="export")

    # The work behind the poison goes on; the retried run waits in the broker, not in the worker.
    wait_for(lambda: over(down) and over(bug) and over(export), "the runs behind the killer finished")
    assert export.status == "succeeded", (export.summary, export.error)
    assert export.progress_done == 300
    assert (bug.status, bug.attempts, bug.error) == ("failed", 1, "ValueError: price '12,5 zł' is not a number")
    assert down.status == "failed" and down.attempts == 3
    assert down.error.startswith("ConnectionRefusedError: ")
    assert down.summary_message["code"] == runs.JOB_FAILED_RETRIED

    # The killer: each attempt kills the pool child; beat's check (its clock moved past the stale
    # time, rather than a wait) sends it again until no attempt remains.
    for attempt in (1, 2, 3):
        wait_for(lambda n=attempt, pid=child: running(killer, n) and gone(pid), f"attempt {attempt} killed the child")
        child = pool_child(process, other_than=child)
        later = timezone.now() + dt.timedelta(seconds=settings.JOURNAL_RUN_STALE_SECONDS + 1)
        recovered = runs.recover_stale(later)
        assert (recovered.resumed, recovered.failed) == (([killer.pk], []) if attempt < 3 else ([], [killer.pk]))
    killer.refresh_from_db()
    assert (killer.status, killer.attempts) == ("failed", 3)
    assert killer.summary_message["code"] == runs.WORKER_STOPPED_RETRIED

    # What shop admins see: each failure and its reason on the run's page.
    refused = down.error.removeprefix("ConnectionRefusedError: ")
    for run, reason in (
        (down, f"The job failed: ConnectionRefusedError: {refused}. Tried 3 times."),
        (killer, "The worker stopped before the run finished. Tried 3 times."),
        (bug, "The job failed: ValueError: price &#x27;12,5 zł&#x27; is not a number"),
    ):
        assert reason in client.get(f"/journal/runs/{run.pk}/").content.decode()
    print(f"poison tasks test: {time.monotonic() - started:.1f} s")
