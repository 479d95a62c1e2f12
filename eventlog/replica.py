"""Reads from a PostgreSQL streaming replica: which reads, when, and what happens when it lags or is gone.

With DATABASE_REPLICA_URL set, settings.py adds the database alias "replica" and config/routers.py
asks `routes_to_replica(model)` for every ORM read. The answer is yes only when all of these hold:

- the code asked for it, inside `reads(purpose)`: `ReplicaReadsMiddleware` opts in the GET and HEAD
  requests of the journal's overview, tab lists, entry pages, search and exports (REPLICA_VIEWS), and
  an export job opts in its reads; nothing else does (primary unless opted in: a forgotten place
  reads fresh data, where "replica unless excluded" would make a forgotten place read stale data);
- the model is one whose reads tolerate lag (REPLICA_MODELS: the journal's entries). Sessions, users,
  permissions, django-axes' attempts, runs (their progress, claims and heartbeats) and everything else
  always read the primary, even in an opted-in request: a login followed by a redirect never misses
  its session, and a run's page never shows its progress going backwards;
- no transaction is open on the primary (`transaction.atomic`): a read beside a write must see it;
- the user changed nothing in the last DATABASE_REPLICA_FRESH_SECONDS (read-your-writes): after a
  POST, PUT, PATCH or DELETE the middleware gives them a signed cookie that keeps their reads on
  the primary for that long, so the list they are sent back to shows what they just did;
- the replica answers and is at most DATABASE_REPLICA_MAX_LAG_SECONDS behind (one query per opted-in
  request or job, `state()`); otherwise the reads go to the primary, and the log says why, once per
  RETRY_SECONDS per process.

Writes always go to the primary (the router), and the writer (eventlog.writer) uses the primary's
connection itself. Without DATABASE_REPLICA_URL nothing here does anything: one database, as before.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

#: The database alias settings.py gives the replica.
ALIAS = "replica"
#: Models whose reads may come from the replica (`Model._meta.label_lower`).
REPLICA_MODELS = frozenset({"eventlog.entry"})
#: URL names whose GET and HEAD requests read from the replica.
REPLICA_VIEWS = frozenset(
    {
        "eventlog:overview",
        "eventlog:tab",
        "eventlog:detail",
        "eventlog:search",
        "eventlog:export_xlsx",
        "eventlog:export_csv",
    }
)
#: After a failed or lagging probe, this many seconds of reads go to the primary without asking the
#: replica again: a replica that does not answer costs one connect timeout per process, not one a request.
RETRY_SECONDS = 5.0
#: The read-your-writes cookie: signed (a forged or edited one is ignored), it says only "until when".
COOKIE = "dz_primary"
_SALT = "eventlog.replica.fresh"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

_reading: ContextVar[bool] = ContextVar("dziennik_replica_reads", default=False)
#: Per process: time.monotonic() until which the replica is not asked (see RETRY_SECONDS).
_skip_until = 0.0

# The replica's delay, 0 when it has replayed all it received (an idle primary sends nothing, and the
# last replayed transaction's age would then grow though the replica is up to date).
_STATE_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


@dataclass(frozen=True)
class ReplicaState:
    """What the replica says of itself: whether it is a standby, and how far behind (seconds, ≥ 0)."""

    in_recovery: bool
    lag_seconds: float


def configured() -> bool:
    """Whether a replica is configured (DATABASE_REPLICA_URL)."""
    return ALIAS in settings.DATABASES


def state() -> ReplicaState:
    """Ask the replica (one query on its connection); raises DatabaseError when it does not answer.

    Not in recovery means the URL names a primary (or a promoted replica): its lag is 0. The lag is
    measured on the replica alone, so a replica cut off from its primary reads as up to date (0) while
    it has replayed all it received; the primary's `pg_stat_replication` tells that case apart.
    """
    with connections[ALIAS].cursor() as cursor:
        cursor.execute(_STATE_SQL)
        in_recovery, lag = cursor.fetchone()
    return ReplicaState(bool(in_recovery), max(0.0, float(lag)))


def _usable(purpose: str) -> bool:
    global _skip_until
    if time.monotonic() < _skip_until:
        return False
    try:
        current = state()
    except DatabaseError as exc:
        # Closed, so that the next probe connects afresh instead of failing on the broken connection.
        connections[ALIAS].close_if_unusable_or_obsolete()
        _skip_until = time.monotonic() + RETRY_SECONDS
        log.warning(
            "The database replica does not answer (%s: %s): %s reads use the primary for the next %d s.",
            type(exc).__name__, str(exc).strip(), purpose, RETRY_SECONDS,
        )  # fmt: skip
        return False
    limit = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    if current.lag_seconds > limit:
        _skip_until = time.monotonic() + RETRY_SECONDS
        log.warning(
            "The database replica is %.1f s behind (more than DATABASE_REPLICA_MAX_LAG_SECONDS=%s): "
            "%s reads use the primary for the next %d s.",
            current.lag_seconds, limit, purpose, RETRY_SECONDS,
        )  # fmt: skip
        return False
    return True


def _start(purpose: str) -> Token[bool] | None:
    if not configured() or not _usable(purpose):
        return None
    return _reading.set(True)


@contextmanager
def reads(purpose: str) -> Iterator[bool]:
    """Inside, the reads of REPLICA_MODELS go to the replica (outside transactions); yields whether they do.

    `purpose` names the reads in the log ("export job") when the replica cannot be used; they then
    go to the primary, and the block runs all the same. Without a replica it yields False.
    """
    token = _start(purpose)
    try:
        yield token is not None
    finally:
        if token is not None:
            _reading.reset(token)


def routes_to_replica(model: type[Any]) -> bool:
    """Whether a read of `model` goes to the replica now (config/routers.py; see the module's rules)."""
    return (
        _reading.get()
        and model._meta.label_lower in REPLICA_MODELS
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


def wrote_recently(request: HttpRequest) -> bool:
    """Whether the request carries a valid read-your-writes cookie (set within FRESH_SECONDS)."""
    seconds = settings.DATABASE_REPLICA_FRESH_SECONDS
    return bool(seconds) and request.get_signed_cookie(COOKIE, default=None, salt=_SALT, max_age=seconds) is not None


class ReplicaReadsMiddleware:
    """Opts the journal's read-only pages into replica reads, and keeps a user who just wrote on the primary.

    Placed after AuthenticationMiddleware: its cookie is set for the user a request leaves signed in
    (the login's own POST included). A request for any other page, an unsafe method, or a user with
    the cookie reads only the primary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            token = request.__dict__.pop("_replica_token", None)
            if token is not None:
                _reading.reset(token)
        if (
            configured()
            and settings.DATABASE_REPLICA_FRESH_SECONDS
            and request.method not in _SAFE_METHODS
            and request.user.is_authenticated
        ):
            seconds = settings.DATABASE_REPLICA_FRESH_SECONDS
            response.set_signed_cookie(
                COOKIE, "1", salt=_SALT, max_age=seconds, secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                samesite="Lax",
            )  # fmt: skip
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if (
            configured()
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in REPLICA_VIEWS
            and not wrote_recently(request)
        ):
            token = _start(f"{match.view_name} page")
            if token is not None:
                request.__dict__["_replica_token"] = token
