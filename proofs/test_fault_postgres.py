"""PostgreSQL restarted in the middle of a job (issue 11, §3 and §1.10).

A PostgreSQL of the module's own (tests/servers.py, port 55432) holds the journal; a Celery
worker runs an export of 4,000 entries from it, slowed between its batches so that the
restart falls in the middle. The server is stopped (`pg_ctl stop -m fast`: every connection is
cut), kept down while the panel is asked for pages, then started again:

- while it is down, the panel (gunicorn against that database) answers its translated 503
  page to a signed-in user, the API a 503 problem with Retry-After, /healthz "database: fail";
- once it is back, the same gunicorn process serves the user again (same session; and after a
  quick `pg_ctl restart -m fast` its kept connections are replaced at the next request), and the
  job is tried again (the run lifecycle's retry of a passing fault, or beat's recovery of a run
  whose worker could not even record the fault), ending "succeeded" with one complete file —
  every entry exactly once — and one journal entry for the export.

Beat is played by a process that calls `eventlog.runs.recover_stale` every second (beat does
it every minute) with JOURNAL_RUN_STALE_SECONDS at its minimum of 10 s.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings as django_settings

from tests.servers import PostgresServer, private_postgres, web_server
from tests.workers import wait_for, worker

__all__ = ["private_postgres", "web_server", "worker"]

ENTRIES = 4000
#: Fills the private database (entries, a shop admin) and queues the export, as the panel would;
#: or, with "beat", plays beat's stale-run recovery every second until it is stopped.
PRODUCER = """
import json, sys, time
import django
django.setup()
from django.contrib.auth.models import User
from django.db import DatabaseError, close_old_connections, transaction
from django.utils import timezone
from eventlog import runs, writer
if sys.argv[1] == "seed":
    User.objects.create_superuser("root", "root@example.com", "secret-pass-123")
    now = timezone.now()
    ids = writer.record_many(
        {"tab": "sms", "severity": "error", "message": f"Bramka odrzuciła SMS {i}", "occurred_at": now}
        for i in range(int(sys.argv[2]))
    )
    with transaction.atomic():
        run = runs.queue(runs.EXPORT, tab="sms", params={"query": "", "format": "csv", "language": "en"})
    print(json.dumps({"run": run.pk, "ids": ids}))
else:
    while True:
        try:
            recovered = runs.recover_stale()
            if recovered.resumed or recovered.failed:
                print(json.dumps(recovered.__dict__), flush=True)
        except DatabaseError:
            close_old_connections()  # the server is down: try again next time, as beat would
        time.sleep(1)
"""


def project_env(server: PostgresServer, exports: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": server.url,
        "JOURNAL_EXPORT_DIR": str(exports),
        "JOURNAL_RUN_STALE_SECONDS": "10",
        "JOURNAL_RUN_RETRY_SECONDS": "1",
        "CONN_MAX_AGE": "0",
    }


@pytest.fixture
def beat(tmp_path) -> Iterator[Callable[[dict[str, str]], subprocess.Popen]]:
    started: list[subprocess.Popen] = []

    def start(env: dict[str, str]) -> subprocess.Popen:
        log = (tmp_path / "beat.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", PRODUCER, "beat"], cwd=django_settings.BASE_DIR, env={**os.environ, **env},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def run_row(server: PostgresServer, run_id: int) -> dict:
    """The run as the private database holds it (None while the server is down)."""
    try:
        with psycopg.connect(server.url, connect_timeout=2) as conn:
            row = conn.execute(
                "SELECT status, attempts, progress_done, summary, error FROM eventlog_run WHERE id = %s", (run_id,)
            ).fetchone()
    except psycopg.OperationalError:
        return {}
    return dict(zip(("status", "attempts", "progress_done", "summary", "error"), row, strict=True))


def sign_in(web, username: str, password: str) -> dict[str, str]:
    page = web.get("/login/", headers={"Accept-Language": "en"})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = requests.post(
        web.url + "/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        cookies=page.cookies, headers={"Referer": web.url + "/login/"}, timeout=30, allow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 302, response.text[:500]
    return {**page.cookies.get_dict(), **response.cookies.get_dict()}


def test_a_job_survives_a_postgresql_restart_and_the_panel_says_it_is_unavailable(
    private_postgres, web_server, worker, beat, tmp_path
):
    started = time.monotonic()
    server, exports = private_postgres, tmp_path / "exports"
    env = project_env(server, exports)
    seeded = subprocess.run(
        [sys.executable, "-c", PRODUCER, "seed", str(ENTRIES)], cwd=django_settings.BASE_DIR,
        env={**os.environ, **env}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    produced = json.loads(seeded.stdout.strip().splitlines()[-1])
    run_id, ids = produced["run"], produced["ids"]

    # The panel keeps its connections (production's CONN_MAX_AGE), so a restart breaks them under it.
    web = web_server(**{**env, "CONN_MAX_AGE": "60"})
    session = sign_in(web, "root", "secret-pass-123")
    # 40 batches of 100 rows, 0.2 s between them: the restart falls in the middle.
    worker("pg-restart", JOURNAL_RUN_BATCH_PAUSE_SECONDS="0.2", **env)
    wait_for(lambda: 0 < run_row(server, run_id).get("progress_done", 0) < ENTRIES, "the export made progress")
    # Beat from now on (a worker that takes longer than 10 s to start would look dead to it before).
    beat(env)

    server.stop()
    try:
        for language, heading in (("en", "Journal temporarily unavailable"), ("pl", "Dziennik chwilowo niedostępny")):
            page = web.get("/journal/sms/", headers={"Accept-Language": language}, cookies=session)
            assert page.status_code == 503
            assert page.headers["Retry-After"] == "30"
            assert f'<h1 class="h4" id="error-title">{heading}</h1>' in page.text
            assert "Traceback" not in page.text and "Server Error" not in page.text
        api = web.get("/api/v1/entries?tab=sms", headers={"Authorization": "Bearer dz_anykey"})
        assert (api.status_code, api.headers["Retry-After"]) == (503, "30")
        assert api.json()["type"] == "/api/v1/problems/database-unavailable"
        assert web.get("/healthz").json()["checks"]["database"] == "fail"
    finally:
        server.start()

    # The same gunicorn process, not restarted, serves the same signed-in user again.
    wait_for(lambda: web.get("/healthz").status_code == 200, "the panel reconnected")
    assert web.get("/journal/sms/", headers={"Accept-Language": "en"}, cookies=session).status_code == 200

    wait_for(lambda: run_row(server, run_id)["status"] not in ("queued", "running"), "the export finished")
    run = run_row(server, run_id)
    assert run["status"] == "succeeded", run
    assert run["attempts"] == 2 and run["progress_done"] == ENTRIES  # the attempt cut off, and the one that ended
    with (exports / f"export-{run_id}.csv").open(encoding="utf-8-sig", newline="") as file:
        exported = [int(row[0]) for row in list(csv.reader(file))[1:]]
    assert sorted(exported) == sorted(ids)  # every entry once: nothing lost, nothing twice
    assert [path.name for path in exports.iterdir()] == [f"export-{run_id}.csv"]  # no half file left
    with psycopg.connect(server.url) as conn:
        recorded = conn.execute("SELECT count(*) FROM eventlog_entry WHERE event_type = 'records_exported'")
        assert recorded.fetchone()[0] == 1

    # A quick restart (`pg_ctl restart -m fast`) between two requests: the panel's kept connections
    # are broken, and the next request replaces its own (CONN_HEALTH_CHECKS) instead of failing.
    server.restart()
    for _ in range(8):  # more requests than gunicorn has threads: each thread's connection is checked
        assert web.get("/journal/sms/", headers={"Accept-Language": "en"}, cookies=session).status_code == 200
    print(f"PostgreSQL restart mid-export: attempts {run['attempts']}, {time.monotonic() - started:.1f} s")
