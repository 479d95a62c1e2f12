"""A real `celery beat` process against the test database and Redis: it sends at once a daily job that
fell due while no beat ran (its last run is kept in the database), keeps that last run for the next
beat, follows a change a shop admin makes in the panel while it runs,
and its heartbeat makes `manage.py check_beat` healthy while it ticks and unhealthy once it is
killed (SIGKILL: no chance to clean up) and the allowed age has passed."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from eventlog import beat
from tests.workers import CELERY, database_url, kill, wait_for

#: Beat ticks at least every second here (production: CELERY_BEAT_MAX_LOOP_INTERVAL, 5 s).
LOOP_SECONDS = 1
#: The age check_beat allows in these tests: a few ticks.
MAX_AGE = 3


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    """The test run's broker database, its default queue emptied before and after."""
    client = redis.Redis.from_url(django_settings.CELERY_BROKER_URL)
    client.delete("celery")
    yield client
    client.delete("celery")


@pytest.fixture
def celery_beat(transactional_db, django_db_serialized_rollback, tmp_path) -> Iterator[Callable[[], subprocess.Popen]]:
    """Start `celery -A config beat` (the command compose and Procfile.dev run); killed at the end."""
    started: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        environment = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0",
                       "CELERY_BEAT_MAX_LOOP_INTERVAL": str(LOOP_SECONDS)}  # fmt: skip
        log = (tmp_path / f"beat-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [str(CELERY), "-A", "config", "beat", "--loglevel=INFO", f"--pidfile={tmp_path / 'beat.pid'}"],
            cwd=django_settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            kill(process)


def sent(broker: redis.Redis) -> list[str]:
    """The schedule names of the messages beat has put in the queue so far."""
    return [json.loads(raw)["headers"].get("periodic_task_name") for raw in broker.lrange("celery", 0, -1)]


def check_beat_process() -> subprocess.CompletedProcess:
    """`manage.py check_beat` as the compose health check runs it: its own process, its exit status."""
    return subprocess.run(
        [sys.executable, "manage.py", "check_beat", "--max-age", str(MAX_AGE)], cwd=django_settings.BASE_DIR,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def healthy() -> bool:
    try:
        call_command("check_beat", max_age=MAX_AGE, stdout=io.StringIO())
    except CommandError:
        return False
    return True


def test_a_new_beat_sends_at_once_the_daily_job_that_fell_due_and_keeps_its_last_run(celery_beat, broker):
    now = timezone.now()
    PeriodicTask.objects.update(last_run_at=now)  # nothing else is due for a while
    PeriodicTask.objects.filter(name="journal-export-cleanup").update(last_run_at=now - dt.timedelta(hours=25))
    assert PeriodicTask.objects.get(name="journal-export-cleanup").crontab is not None  # daily at 03:35

    started = time.monotonic()
    process = celery_beat()
    wait_for(lambda: "journal-export-cleanup" in sent(broker), "the new beat sent the overdue daily job")
    waited = time.monotonic() - started
    print(f"overdue daily job sent {waited:.1f} s after beat was started")
    assert waited < 30  # the process start included; a whole interval would be a day
    assert sent(broker) == ["journal-export-cleanup"]  # the daily jobs that ran just now wait for their time

    # Beat writes the run it did to the database (at its next sync, at once after a first send): the
    # next beat, in a new container after compose's SIGTERM, does not send it again.
    wait_for(lambda: PeriodicTask.objects.get(name="journal-export-cleanup").last_run_at > now, "the run is stored")
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    broker.delete("celery")
    restarted = time.time()
    celery_beat()
    # Its first tick is done (the heartbeat comes after it): a due job, at the heap's head, would be sent.
    wait_for(lambda: (beat.last_heartbeat() or 0) > restarted, "the new beat ticked")
    assert "journal-export-cleanup" not in sent(broker)


def test_a_running_beat_follows_a_change_made_in_the_panel(celery_beat, broker, admin_client):
    PeriodicTask.objects.update(last_run_at=timezone.now())  # nothing is due for at least 30 s
    started = time.time()
    celery_beat()
    wait_for(lambda: (beat.last_heartbeat() or 0) > started, "beat ticks")
    inbox = PeriodicTask.objects.get(name="erp-inbox")
    response = admin_client.post(f"/journal/schedules/{inbox.pk}/", {"kind": "interval", "every": "10",
                                                                     "period": "seconds", "enabled": "on"})  # fmt: skip
    assert response.status_code == 302
    changed = time.monotonic()
    wait_for(lambda: "erp-inbox" in sent(broker), "beat sent the inbox check on its new schedule")
    assert time.monotonic() - changed < 10 + LOOP_SECONDS + 5  # 10 s after its last run, not a minute


def test_check_beat_is_healthy_while_beat_ticks_and_unhealthy_once_it_is_killed(celery_beat):
    cache.delete(beat.HEARTBEAT_KEY)
    assert not healthy()  # no beat has ever ticked
    process = celery_beat()
    wait_for(healthy, "check_beat passes")
    first = beat.last_heartbeat()
    assert first is not None
    wait_for(lambda: beat.last_heartbeat() > first, "the heartbeat moves on with each tick")
    alive = check_beat_process()
    assert alive.returncode == 0, alive.stderr
    assert "Celery beat is alive" in alive.stdout

    kill(process)
    killed = time.monotonic()
    wait_for(lambda: not healthy(), "check_beat fails")
    # Unhealthy once the allowed age has passed since the last tick, and not long after it.
    assert time.monotonic() - killed < MAX_AGE + LOOP_SECONDS + 2
    dead = check_beat_process()
    assert dead.returncode == 1
    assert "Celery beat's last heartbeat is" in dead.stderr and f"(more than {MAX_AGE} s)" in dead.stderr


def test_check_beat_says_when_the_cache_is_private_to_each_process(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(CommandError, match="set REDIS_URL"):
        call_command("check_beat")
