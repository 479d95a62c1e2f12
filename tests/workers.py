"""Real Celery workers for the tests: subprocesses against the test database and the test run's
broker (`worker(name, **env)`, or `worker(name, pool="prefork", include=[module])`), and the
waits that go with them (`wait_for`, `kill`, `pool_child`).

The workers read what the test committed (`transactional_db`, with serialized rollback so
that the roles are there again for the tests after it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import psutil
import pytest
from django.conf import settings as django_settings

from config.celery import app

CELERY = Path(sys.executable).parent / "celery"
#: Bounds for every wait below: generous for a loaded machine, never a fixed sleep.
DEADLINE_SECONDS = 120


def database_url() -> str:
    db = django_settings.DATABASES["default"]  # inside a transactional_db test: the test database
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


#: The settings of the folders behind the local file storages (config/settings.py FILE_STORAGES).
FOLDER_SETTINGS = ("JOURNAL_EXPORT_DIR", "ERP_INBOX_DIR", "ERP_OUTBOX_DIR")


def folders_env() -> dict[str, str]:
    """The environment that gives a process this test's storage folders (tests/conftest.py `file_storages`)."""
    return {name: str(getattr(django_settings, name)) for name in FOLDER_SETTINGS}


@pytest.fixture
def worker(transactional_db, django_db_serialized_rollback, tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start real workers (`worker(name, **env)`); all are killed at the end of the test. Each shares the
    test's storage folders (as web and worker share a volume); `env` may point it elsewhere."""
    app.control.purge()  # nothing left in this test run's queue by earlier tests
    started: list[subprocess.Popen] = []

    def start(name: str, *, pool: str = "solo", include: Sequence[str] = (), **env: str) -> subprocess.Popen:
        """A worker of one process (`solo`), or a parent with one pool child (`prefork`) whose
        child is replaced when it dies; `include`: more modules to import (test-only tasks)."""
        environment = {**os.environ, "DATABASE_URL": database_url(), "CONN_MAX_AGE": "0", **folders_env(), **env}
        log = (tmp_path / f"{name}.log").open("wb")
        extra = ["--include", ",".join(include)] if include else []
        process = subprocess.Popen(
            [str(CELERY), "-A", "config", "worker", f"--pool={pool}", "-c", "1", "-n", f"{name}@%h",
             "--without-mingle", "--without-gossip", "--loglevel=INFO", *extra],
            cwd=django_settings.BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def pool_child(process: subprocess.Popen, other_than: int | None = None) -> int:
    """The pid of a prefork worker's pool child (a new one, when `other_than` is the one that died)."""
    found: list[int] = []

    def alive() -> bool:
        children = [c for c in psutil.Process(process.pid).children() if c.status() != psutil.STATUS_ZOMBIE]
        found[:] = [c.pid for c in children if c.pid != other_than]
        return bool(found)

    wait_for(alive, "the worker has its pool child")
    return found[0]
