"""Demo entries of the messaging tabs: failed e-mails, bulk mailings and SMS."""

from __future__ import annotations

from eventlog import demo

from .tab import BULK_MAILING, EMAIL, SMS


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


@demo.free_entries(SMS.slug, weight=15)
def sms(d: demo.Draw) -> demo.Row:
    status = d.r.choice(["sent", "delivered", "delivered", "waiting", "failed"])
    return {
        "severity": {"failed": "error", "waiting": "warning"}.get(status, "success"),
        "event_type": status,
        "message": d.r.choice(["Twoje zamówienie nr {} zostało wysłane.", "Paczka {} czeka w paczkomacie.",
                               "Kod rabatowy ZIMA{} ważny do niedzieli."]).format(d.order()),
        "message_code": "SMS_GATEWAY_REJECTED" if status == "failed" else "",
        "object_type": "phone", "object_id": d.phone(),
    }  # fmt: skip
