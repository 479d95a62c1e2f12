"""Demo entries of the SMS tab."""

from __future__ import annotations

from eventlog import demo

from .tab import SMS


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
