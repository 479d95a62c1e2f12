"""The e-mail backend of the shop (MAILERS["default"]): every failed recipient is a record in
the E-mail tab; a message that reached everyone writes nothing.

It wraps the mailer that really delivers (`OPTIONS["deliver_with"]`, MAILERS["delivery"]:
SMTP in production, Django's file backend in `make run` with no EMAIL_HOST):

    MAILERS = {
        "default": {"BACKEND": "integrations.messaging.backends.JournalEmailBackend",
                    "OPTIONS": {"deliver_with": "delivery"}},
        "delivery": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                     "OPTIONS": {"host": "smtp.example.com", "port": 587, "use_tls": True}},
    }

One entry per recipient that was refused (550, 452, …), had a bad address, or was lost to an
SMTP error, a dropped connection or a timeout; the others are delivered. `fail_silently` is
honoured for the caller — a message delivered to nobody raises unless it is set — and the
failure is journalled either way.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from . import delivery, failures

log = logging.getLogger(__name__)


class JournalEmailBackend(BaseEmailBackend):
    def __init__(self, *, deliver_with: str = delivery.DELIVERY_MAILER, fail_silently: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.fail_silently = fail_silently
        self.deliver_with = deliver_with
        self.inner: BaseEmailBackend | None = None

    def _inner(self) -> BaseEmailBackend:
        if self.inner is None:
            self.inner = delivery.open_mailer(self.deliver_with)
        return self.inner

    def open(self) -> bool:
        # Opened on the first send: a failure to connect is then a journalled failure, not an exception here.
        return self.inner is None and self._inner() is not None

    def close(self) -> None:
        if self.inner is not None:
            delivery.close(self.inner)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Send each message; returns how many reached at least one recipient."""
        sent = 0
        backend = self._inner()
        try:
            for message in email_messages:
                recipients = message.recipients()
                if not recipients:
                    continue
                missed = delivery.send(backend, message)
                self._journal(message, missed)
                if len(missed) < len(recipients):
                    sent += 1
                elif not self.fail_silently:
                    raise _error(missed)
        finally:
            self.close()
        return sent

    def _journal(self, message: EmailMessage, missed: list[delivery.Failure]) -> None:
        if not missed:
            return
        try:
            mime = delivery.mime_of(message)
        except (ValueError, TypeError):
            mime = b""  # a message that cannot even be rendered (a bad header): nothing to keep
        try:
            failures.record(missed, sender=str(message.from_email), subject=str(message.subject), mime=mime)
        except Exception:
            # The journal being down must not turn a send into a crash of the caller's request.
            log.exception("could not journal %s failed recipients of %r", len(missed), message.subject)


def _error(missed: list[delivery.Failure]) -> smtplib.SMTPException:
    """What Django's SMTP backend raises for a message that reached nobody."""
    if all(f.smtp_code for f in missed):
        return smtplib.SMTPRecipientsRefused({f.recipient: (f.smtp_code or 0, _text(f).encode()) for f in missed})
    return smtplib.SMTPException("; ".join(f"{f.recipient}: {_text(f)}" for f in missed))


def _text(failure: delivery.Failure) -> str:
    message = failure.message
    return message if isinstance(message, str) else message.stored()
