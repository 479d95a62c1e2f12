"""Demo data of the SMS tab: its real flow, once, through a stand-in SMSAPI on loopback.

`make run` has no SMSAPI account, so `demo_setup` starts the stand-in gateway
(`standin.py`) for a moment and the queue's own code sends the demo's messages to it over
HTTP: two runs, the first stopped by a 503 (that message waits, and goes out in the
second), one number the gateway finds invalid, one refused for lack of credit, and one
message left waiting. The drawn entries below only fill a journal for volume.
"""

from __future__ import annotations

from django.conf import settings

from eventlog import demo, runs
from eventlog.models import Run

from . import client, jobs, queue, standin
from .models import Sms
from .tab import SMS

#: (phone, text, what the stand-in answers first).
MESSAGES: list[tuple[str, str, standin.Answer | None]] = [
    ("+48 601 234 567", "Twoje zamówienie nr 482913 zostało wysłane. Numer przesyłki: 6200123456789.", None),
    ("+48 512 345 678", "Paczka 771204 czeka w paczkomacie KRA01M do 14.12. Kod odbioru: 482911.", None),
    ("+48 698 765 432", "Kod rabatowy ZIMA15 ważny do niedzieli. Sklep u Gosi", None),
    ("+48 730 111 222", "Dziękujemy za zakupy! Oceń nas: https://example.com/opinie", standin.http_error(503)),
    (
        "+48 881 222 333",
        "Dzień dobry, zamówienie nr 482950 zostało opłacone i trafiło do realizacji. Spodziewana wysyłka: jutro "
        "do 14:00. Link do śledzenia prześlemy osobnym SMS-em. Pozdrawiamy, Sklep u Gosi",
        None,
    ),
    ("+48 795 000 111", "Twoje zamówienie nr 482977 czeka na płatność.", standin.refuse(103, "Not enough points")),
]
WAITING = ("+48 663 444 555", "Przypominamy o odbiorze paczki 771250 z paczkomatu KRA01M.")
INVALID = "48698765432"


@demo.real_runs
def send_demo_messages() -> list[int]:
    """Queue the demo's messages and send them through the stand-in; returns the runs' ids (none if done)."""
    if Sms.objects.exists() or Run.objects.filter(kind=jobs.SEND_RUN.code).exists():
        return []
    made = []
    with standin.StandIn(invalid={INVALID}) as gateway:
        for phone, text, first in MESSAGES:
            sms = queue.enqueue(phone, text)
            if first is not None:
                gateway.plan(sms.phone, first)
        via = client.Gateway(url=gateway.url, token=gateway.token, timeout=5.0, max_parts=settings.SMSAPI_MAX_PARTS)
        for _ in range(2):  # the second run sends what the 503 left waiting
            run = runs.start(jobs.SEND_RUN, tab=SMS.slug, params={"source": "demo", "gateway": "stand-in"})
            jobs.SendQueue.execute(run.pk, gateway=via)
            made.append(run.pk)
    queue.enqueue(*WAITING)
    return made


@demo.free_entries(SMS.slug, weight=15, volume_only=True)
def sms(d: demo.Draw) -> demo.Row:
    status = d.r.choice(["sent", "sent", "sent", "waiting", "failed", "expired"])
    codes = {"failed": "SMS_GATEWAY_REJECTED", "expired": "SMS_EXPIRED"}
    return {
        "severity": {"failed": "error", "expired": "warning"}.get(status, "success" if status == "sent" else "info"),
        "event_type": status,
        "message": d.r.choice(["Twoje zamówienie nr {} zostało wysłane.", "Paczka {} czeka w paczkomacie.",
                               "Kod rabatowy ZIMA{} ważny do niedzieli."]).format(d.order()),
        "message_code": codes.get(status, ""),
        "object_type": "phone", "object_id": d.phone(),
    }  # fmt: skip
