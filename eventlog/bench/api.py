"""API throughput, for `journal_bench`: batches of 1,000 over real HTTP to gunicorn on loopback.

The bench starts `gunicorn config.wsgi` with the same settings and database (its
own rate limit lifted), sends the demo rows as JSON batches of 1,000 from several
concurrent clients over keep-alive connections, and reports rows written per
second (`api_rows_per_s`) and the 95th percentile of a batch's round trip
(`api_p95_ms`). Compare with `write_rows_per_s`, the in-process writer.
"""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings

from .. import demo, tabs
from ..api import keys
from ..messages import Message
from ..models import ApiKey

BATCH = 1000
#: The web service's shape on one machine: processes by threads, and the clients sending at once.
WORKERS = max(2, min(8, os.cpu_count() or 2))
THREADS = 2
CLIENTS = WORKERS * 2
_API_FIELDS = frozenset({"tab", "message", "occurred_at", "severity", "event_type", "message_code", "actor", "service",
                         "object_type", "object_id", "data"})  # fmt: skip


def measure_api(rows: int, progress: Callable[[str], None]) -> dict[str, float]:
    batches = [json.dumps(b).encode() for b in _batches(rows)]
    key, secret = keys.issue(f"bench-{uuid.uuid4().hex[:8]}", [t.slug for t in tabs.all_tabs()])
    port = _free_port()
    server = _start_gunicorn(port)
    try:
        _wait_until_up(port, server)
        progress(f"  gunicorn: {WORKERS} workers × {THREADS} threads, {CLIENTS} clients, {len(batches)} batches")
        _send_all(port, secret, batches[: min(len(batches), CLIENTS)])  # warm up every worker's imports and connection
        started = time.perf_counter()
        latencies = _send_all(port, secret, batches)
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        ApiKey.objects.filter(pk=key.pk).delete()
    written = sum(len(json.loads(b)) for b in batches)
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
    progress(f"  API: {written:,} rows in {seconds:.1f} s, a batch's p95 {p95 * 1000:.0f} ms")
    return {"api_rows_per_s": written / seconds, "api_p95_ms": p95 * 1000}


def _batches(rows: int) -> list[list[dict[str, Any]]]:
    records = []
    for row in itertools.islice(demo.generate(rows, 1, seed=4343), rows):
        record = {name: value for name, value in row.items() if name in _API_FIELDS}
        message = record["message"]
        if isinstance(message, Message):
            record["message"], record["message_code"] = message.stored(), message.code
        if isinstance(record.get("occurred_at"), dt.datetime):
            record["occurred_at"] = record["occurred_at"].isoformat()
        records.append(record)
    return [records[i : i + BATCH] for i in range(0, len(records), BATCH)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "JOURNAL_API_RATE_PER_MINUTE": str(10**9)}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--threads", str(THREADS),
        "--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 30 s")


def _send_all(port: int, secret: str, batches: list[bytes]) -> list[float]:
    """Send every batch, CLIENTS at a time, each client on its own keep-alive connection; the round trips (s)."""
    work = iter(batches)
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}

    def client() -> list[float]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        times = []
        for body in work:  # the iterator is shared: each batch is sent once
            started = time.perf_counter()
            connection.request("POST", "/api/v1/entries", body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != 201:
                raise RuntimeError(f"the API answered {response.status}: {answer[:300]!r}")
            times.append(time.perf_counter() - started)
        connection.close()
        return times

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = [pool.submit(client) for _ in range(CLIENTS)]
        return [t for r in results for t in r.result()]
