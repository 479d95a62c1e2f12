"""Handing one message to the delivery mailer and learning, per recipient, what failed.

Django's SMTP backend says only "sent" or raises, and a message refused for some of
its recipients counts as sent (smtplib's `sendmail` returns the refusals; the backend
drops them). Here an SMTP mailer's connection is driven directly so that every
refused recipient comes back with the server's reply; any other mailer (the file
backend of `make run`, locmem) is simply asked to send.

Nothing here raises for a failed send: every problem — a refused recipient, a bad
address, an SMTP error, a dropped connection, a timeout — comes back as a `Failure`.
"""

from __future__ import annotations

import contextlib
import copy
import email
import email.policy
import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.validators import validate_email

from eventlog.messages import Message

from . import codes

#: The mailer (a MAILERS alias) that really delivers; the journal's backend wraps it.
DELIVERY_MAILER = "delivery"

_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})")


@dataclass(frozen=True)
class Failure:
    """One recipient the message did not reach: what the journal says, and the code it maps to."""

    recipient: str
    code: str
    #: The server's reply as it was written ("550 5.1.1 No such mailbox"), or the project's own message.
    message: str | Message
    smtp_code: int | None = None


def open_mailer(alias: str = DELIVERY_MAILER) -> BaseEmailBackend:
    """A new connection object of the delivery mailer (MAILERS[alias]); not opened yet."""
    return mailers[alias]


def classify(smtp_code: int, reply: str) -> str:
    """The message code of an SMTP reply: its enhanced status code first, then the basic one.

    550 5.1.1 → SMTP_NO_MAILBOX, 452 4.2.2 → SMTP_MAILBOX_FULL, 421 → SMTP_UNAVAILABLE,
    5.1.3 (bad address syntax) → EMAIL_INVALID; other permanent errors SMTP_REJECTED,
    other temporary ones SMTP_UNAVAILABLE.
    """
    enhanced = _ENHANCED.match(reply)
    if enhanced:
        subject, detail = enhanced.group(2), enhanced.group(3)
        if (subject, detail) == ("1", "3"):
            return codes.INVALID
        if subject == "1":
            return codes.NO_MAILBOX
        if subject == "2" and detail == "2":
            return codes.MAILBOX_FULL
    if smtp_code in (550, 551, 553) and not enhanced:
        return codes.NO_MAILBOX
    if smtp_code in (452, 552):
        return codes.MAILBOX_FULL
    if 400 <= smtp_code < 500:
        return codes.UNAVAILABLE
    return codes.REJECTED


def _reply(smtp_code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{smtp_code} {' '.join(text.split())}"[:1000]


def refused(recipient: str, smtp_code: int, reply: bytes | str) -> Failure:
    text = _reply(smtp_code, reply)
    return Failure(recipient, classify(smtp_code, text.partition(" ")[2]), text, smtp_code)


def unavailable(recipient: str, error: BaseException | str) -> Failure:
    detail = error if isinstance(error, str) else (f"{type(error).__name__}: {error}".rstrip(": ") or "error")
    return Failure(recipient, codes.UNAVAILABLE, Message(codes.UNAVAILABLE, {"error": str(detail)[:300]}))


def invalid(recipient: str) -> Failure:
    return Failure(recipient, codes.INVALID, Message(codes.INVALID, {"address": recipient[:320]}))


def split_valid(backend: BaseEmailBackend, recipients: Sequence[str]) -> tuple[list[str], list[Failure]]:
    """(envelope addresses to send to, failures of the addresses that are not valid e-mail addresses)."""
    valid, failures = [], []
    for recipient in recipients:
        try:
            address = backend.prep_address(recipient) if isinstance(backend, SmtpBackend) else recipient
            validate_email(address)
        except (ValueError, ValidationError):
            failures.append(invalid(recipient))
        else:
            valid.append(address)
    return valid, failures


def mime_of(message: EmailMessage) -> bytes:
    """The message as it goes over SMTP (CRLF line ends), also what is kept for resending."""
    return message.message(policy=email.policy.SMTP).as_bytes()


def send(backend: BaseEmailBackend, message: EmailMessage) -> list[Failure]:
    """Send `message` through `backend` (opened here if needed, left open); the recipients it missed."""
    valid, failures = split_valid(backend, message.recipients())
    if not valid:
        return failures
    if isinstance(backend, SmtpBackend):
        try:
            sender = backend.prep_address(message.from_email)
        except ValueError as exc:
            return failures + [unavailable(r, f"sender {message.from_email!r}: {exc}") for r in valid]
        try:
            mime = mime_of(message)
        except (ValueError, TypeError) as exc:  # a header Django refuses to write
            return failures + [unavailable(r, exc) for r in valid]
        return failures + send_raw(backend, sender, valid, mime)
    if failures:
        # Only the valid addresses go to a mailer that has no envelope of its own.
        message = copy.copy(message)
        keep = set(valid)
        message.to = [a for a in message.to if a in keep]
        message.cc = [a for a in message.cc if a in keep]
        message.bcc = [a for a in message.bcc if a in keep]
    try:
        backend.send_messages([message])
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        return failures + [unavailable(r, exc) for r in valid]
    return failures


class _Raw(EmailMessage):
    """A message kept as MIME bytes, for a mailer that takes EmailMessage objects (file, locmem)."""

    def __init__(self, sender: str, recipients: Sequence[str], mime: bytes) -> None:
        super().__init__(from_email=sender, to=list(recipients))
        self._mime = mime

    def message(self, *, policy: Any = email.policy.default) -> Any:
        return email.message_from_bytes(self._mime, policy=policy)


def send_raw(backend: BaseEmailBackend, sender: str, recipients: Sequence[str], mime: bytes) -> list[Failure]:
    """Send MIME bytes to envelope `recipients`; the recipients it missed. An SMTP backend is left
    open (closed when its connection broke), so a batch reuses one connection."""
    if not isinstance(backend, SmtpBackend):
        try:
            backend.send_messages([_Raw(sender, recipients, mime)])
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            return [unavailable(r, exc) for r in recipients]
        return []
    try:
        backend.open()
        assert backend.connection is not None
        rejected = backend.connection.sendmail(sender, list(recipients), mime)
    except smtplib.SMTPRecipientsRefused as exc:
        return [refused(r, code, reply) for r, (code, reply) in exc.recipients.items()]
    except smtplib.SMTPResponseException as exc:  # sender refused, data refused, 421 at any step
        if exc.smtp_code == 421:
            _drop(backend)
        return [refused(r, exc.smtp_code, exc.smtp_error) for r in recipients]
    except (smtplib.SMTPException, OSError) as exc:  # disconnected, timed out, connection refused
        _drop(backend)
        return [unavailable(r, exc) for r in recipients]
    return [refused(r, code, reply) for r, (code, reply) in rejected.items()]


def _drop(backend: SmtpBackend) -> None:
    """Forget a broken connection, so that the next send opens a new one."""
    partial = getattr(backend, "_partial_connection", None)  # Django's half-opened connection
    for connection in (backend.connection, partial):
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()
    backend.connection = None
    backend._partial_connection = None  # type: ignore[attr-defined]


def close(backend: BaseEmailBackend) -> None:
    """Close the connection, quietly: what was sent is sent, a failing QUIT changes nothing."""
    try:
        backend.close()
    except (smtplib.SMTPException, OSError):
        if isinstance(backend, SmtpBackend):
            _drop(backend)
