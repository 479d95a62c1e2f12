"""Demo of the "Panel access" tab through the real flow: wrong passwords sent to the panel's login
until axes locks the login (so `make run` shows failed logins and a lockout as they happen),
and drawn entries that only fill a journal for volume (`seed_journal`, `journal_bench`)."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from eventlog import demo
from eventlog.messages import Message

from . import codes
from .tab import ACCESS

#: A login nobody has, from a documentation address (RFC 5737): the lockout locks no one real.
USERNAME = "kasia.test"
ADDRESS = "203.0.113.7"


@demo.real_runs
def failed_logins() -> list[int]:
    """Wrong passwords until the demo login is locked, once; no job runs."""
    if AccessAttempt.objects.filter(username=USERNAME).exists():
        return []
    # The panel's own login view, as a browser would send it (a host the settings allow, over HTTPS).
    host = settings.ALLOWED_HOSTS[0]
    client = Client(REMOTE_ADDR=ADDRESS, SERVER_NAME=host, HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE)
    for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/login/", {"username": USERNAME, "password": f"haslo{attempt}"}, secure=True)
    return []


@demo.free_entries(ACCESS.slug, weight=1, volume_only=True)
def access(d: demo.Draw) -> demo.Row:
    username = d.r.choice(["admin", "support", "gosia", "marek.grafik", "root"])
    ip = f"198.51.100.{d.r.randrange(1, 255)}"
    return {
        "severity": "warning", "event_type": "login_failed", "initiator": "manual", "object_id": username,
        "message": Message(codes.LOGIN_FAILED, {"username": username, "ip": ip}),
        "data": {"username": username, "ip": ip, "path": "/login/"},
    }  # fmt: skip
