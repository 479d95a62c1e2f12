"""What the "Panel access" tab records; every entry goes through the journal's writer.

Called by the login signals (access/handlers.py) and by the reveal of personal data
(access/views.py). Outside text (the username someone typed) is cut to the journal's
field lengths; the password is never passed here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from eventlog import writer
from eventlog.messages import Message
from eventlog.models import Entry, Initiator, Severity

from . import codes
from .tab import ACCESS

#: Entry.object_id holds at most 128 characters; a longer typed username is cut (it is kept whole nowhere).
_USERNAME_CHARS = 128


def _shown_time(moment: dt.datetime) -> str:
    # In the shop's time zone, to the minute: the lockout page and the entry say the same time.
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _login_fields(username: str, ip: str | None, path: str) -> dict[str, Any]:
    username = username[:_USERNAME_CHARS]
    return {"object_id": username, "data": {"username": username, "ip": ip or "", "path": path[:200]}}


def _record(severity: str, event_type: str, initiator: str, code: str, params: dict[str, Any], **fields: Any) -> Entry:
    return writer.record(
        tab=ACCESS.slug, severity=severity, event_type=event_type, initiator=initiator,
        message=Message(code, params), **fields,
    )  # fmt: skip


def login_failed(*, username: str, ip: str | None, path: str, locked_until: dt.datetime | None = None) -> Entry:
    """A failed login (a wrong password, or refused because the login is locked until `locked_until`)."""
    fields = _login_fields(username, ip, path)
    params = {"username": fields["object_id"], "ip": ip or "?"}
    if locked_until is None:
        return _record(Severity.WARNING, "login_failed", Initiator.MANUAL, codes.LOGIN_FAILED, params, **fields)
    fields["data"]["until"] = locked_until.isoformat()
    params["until"] = _shown_time(locked_until)
    return _record(Severity.WARNING, "login_refused", Initiator.MANUAL, codes.LOGIN_REFUSED, params, **fields)


def locked_out(*, username: str, ip: str | None, path: str, until: dt.datetime, failures: int) -> Entry:
    """A login (username from an address) locked until `until` after `failures` failed attempts."""
    fields = _login_fields(username, ip, path)
    fields["data"].update(until=until.isoformat(), failures=failures)
    params = {"username": fields["object_id"], "ip": ip or "?", "until": _shown_time(until), "failures": failures}
    return _record(Severity.ERROR, "locked_out", Initiator.AUTOMATIC, codes.LOCKED_OUT, params, **fields)


def unlocked(*, username: str, ip: str | None) -> Entry:
    """A lockout lifted before its end (its attempts deleted in Django admin or by `manage.py axes_reset…`)."""
    fields = _login_fields(username, ip, "")
    params = {"username": fields["object_id"], "ip": ip or "?"}
    return _record(Severity.INFO, "unlocked", Initiator.MANUAL, codes.UNLOCKED, params, **fields)


def personal_data_revealed(*, reader: str, entry: Entry) -> Entry:
    """`reader` showed the customer's personal data of `entry` in full (the entry page's button)."""
    params = {"user": reader, "entry": str(entry.pk), "tab": entry.tab}  # an id, not a number to group
    return _record(
        Severity.INFO, "personal_data_revealed", Initiator.MANUAL, codes.PERSONAL_REVEALED, params,
        actor=reader, object_id=reader, data={"entry": entry.pk, "tab": entry.tab},
    )  # fmt: skip
