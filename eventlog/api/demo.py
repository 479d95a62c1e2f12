"""The API's demo (`make run`): a marketplace connector's key writing through the real endpoint.

Registered with `demo.real_runs`: issues the demo keys and posts entries to
`POST /api/v1/entries` in-process through the real view (Django's test client: the
same URL resolution, middleware, key check, validation and writer as over HTTP),
once — nothing happens when the demo key exists. Writes no job run, so it returns [].
"""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client
from django.utils import timezone

from .. import demo, tabs
from ..models import ApiKey
from . import keys

DEMO_KEY = "demo-marketplace-connector"


@demo.real_runs
def api_demo() -> list[int]:
    wanted = [slug for slug in ("tiktok-shop", "amazon", "ceneo") if tabs.get(slug) is not None]
    if not wanted or ApiKey.objects.filter(name=DEMO_KEY).exists():
        return []
    _key, secret = keys.issue(DEMO_KEY, wanted)
    old, _old_secret = keys.issue("demo-old-shop-module", wanted[:1])
    keys.revoke(old)
    now = timezone.now()
    batch = [
        {
            "tab": wanted[i % len(wanted)],
            "occurred_at": (now - dt.timedelta(minutes=7 * (12 - i))).isoformat(),
            "severity": severity,
            "event_type": "order" if i % 3 else "synchronisation",
            "object_type": "order" if i % 3 else "",
            "object_id": str(400_100 + i) if i % 3 else "",
            "message": message,
            "data": {"source": "API demo"},
        }
        for i, (severity, message) in enumerate(
            [
                ("success", "Zamówienie pobrane z marketplace'u"),
                ("info", "Synchronizacja stanów magazynowych rozpoczęta"),
                ("warning", "Brak numeru przesyłki dla zamówienia"),
                ("error", "Marketplace odrzucił aktualizację ceny: cena poniżej minimalnej"),
                ("success", "Status zamówienia zmieniony na „wysłane”"),
                ("info", "Pobrano 42 nowe oferty"),
            ]
        )
    ]
    # The connector retries its batch (same Idempotency-Key): the second answer is the first, nothing doubles.
    client = Client()
    for _attempt in range(2):
        client.post(
            "/api/v1/entries",
            data=json.dumps(batch),
            content_type="application/json",
            secure=True,
            SERVER_NAME="localhost",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_IDEMPOTENCY_KEY="demo-batch-1",
        )
    return []
