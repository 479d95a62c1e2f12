"""Demo entries of the messaging tabs: failed e-mails and bulk mailings."""

from __future__ import annotations

from eventlog import demo

from .tab import BULK_MAILING, EMAIL


@demo.free_entries(EMAIL.slug, weight=8)
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


@demo.free_entries(BULK_MAILING.slug, weight=8)
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
