"""`GET /healthz`: is this web process able to serve? For load balancers, compose and monitoring.

JSON `{"status": "ok" | "fail", "checks": {"database": …, "cache": …, "broker": …,
"storage": …}}`, each check "ok" or "fail"; 200 when all are ok, else 503. The body says
nothing more (no host, version or error text: the probe's URL is public); what failed
and why goes to the log. "storage" is every named file storage of FILE_STORAGES (exports,
ERP inbox and outbox: config/settings.py), see `check_storage`. With a replica configured,
"replica" ("ok", "lagging", "fail") and "replica_lag_seconds" are added for monitoring; they
never change the status (see `replica_report`).

The probe comes from inside the deployment: a container's health check on 127.0.0.1, a
load balancer on the pod's own address, over plain HTTP. So `HealthCheckMiddleware`, the
first middleware, answers that one path before `SecurityMiddleware` (the HTTPS redirect)
and before anything calls `request.get_host()` (ALLOWED_HOSTS), with no session, user or
CSRF cookie. Nothing is written to the database; the cache check writes one short-lived
key, because with `maxmemory-policy noeviction` a full Redis still answers reads but
refuses writes, and that is an outage for the panel.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import replica

log = logging.getLogger(__name__)

#: The one path the middleware answers (no trailing slash: what probes are configured with).
PATH = "/healthz"
#: Seconds the broker check may take to connect: a probe's own timeout is a few seconds.
BROKER_TIMEOUT_SECONDS = 2
#: Seconds all the file storages together may take to answer (S3: one LIST request each, in parallel).
STORAGE_TIMEOUT_SECONDS = 3
#: A name under each storage's root that nothing is saved under: listing it is one cheap request.
STORAGE_PROBE = "healthz-probe"


def check_database() -> None:
    """One `SELECT 1` on the default database; raises what the driver raises."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A broken connection would fail every later probe of this process: start afresh.
        connection.close_if_unusable_or_obsolete()
        raise


def check_cache() -> None:
    """Write and read back one key of the default cache (10 s); raises if it does not come back."""
    key = f"healthz:{os.getpid()}"
    value = str(time.time_ns())
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just written")


def check_broker() -> None:
    """Connect to Celery's broker (Redis: a PING on a new connection); raises on failure."""
    with current_app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS)


def _check_one_storage(name: str) -> None:
    """One named file storage answers (see `check_storage`); raises what the storage raises, or OSError."""
    store: Storage = storages[name]
    if not isinstance(store, FileSystemStorage):  # object storage (S3): one listing
        # FileNotFoundError is an answer too: there is nothing under that name.
        with contextlib.suppress(FileNotFoundError):
            store.listdir(STORAGE_PROBE)
        return
    folder = Path(store.path(""))
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise OSError(f"storage {name}: {store.path('')} is not writable and cannot be created")


_pool: tuple[int, ThreadPoolExecutor] | None = None
_pool_lock = threading.Lock()


def _storage_pool() -> ThreadPoolExecutor:
    """This process's threads for the storage checks (a forked process makes its own)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz-storage"))
        return _pool[1]


def check_storage() -> None:
    """Each named file storage (FILE_STORAGES) is reachable, within STORAGE_TIMEOUT_SECONDS in all.

    A local folder (a FileSystemStorage, or a subclass) exists, or can be created under a
    writable parent, and is writable; any other storage (S3) answers one listing of a
    name that holds nothing — for S3 one LIST request, which fails when the bucket is
    missing or the credentials are refused. Those requests run in a few threads of this
    process, so that a server that hangs fails the probe in time (its thread finishes
    when the client's own timeout ends it). Raises the first failure, or TimeoutError.
    """
    names = list(settings.FILE_STORAGES)
    futures = [_storage_pool().submit(_check_one_storage, name) for name in names]
    deadline = time.monotonic() + STORAGE_TIMEOUT_SECONDS
    for name, future in zip(names, futures, strict=True):
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout as exc:
            raise TimeoutError(f"storage {name} did not answer within {STORAGE_TIMEOUT_SECONDS} s") from exc


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks() -> dict[str, str]:
    """Each check's outcome, "ok" or "fail", in the order of CHECKS; failures are logged."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:
            log.warning("health check %s failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = "fail"
        else:
            results[name] = "ok"
    return results


@never_cache
@login_not_required
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The health of this web process: 200 when every check is ok, else 503 (see the module)."""
    checks = run_checks()
    healthy = all(outcome == "ok" for outcome in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "fail", "checks": checks}
    if replica.configured():
        body.update(replica_report())
    return JsonResponse(body, status=200 if healthy else 503)


def replica_report() -> dict[str, object]:
    """`{"replica": "ok" | "lagging" | "fail", "replica_lag_seconds": float | None}`, for monitoring only.

    Never part of the status: without its replica the panel reads the primary (eventlog/replica.py), and a
    failing probe would take every web process out of the load balancer for want of something optional.
    """
    try:
        state = replica.state()
    except Exception as exc:
        log.warning("health check replica failed: %s: %s", type(exc).__name__, exc)
        return {"replica": "fail", "replica_lag_seconds": None}
    lagging = state.lag_seconds > settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    return {"replica": "lagging" if lagging else "ok", "replica_lag_seconds": round(state.lag_seconds, 3)}


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers PATH itself, before the HTTPS redirect and the host check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
