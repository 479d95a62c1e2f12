"""Demo entries of the marketplace tabs: offers on Allegro and eBay, Ceneo, Amazon, TikTok Shop."""

from __future__ import annotations

from eventlog import demo

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


@demo.free_entries(OFFERS.slug, weight=30)
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
    """An entry of Ceneo, Amazon or TikTok Shop (the tab's one service is filled in by the writer)."""
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


demo.free_entries(CENEO.slug, weight=8)(marketplace)
demo.free_entries(AMAZON.slug, weight=8)(marketplace)
demo.free_entries(TIKTOK_SHOP.slug, weight=6)(marketplace)
