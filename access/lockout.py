"""When a locked login may be tried again, and the page that says so (django-axes' AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

#: No account has a longer username (Django's User.username); axes keeps at most 255 characters.
USERNAME_CHARS = 150


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The username a login attempt is counted under (AXES_USERNAME_CALLABLE): as typed, cut to 150 characters.

    Typed text is outside text: a 400-character username made axes' own insert fail (a 500).
    Cut, every longer variant of one prefix counts as the same login, which locks no real user.
    """
    source = credentials if credentials else getattr(request, "data", request.POST)
    username = source.get("username") if source else None
    if username is None:
        return None
    return str(username).replace("\x00", "")[:USERNAME_CHARS]


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> dt.datetime | None:
    """The end of the lockout of this request's login (username and address), or None when it is not locked.

    The lockout lasts AXES_COOLOFF_TIME from the failure that caused it (attempts while it
    lasts do not prolong it: AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off).
    """
    handler = AxesProxyHandler.get_implementation()
    cool_off = get_cool_off(request)
    if cool_off is None or not handler.is_locked(request, credentials):
        return None
    latest = [
        attempts.aggregate(last=Max("attempt_time"))["last"]
        for attempts in handler.get_user_attempts(request, credentials)
    ]
    times = [moment for moment in latest if moment is not None]
    return max(times) + cool_off if times else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """429 in the panel's layout: the login is locked, until when, and what to do meanwhile."""
    until = locked_until(request, credentials) or timezone.now() + (get_cool_off(request) or dt.timedelta())
    context = {"username": get_client_username(request, credentials) or "", "until": until}
    return render(request, "registration/locked_out.html", context, status=429)
