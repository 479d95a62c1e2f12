"""Load: 50 Locust users browse a journal of 1 M entries for 60 s against gunicorn on loopback.

The journal is filled through the project's bulk filler (`eventlog.demo.seed`: the writer's
`COPY` path, ≈ 45 s for 1 M on a quiet 2-core machine). gunicorn serves the test database with
`DEBUG=0` (the test settings: the suite's fast password hasher, static files from the source
folders). Proven: 0 failed requests; printed: the list's p95 and the other figures (ms).
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

from eventlog import demo
from tests.workers import database_url

ENTRIES = int(os.environ.get("LOAD_ENTRIES", "1000000"))
USERS, SPAWN_RATE, SECONDS = 50, 10, 60
#: gunicorn's shape on a 2-core machine: a few processes, each with threads (the requests wait on PostgreSQL).
WORKERS, THREADS = 3, 4
LOCUST = Path(sys.executable).parent / "locust"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited with {server.returncode}"
        try:
            with urllib.request.urlopen(url + "/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not answer within {seconds:.0f} s")


def test_fifty_users_browse_a_million_entries(transactional_db, django_db_serialized_rollback, bob, tmp_path):
    started = time.monotonic()
    written = demo.seed(ENTRIES, days=30)
    print(f"\nseeded {written:,} entries in {time.monotonic() - started:.0f} s")
    assert written >= ENTRIES

    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", "DATABASE_URL": database_url(),
                   "DEBUG": "0", "CONN_MAX_AGE": "60"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--threads", str(THREADS), "--worker-class", "gthread", "--timeout", "120", "--keep-alive", "30",
         "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=environment, stdout=(tmp_path / "gunicorn.log").open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_until_up(host, server)
        prefix = tmp_path / "load"
        locust = subprocess.run(
            [str(LOCUST), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless", "-u", str(USERS),
             "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", host, "--csv", str(prefix), "--only-summary",
             "--stop-timeout", "10", "--loglevel", "WARNING"],
            cwd=settings.BASE_DIR, env={**environment, "LOAD_USERNAME": bob.username}, capture_output=True, text=True,
            timeout=SECONDS + 120,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)

    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    for name, row in rows.items():
        print(f"{name:>15}: {row['Request Count']:>6} requests, {row['Failure Count']} failed, "
              f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms")  # fmt: skip
    total = rows["Aggregated"]
    failures = Path(f"{prefix}_failures.csv").read_text()
    assert int(total["Failure Count"]) == 0, failures + locust.stderr[-3000:]
    # Every user browsed (on a loaded machine some see few pages: the bound is one list each).
    assert int(rows["list"]["Request Count"]) >= USERS, locust.stderr[-3000:]
    print(f"list p95 {rows['list']['95%']} ms over {written:,} entries, {USERS} users, {SECONDS} s")
