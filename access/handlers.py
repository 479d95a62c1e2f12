"""Receivers of the login signals; each calls one action of access/actions.py.

A login happens inside django.contrib.auth and django-axes, so their signals are the
only place to see it: Django's `user_login_failed` (every failed login, also one refused
because it is locked), axes' `user_locked_out` (sent by axes on the failure that locks
the login, and again on each refused try: only the first is a lockout) and the deletion
of a still-locking axes attempt (an unlock in Django admin or by `manage.py axes_reset…`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.conf import settings as axes_settings
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_delete
from django.http import HttpRequest
from django.utils import timezone

from . import actions
from .lockout import locked_until

#: A lockout seen before its failure was recorded (request attribute).
_PENDING_LOCKOUT = "_access_pending_lockout"


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="access.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="access.locked_out")
    post_delete.connect(on_attempt_deleted, sender=AccessAttempt, dispatch_uid="access.attempt_deleted")


def _ip(request: HttpRequest) -> str | None:
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


def _refused_while_locked(request: HttpRequest) -> bool:
    # axes' backend marks a request it refused as locked before the failure is handled; on the
    # failure that *causes* a lockout axes also counts the failures, which it never does for a refused one.
    counted = getattr(request, "axes_failures_since_start", None)
    return bool(getattr(request, "axes_locked_out", False)) and counted is None


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Record a failed web login (a login without a request, in a shell, is no web attempt), then its lockout."""
    if request is None:
        return
    username = get_client_username(request, credentials) or ""
    until = locked_until(request, credentials) if _refused_while_locked(request) else None
    actions.login_failed(username=str(username), ip=_ip(request), path=request.path, locked_until=until)
    request._access_failure_recorded = True  # type: ignore[attr-defined]
    pending = getattr(request, _PENDING_LOCKOUT, None)
    if pending is not None:
        actions.locked_out(**pending)


def on_locked_out(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Record a lockout when it begins (not each refused try while it lasts), after the failure that caused it.

    axes sends this from its own `user_login_failed` receiver, which runs before ours: the
    lockout then waits on the request until the failure is recorded, so the tab reads in order.
    """
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return
    credentials = getattr(request, "axes_credentials", None)
    until = locked_until(request, credentials) or timezone.now() + (get_cool_off(request) or dt.timedelta())
    lockout = {"username": str(username or ""), "ip": ip_address, "path": request.path, "until": until,
               "failures": failures}  # fmt: skip
    if getattr(request, "_access_failure_recorded", False):
        actions.locked_out(**lockout)
    else:
        setattr(request, _PENDING_LOCKOUT, lockout)


def on_attempt_deleted(sender: Any, instance: AccessAttempt, **kwargs: Any) -> None:
    """Record an unlock: attempts deleted while they still lock the login (expired ones go quietly)."""
    cool_off = get_cool_off()
    still_locking = instance.failures_since_start >= axes_settings.AXES_FAILURE_LIMIT and (
        cool_off is None or instance.attempt_time + cool_off > timezone.now()
    )
    if still_locking:
        actions.unlocked(username=instance.username or "", ip=instance.ip_address)
