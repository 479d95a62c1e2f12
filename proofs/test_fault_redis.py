"""Redis killed with -9 while 1,000 tasks wait in its queue (issue 11, §1.6 and §3).

With the settings docker-compose.yml runs and the README documents (`appendonly yes`,
`appendfsync everysec`, `maxmemory-policy noeviction`), a Redis of the test's own is killed
with SIGKILL after the append-only file caught up and started again on the same folder: at
least 999 of the 1,000 tasks are still queued, the web process (gunicorn) and the workers
reconnect by themselves, and every run ends. With no persistence (what compose ran before),
the queue comes back empty, and beat's recovery (`eventlog.runs.recover_stale`) sends the
runs whose tasks were lost again, so that none stays "queued" for ever.

Everything is a real process on loopback: Redis, gunicorn, Celery workers, and a "producer"
process that queues runs through `eventlog.runs` against the private Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml
from django.conf import settings as django_settings

from eventlog.models import Entry, Run
from tests.servers import REDIS_DURABLE, RedisServer, private_redis, web_server
from tests.workers import database_url, wait_for, worker

__all__ = ["private_redis", "web_server", "worker"]

TASKS = 1000
#: Of the queued tasks, these are export runs (a run page each); the others are beat's cheap
#: minute task (`recover_stale_runs`), so that a 2-core machine drains the queue in about a minute.
EXPORT_RUNS = 100
#: Bound for the workers to drain the queue on a loaded machine.
DRAIN_SECONDS = 300
#: The queue Celery's default routing puts every task in (a Redis list of that name).
QUEUE = "celery"

#: Runs in a project process pointed at the private Redis: the test process's own Celery app
#: is bound to the suite's broker. Queues `count` export runs in one transaction (their tasks
#: go out once it commits, as from the panel), or plays beat's recovery with its clock past
#: JOURNAL_RUN_STALE_SECONDS, or sends `count` of beat's minute task; prints the run ids or what was recovered.
PRODUCER = """
import datetime as dt, json, sys
import django
django.setup()
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from eventlog import runs
command, count = sys.argv[1], int(sys.argv[2])
if command == "queue":
    params = {"query": "", "format": "csv", "language": "en"}
    with transaction.atomic():
        ids = [runs.queue(runs.EXPORT, tab="sms", params=params).pk for _ in range(count)]
    print(json.dumps(ids))
elif command == "beat":
    from celery import current_app
    for _ in range(count):
        current_app.send_task("eventlog.tasks.recover_stale_runs")
    print(json.dumps(count))
else:
    later = timezone.now() + dt.timedelta(seconds=settings.JOURNAL_RUN_STALE_SECONDS + 1)
    recovered = runs.recover_stale(now=later)
    print(json.dumps({"resumed": recovered.resumed, "failed": recovered.failed}))
"""


def produce(env: dict[str, str], command: str, count: int = 0):
    """Run PRODUCER with the project environment `env`; returns what it printed, decoded."""
    done = subprocess.run(
        [sys.executable, "-c", PRODUCER, command, str(count)], cwd=django_settings.BASE_DIR,
        env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def project_env(redis_server: RedisServer, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_server.url(0),
        "CELERY_RESULT_BACKEND": "",
        "REDIS_URL": redis_server.url(1),
        "JOURNAL_EXPORT_DIR": extra.pop("JOURNAL_EXPORT_DIR", str(django_settings.JOURNAL_EXPORT_DIR)),
        **extra,
    }


def wait_until_written(redis_server: RedisServer) -> None:
    """The append-only file holds every write: nothing buffered, no fsync pending, a second passed."""
    last_write = time.monotonic()

    def caught_up() -> bool:
        info = redis_server.client().info("persistence")
        flushed = info["aof_buffer_length"] == 0 and info["aof_pending_bio_fsync"] == 0
        return flushed and info["aof_last_write_status"] == "ok" and time.monotonic() - last_write >= 1.0

    wait_for(caught_up, "the append-only file caught up")


def finished(ids: list[int]) -> bool:
    return not Run.objects.filter(pk__in=ids, status__in=("queued", "running")).exists()


def test_a_redis_killed_with_minus_9_keeps_the_queued_tasks(private_redis, web_server, worker, tmp_path):
    started = time.monotonic()
    broker = private_redis(durable=True)
    env = project_env(broker, JOURNAL_EXPORT_DIR=str(tmp_path / "exports"))
    web = web_server(**env)
    assert web.get("/healthz").json()["status"] == "ok"

    ids = produce(env, "queue", EXPORT_RUNS)
    produce(env, "beat", TASKS - EXPORT_RUNS)
    assert broker.client().llen(QUEUE) == TASKS
    wait_until_written(broker)
    broker.kill()

    # While Redis is down the health probe says so; the panel process keeps running.
    down = web.get("/healthz")
    assert down.status_code == 503
    assert down.json()["checks"] == {"database": "ok", "cache": "fail", "broker": "fail", "storage": "ok"}

    broker.start()  # the same folder: the append-only file is read back
    survived = broker.client().llen(QUEUE)
    print(f"Redis kill -9: {survived} of {TASKS} queued tasks survived")
    assert survived >= TASKS - 1
    # The same gunicorn process, not restarted, reaches the cache and the broker again.
    wait_for(lambda: web.get("/healthz").status_code == 200, "the web process reconnected")

    for name in ("redis-a", "redis-b"):
        worker(name, **env)
    drained = time.monotonic()
    while not (finished(ids) and broker.client().llen(QUEUE) == 0):
        assert time.monotonic() - drained < DRAIN_SECONDS, f"{broker.client().llen(QUEUE)} tasks still queued"
        time.sleep(0.2)
    print(f"Redis kill -9: the workers drained {survived} tasks in {time.monotonic() - drained:.1f} s")
    assert Run.objects.filter(pk__in=ids, status="succeeded", attempts=1).count() == EXPORT_RUNS  # each ran once
    assert Entry.objects.filter(event_type="records_exported").count() == EXPORT_RUNS
    print(f"Redis kill -9 proof: {time.monotonic() - started:.1f} s")


def test_runs_whose_tasks_a_volatile_redis_lost_are_sent_again_by_beat(private_redis, worker, tmp_path):
    started = time.monotonic()
    broker = private_redis(durable=False)  # what docker-compose.yml ran before: no persistence
    env = project_env(broker, JOURNAL_EXPORT_DIR=str(tmp_path / "exports"), JOURNAL_RUN_STALE_SECONDS="10")
    ids = produce(env, "queue", 20)
    broker.kill()
    broker.start()
    assert broker.client().llen(QUEUE) == 0  # every task is gone ...
    assert Run.objects.filter(pk__in=ids, status="queued").count() == 20  # ... and the runs wait for ever

    # Beat's recovery, once the runs have waited longer than JOURNAL_RUN_STALE_SECONDS.
    recovered = produce(env, "recover")
    assert sorted(recovered["resumed"]) == sorted(ids)
    worker("redis-volatile", **env)
    wait_for(lambda: finished(ids), "the runs sent again finished")
    assert Run.objects.filter(pk__in=ids, status="succeeded", attempts=2).count() == 20
    print(f"Redis without persistence, recovered by beat: {time.monotonic() - started:.1f} s")


def test_compose_runs_redis_with_the_settings_proven_here():
    compose = yaml.safe_load((Path(django_settings.BASE_DIR) / "docker-compose.yml").read_text())
    redis_service = compose["services"]["redis"]
    assert redis_service["command"] == ["redis-server", *REDIS_DURABLE]
    assert any(volume.endswith(":/data") for volume in redis_service["volumes"])  # the append-only file outlives it
