"""Demo entries of the marketplace tabs: offers on Allegro and eBay, Ceneo, Amazon, TikTok Shop.

Ceneo, Amazon and TikTok Shop get their demo from their real flow: the shop's marketplace
modules write over the HTTP API, so `examples/marketplace_feed.py` replays a day of their
logs through the API's own view (`replay_marketplace_day`); their drawn entries only fill
a journal for volume.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.test import RequestFactory
from django.urls import resolve
from django.utils import timezone

from eventlog import demo
from eventlog.api import keys
from eventlog.models import ApiKey
from examples import marketplace_feed

from .tab import AMAZON, CENEO, OFFERS, TIKTOK_SHOP

OFFER_EVENTS_PL = {
    "price_change": "Zmieniono cenę", "stock_check": "Sprawdzono stan", "offer_listed": "Wystawiono ofertę",
    "order_created": "Nowe zamówienie", "offer_fetched": "Pobrano ofertę", "offer_ended": "Zakończono ofertę",
    "comment": "Nowy komentarz", "tracking_number": "Dodano numer przesyłki",
    "order_status_change": "Zmieniono status zamówienia", "invoice_added": "Dodano fakturę",
    "bulk_offer_linking": "Powiązano oferty",
}  # fmt: skip
#: Offers the demo shop has on the marketplaces.
OFFERS_LISTED = 10_000


# Volume only: the Offers tab's demo is Allegro's real flow (integrations/allegro/demo.py).
@demo.free_entries(OFFERS.slug, weight=30, volume_only=True)
def offer(d: demo.Draw) -> demo.Row:
    sev = d.severity()
    event = d.r.choice(
        ["price_change"] * 6 + ["stock_check"] * 6 + ["offer_listed"] * 3 + ["order_created"] * 3
        + ["offer_fetched", "offer_ended", "comment", "tracking_number", "order_status_change",
           "invoice_added", "bulk_offer_linking"]
    )  # fmt: skip
    # A shop's offers are a fixed set, each selling one product: the same offer
    # comes back again and again, as "only unique messages" expects.
    number = d.r.randrange(OFFERS_LISTED)
    service = "ebay" if number % 4 == 0 else "allegro"
    offer_id = str((10**11 if service == "ebay" else 10**10) + number * 7919)
    name = demo.PRODUCTS[number % len(demo.PRODUCTS)]
    messages = {
        "error": [
            (f"Nie udało się zmienić ceny oferty „{name}”: oferta jest zakończona.", "OFFER_ENDED_PRICE"),
            (f"Brak towaru na magazynie dla oferty „{name}”.", "OFFER_NO_STOCK"),
            ("Serwis odrzucił żądanie: przekroczono limit zapytań (429).", "API_RATE_LIMIT"),
        ],
        "warning": [
            (f"Stan magazynowy oferty „{name}” różni się od sklepu (2 ≠ 5).", "STOCK_MISMATCH"),
            ("Zamówienie bez numeru przesyłki po 48 godzinach.", "TRACKING_MISSING"),
        ],
    }.get(sev, [(f"{OFFER_EVENTS_PL[event]}: „{name}”.", "")])
    message, code = d.r.choice(messages)
    return {
        "severity": sev, "event_type": event, "message": message, "message_code": code,
        "service": service, "account": d.account(), "object_type": "offer", "object_id": offer_id,
        "data": {"price": f"{d.r.randrange(500, 50000) / 100:.2f}", "currency": "PLN"},
    }  # fmt: skip


def marketplace(d: demo.Draw) -> demo.Row:
    """A drawn entry of Ceneo, Amazon or TikTok Shop, for volume only (the tab's one service is filled in by the
    writer); `make run`'s demo of these tabs is the replayed day below."""
    sev = d.severity()
    action = d.r.choice(["listing", "listing", "order", "synchronisation"])
    obj_type = {"listing": "listing", "order": "order", "synchronisation": "product"}[action]
    obj = d.order() if action == "order" else d.product()[0]
    message, code = {
        "error": (f"Odrzucono: brak wymaganego parametru „marka” dla produktu {obj}.", "LISTING_MISSING_BRAND"),
        "warning": ("Cena w serwisie różni się od ceny w sklepie.", "PRICE_MISMATCH"),
    }.get(sev, ({"listing": f"Wystawiono produkt {obj}.", "order": f"Pobrano zamówienie {obj}.",
                 "synchronisation": f"Zsynchronizowano produkt {obj}."}[action], ""))  # fmt: skip
    return {
        "severity": sev, "event_type": action, "message": message, "message_code": code,
        "account": d.account(), "object_type": obj_type, "object_id": obj,
        "initiator": d.r.choice(["automatic"] * 4 + ["manual", "external"]),
    }  # fmt: skip


demo.free_entries(CENEO.slug, weight=8, volume_only=True)(marketplace)
demo.free_entries(AMAZON.slug, weight=8, volume_only=True)(marketplace)
demo.free_entries(TIKTOK_SHOP.slug, weight=6, volume_only=True)(marketplace)

#: The demo shop's account on the marketplaces: the name of the key its modules write with.
FEED_ACCOUNT = "sklep_u_gosi"


def _in_process(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Mapping[str, str], bytes]:
    """The example's transport without a network: the API's own view, called with a built request."""
    request = RequestFactory().post(path, data=body, content_type=headers["Content-Type"], headers=headers)
    response = resolve(path).func(request)
    return response.status_code, dict(response.items()), response.content


@demo.real_runs
def replay_marketplace_day() -> list[int]:
    """Yesterday's TikTok Shop, Ceneo and Amazon logs, sent by `examples/marketplace_feed.py` through the HTTP API
    with a key of their own (once: not when the key exists). Makes no job run, so returns []."""
    if ApiKey.objects.filter(name=FEED_ACCOUNT).exists():
        return []
    _key, raw = keys.issue(FEED_ACCOUNT, [TIKTOK_SHOP.slug, CENEO.slug, AMAZON.slug])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    marketplace_feed.send(marketplace_feed.build_day(yesterday), raw, _in_process)
    return []
