"""Demo data of the messaging tabs.

`make run` (demo_setup): real flows. A local SMTP server (devsmtp, aiosmtpd, in this
process) refuses a few addresses; transactional e-mails are sent through the shop's
backend, so the E-mail tab's rows are what the backend journalled, and a mailing is
sent by its job, so the Bulk mailing tab shows its queue record, its failures and its
summary. The drawn generators below only fill a journal for volume (seed_journal).
"""

from __future__ import annotations

import contextlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.test.utils import override_settings

from eventlog import demo

from . import actions, delivery, jobs
from .devsmtp import DROP, LocalSmtp
from .models import FailedEmail, Mailing, MailingKind
from .tab import BULK_MAILING, EMAIL

_REFUSED = {
    "jan.nowak@example.com": "550 5.1.1 <jan.nowak@example.com>: Recipient address rejected: User unknown",
    "magda.kowalska@example.com": "452 4.2.2 Mailbox full",
    "piotr.zielinski@example.com": "550 5.7.1 Message rejected as spam",
    "tomasz.wisniewski@example.com": DROP,
}
_TRANSACTIONAL = [
    ("Potwierdzenie zamówienia nr 104233", ["jan.nowak@example.com"]),
    ("Twoja paczka jest w drodze", ["magda.kowalska@example.com", "anna.lewandowska@example.com"]),
    ("Faktura do zamówienia nr 104240", ["piotr.zielinski@example.com"]),
    ("Reset hasła", ["zofia.kaminska@example"]),
    ("Zamówienie nr 104251 zostało wysłane", ["tomasz.wisniewski@example.com"]),
    ("Dziękujemy za zakupy", ["katarzyna.wojcik@example.com"]),
]


@demo.real_runs
def seed_demo() -> list[int]:
    """Failed transactional e-mails and one mailing really sent; once (none if done)."""
    if Mailing.objects.exists() or FailedEmail.objects.exists():
        return []
    with LocalSmtp(refuse=_REFUSED) as server:
        # The shop's backend delivering to the demo server (whatever MAILERS says outside the demo).
        backend = {"BACKEND": "integrations.messaging.backends.JournalEmailBackend",
                   "OPTIONS": {"deliver_with": delivery.DELIVERY_MAILER}}  # fmt: skip
        mailers = {"default": backend, delivery.DELIVERY_MAILER: server.mailer()}
        with override_settings(MAILERS=mailers):
            for subject, to in _TRANSACTIONAL:
                # A message no recipient took raises, as for any caller; its entries are written first.
                with contextlib.suppress(smtplib.SMTPException):
                    EmailMessage(subject, "Dzień dobry,\n\n…", settings.DEFAULT_FROM_EMAIL, to).send()
            emails = [f"{first}.{last}{i}@example.com" for i, (first, last) in enumerate(_people())]
            emails[3:3] = list(_REFUSED)
            mailing = actions.save_mailing(
                Mailing(name="Nowości listopada", kind=MailingKind.NEWSLETTER, subject="Nowości w sklepie",
                        body_text="Zobacz, co nowego w tym miesiącu.",
                        body_html="<p>Zobacz, co <strong>nowego</strong> w tym miesiącu.</p>"),
                emails,
            )  # fmt: skip
            run = actions.start_sending(mailing, user=None, in_process=True)
            jobs.send_mailing(run.pk)
    actions.save_mailing(
        Mailing(name="Kupon -15% na zimę", kind=MailingKind.DISCOUNT_COUPONS, subject="Twój kupon ZIMA15",
                body_text="Kod ZIMA15 daje 15% rabatu do końca miesiąca."),
        [f"{first}.{last}@example.com" for first, last in _people()[:12]],
    )  # fmt: skip
    return [run.pk]


def _people() -> list[tuple[str, str]]:
    return [(first, last) for first in demo.FIRST for last in demo.LAST[:4]]


@demo.free_entries(EMAIL.slug, weight=8, volume_only=True)
def email(d: demo.Draw) -> demo.Row:
    message, code = d.r.choice(
        [
            ("550 5.1.1 Skrzynka odbiorcy nie istnieje", "SMTP_NO_MAILBOX"),
            ("452 4.2.2 Skrzynka odbiorcy jest pełna", "SMTP_MAILBOX_FULL"),
            ("421 Serwer pocztowy chwilowo niedostępny", "SMTP_UNAVAILABLE"),
            ("Adres e-mail odbiorcy jest nieprawidłowy", "EMAIL_INVALID"),
        ]
    )
    return {
        "severity": "error", "event_type": d.r.choice(["send_failed"] * 3 + ["bounced"]),
        "message": message, "message_code": code, "object_type": "email", "object_id": d.email(),
        "data": {"subject": d.r.choice(["Potwierdzenie zamówienia", "Twoja paczka jest w drodze",
                                        "Reset hasła", "Faktura do zamówienia"])},
    }  # fmt: skip


@demo.free_entries(BULK_MAILING.slug, weight=8, volume_only=True)
def bulk_mailing(d: demo.Draw) -> demo.Row:
    kind = d.r.choice(["newsletter"] * 3 + ["discount_coupons", "newsletter_subscription", "other"])
    failed = d.r.random() < 0.4
    added = d.r.randrange(100, 20000)
    return {
        "severity": "error" if failed else "info", "event_type": kind,
        "message": "Odrzucono: adres na liście rezygnacji" if failed else "Oczekuje na wysłanie",
        "message_code": "MAILING_UNSUBSCRIBED" if failed else "",
        "object_type": "email", "object_id": d.email(),
        "data": {"mailing_name": d.r.choice(["Black Friday -30%", "Nowości listopada", "Kupon urodzinowy",
                                             "Wyprzedaż zimowa"]),
                 "added": added, "remaining": d.r.randrange(0, added)},
    }  # fmt: skip
