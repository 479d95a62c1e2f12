"""`GET /healthz`: is this web process able to serve? For load balancers, compose and monitoring.

JSON `{"status": "ok" | "fail", "checks": {"database": …, "cache": …, "broker": …,
"storage": …}}`, each check "ok" or "fail"; 200 when all are ok, else 503. The body says
nothing more (no host, version or error text: the probe's URL is public); what failed
and why goes to the log.

The probe comes from inside the deployment: a container's health check on 127.0.0.1, a
load balancer on the pod's own address, over plain HTTP. So `HealthCheckMiddleware`, the
first middleware, answers that one path before `SecurityMiddleware` (the HTTPS redirect)
and before anything calls `request.get_host()` (ALLOWED_HOSTS), with no session, user or
CSRF cookie. Nothing is written to the database; the cache check writes one short-lived
key, because with `maxmemory-policy noeviction` a full Redis still answers reads but
refuses writes, and that is an outage for the panel.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)

#: The one path the middleware answers (no trailing slash: what probes are configured with).
PATH = "/healthz"
#: Seconds the broker check may take to connect: a probe's own timeout is a few seconds.
BROKER_TIMEOUT_SECONDS = 2
#: Folders that the web process and the workers share (exports written by workers,
#: ERP packages uploaded by the panel), by setting name; a missing setting is skipped.
SHARED_FOLDER_SETTINGS = ("JOURNAL_EXPORT_DIR", "ERP_INBOX_DIR", "ERP_OUTBOX_DIR")


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


def check_storage() -> None:
    """Each shared folder is writable, or can be created under a writable parent; raises OSError."""
    for name in SHARED_FOLDER_SETTINGS:
        folder = getattr(settings, name, None)
        if folder is None:
            continue
        path = Path(folder)
        while not path.exists() and path != path.parent:
            path = path.parent
        if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
            raise OSError(f"{name}: {folder} is not writable")


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
    return JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers PATH itself, before the HTTPS redirect and the host check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
