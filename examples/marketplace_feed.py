#!/usr/bin/env python3
"""Replay a day of TikTok Shop, Ceneo and Amazon logs into Dziennik, as the shop's marketplace modules send them.

A small, standalone client of Dziennik's ingestion API (`POST /api/v1/entries`, README
"The HTTP API"): standard library only, so it runs anywhere Python 3.10+ does.

    python examples/marketplace_feed.py --url http://127.0.0.1:8000 --key KEY [--day 2026-11-30]

The key (Dziennik → API keys) must allow the tabs ceneo, amazon and tiktok-shop; its name
is the shop's account on the marketplaces (an entry that names no account carries the
key's name). The day defaults to yesterday, so that no entry lies in the future.

The logs are shaped as M2E's TikTok Shop module shows them (Logs & Events): listing, order
and synchronisation logs, each with a severity, the product / order / listing it is about,
a message and its initiator — automatic (the module's own synchronisation), manual (a person
in the module) or external change (made directly on the marketplace, e.g. in TikTok Shop
Seller Center), sent as the entry's `initiator` ("automatic", "manual", "external").
The day holds repeated messages about one product (an automatic revise failing every two
hours), which the tab's "Only unique messages" collapses into one row.

Each tab's hour of logs is one batch (all written, or none) with an Idempotency-Key made of
the day, the tab and the hour, and the bodies are the same on every run: replaying a day
twice writes nothing the second time (Dziennik answers the first answer again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

#: The shop's time zone: the day's logs are in its local time.
SHOP_TZ = ZoneInfo("Europe/Warsaw")
TABS = ("tiktok-shop", "ceneo", "amazon")
#: Sends (path, body, headers) to the API and returns (HTTP status, answer headers, answer body).
Transport = Callable[[str, bytes, dict[str, str]], tuple[int, Mapping[str, str], bytes]]

# (time, tab, severity, event_type, object_type, object_id, message, initiator, extra data)
Log = tuple[str, str, str, str, str, str, str, str, dict[str, Any]]

MUG = "Kubek ceramiczny Bolesławiec 350 ml"
KETTLE = "Czajnik elektryczny stalowy 1,7 l"
BACKPACK = "Plecak szkolny ergonomiczny różowy"
CHARGER = "Ładowarka USB-C 65 W"
HONEY = "Miód wielokwiatowy z pasieki 1 kg"
IMAGE_TOO_SMALL = "Nie zaktualizowano produktu: zdjęcie główne ma mniej niż 600×600 px (wymóg TikTok Shop)."

DAY: list[Log] = [
    # TikTok Shop (M2E: Listings, Orders, Synchronization logs).
    ("06:00:04", "tiktok-shop", "info", "synchronisation", "", "", "Rozpoczęto synchronizację stanów magazynowych "
     "(1 240 produktów).", "automatic", {"task": "inventory"}),
    ("06:02:41", "tiktok-shop", "success", "synchronisation", "", "", "Zakończono synchronizację stanów: zmieniono "
     "37 produktów.", "automatic", {"task": "inventory", "changed": 37}),
    ("07:15:10", "tiktok-shop", "success", "listing", "listing", "1729384756102", f"Wystawiono produkt „{HONEY}” "
     "(SKU MIOD-1KG).", "manual", {"sku": "MIOD-1KG", "price": "59.00"}),
    ("08:00:12", "tiktok-shop", "error", "listing", "product", "10037", IMAGE_TOO_SMALL, "automatic",
     {"sku": "KUB-001", "name": MUG}),
    ("08:41:55", "tiktok-shop", "warning", "listing", "product", "10111", f"Cena produktu „{KETTLE}” zmieniona "
     "bezpośrednio w TikTok Shop: 149,00 zł → 139,00 zł. Następna synchronizacja przywróci cenę ze sklepu.",
     "external", {"sku": "CZAJ-210", "price_before": "149.00", "price_after": "139.00"}),
    ("09:03:20", "tiktok-shop", "success", "order", "order", "577012345678901234", "Utworzono zamówienie "
     "577012345678901234 w sklepie jako #100482.", "automatic", {"shop_order": "100482", "total": "188.98"}),
    ("10:00:09", "tiktok-shop", "error", "listing", "product", "10037", IMAGE_TOO_SMALL, "automatic",
     {"sku": "KUB-001", "name": MUG}),
    ("10:22:31", "tiktok-shop", "warning", "order", "order", "577012345678905678", "Kupujący anulował zamówienie "
     "577012345678905678 przed wysyłką.", "external", {"shop_order": "100471"}),
    ("11:47:02", "tiktok-shop", "warning", "listing", "product", "10259", f"Produkt „{BACKPACK}” dezaktywowany "
     "bezpośrednio w TikTok Shop Seller Center.", "external", {"sku": "PLE-005"}),
    ("12:00:10", "tiktok-shop", "error", "listing", "product", "10037", IMAGE_TOO_SMALL, "automatic",
     {"sku": "KUB-001", "name": MUG}),
    ("13:30:44", "tiktok-shop", "error", "order", "order", "577012345678909012", "Nie utworzono zamówienia "
     "577012345678909012: brak w sklepie produktu o SKU LAD-65W-CZ.", "automatic", {"sku": "LAD-65W-CZ"}),
    ("14:00:08", "tiktok-shop", "error", "listing", "product", "10037", IMAGE_TOO_SMALL, "automatic",
     {"sku": "KUB-001", "name": MUG}),
    ("15:12:19", "tiktok-shop", "success", "listing", "listing", "1729384756377", f"Zmieniono ręcznie cenę "
     f"produktu „{CHARGER}”: 129,00 zł → 119,00 zł.", "manual", {"sku": "LAD-65W", "price": "119.00"}),
    ("16:00:11", "tiktok-shop", "error", "listing", "product", "10037", IMAGE_TOO_SMALL, "automatic",
     {"sku": "KUB-001", "name": MUG}),
    ("18:00:05", "tiktok-shop", "info", "synchronisation", "", "", "Synchronizacja zamówień: pobrano 4 nowe, "
     "zaktualizowano 9.", "automatic", {"task": "orders", "new": 4, "updated": 9}),
    # Ceneo (the offer feed and Ceneo's "Kup teraz" orders).
    ("05:30:00", "ceneo", "success", "synchronisation", "", "", "Wygenerowano feed ofert Ceneo: 1 180 ofert.",
     "automatic", {"offers": 1180}),
    ("05:30:02", "ceneo", "warning", "listing", "product", "10074", f"Produkt „{HONEY}” pominięty w feedzie: brak "
     "przypisanej kategorii Ceneo.", "automatic", {"sku": "MIOD-1KG"}),
    ("09:48:13", "ceneo", "success", "order", "order", "400123", "Pobrano zamówienie Kup Teraz 400123 (2 produkty).",
     "automatic", {"total": "97.98"}),
    ("11:30:00", "ceneo", "warning", "listing", "product", "10074", f"Produkt „{HONEY}” pominięty w feedzie: brak "
     "przypisanej kategorii Ceneo.", "automatic", {"sku": "MIOD-1KG"}),
    ("14:05:37", "ceneo", "error", "order", "order", "400131", "Ceneo odrzuciło zmianę statusu zamówienia 400131: "
     "brak numeru przesyłki.", "manual", {"status": "wysłane"}),
    ("17:30:00", "ceneo", "warning", "listing", "product", "10074", f"Produkt „{HONEY}” pominięty w feedzie: brak "
     "przypisanej kategorii Ceneo.", "automatic", {"sku": "MIOD-1KG"}),
    # Amazon (Seller Central listings, FBA stock, orders).
    ("04:10:00", "amazon", "info", "synchronisation", "", "", "Pobrano raport stanów FBA: 312 pozycji.",
     "automatic", {"report": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA"}),
    ("07:55:21", "amazon", "error", "listing", "listing", "B0CX12ABCD", f"Amazon odrzucił ofertę „{KETTLE}”: "
     "8541 — dane produktu niezgodne z katalogiem ASIN.", "automatic", {"sku": "CZAJ-210", "code": 8541}),
    ("10:14:09", "amazon", "success", "order", "order", "405-1234567-1234567", "Pobrano zamówienie "
     "405-1234567-1234567.", "automatic", {"total": "149.00"}),
    ("11:55:20", "amazon", "error", "listing", "listing", "B0CX12ABCD", f"Amazon odrzucił ofertę „{KETTLE}”: "
     "8541 — dane produktu niezgodne z katalogiem ASIN.", "automatic", {"sku": "CZAJ-210", "code": 8541}),
    ("13:02:48", "amazon", "warning", "listing", "listing", "B0BZ98WXYZ", f"Cena oferty „{CHARGER}” zmieniona w "
     "Seller Central poza modułem: 129,00 zł → 124,00 zł.", "external", {"sku": "LAD-65W"}),
    ("15:55:19", "amazon", "error", "listing", "listing", "B0CX12ABCD", f"Amazon odrzucił ofertę „{KETTLE}”: "
     "8541 — dane produktu niezgodne z katalogiem ASIN.", "automatic", {"sku": "CZAJ-210", "code": 8541}),
    ("16:40:03", "amazon", "success", "listing", "listing", "B0D1MUG350", f"Wystawiono ofertę „{MUG}”.", "manual",
     {"sku": "KUB-001"}),
]  # fmt: skip


@dataclass
class Batch:
    """One request: a tab's hour of logs, with its Idempotency-Key."""

    idempotency_key: str
    entries: list[dict[str, Any]]


def build_day(day: dt.date) -> list[Batch]:
    """The day's logs as API entries, one batch per tab and hour, in time order (the same on every call)."""
    batches: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for at, tab, severity, event_type, object_type, object_id, message, initiator, extra in sorted(DAY):
        when = dt.datetime.combine(day, dt.time.fromisoformat(at), SHOP_TZ)
        entry: dict[str, Any] = {
            "tab": tab,
            "occurred_at": when.isoformat(),
            "severity": severity,
            "event_type": event_type,
            "message": message,
            "initiator": initiator,
        }
        if extra:
            entry["data"] = extra
        if object_id:
            entry["object_type"], entry["object_id"] = object_type, object_id
        batches.setdefault((tab, at[:2]), []).append(entry)
    return [
        Batch(f"marketplace-feed:{day.isoformat()}:{tab}:{hour}", entries)
        for (tab, hour), entries in sorted(batches.items(), key=lambda item: item[1][0]["occurred_at"])
    ]


def urllib_transport(base_url: str, timeout: float = 15.0) -> Transport:
    """Requests over HTTP(S) to Dziennik at `base_url` (http://127.0.0.1:8000)."""

    def send(path: str, body: bytes, headers: dict[str, str]) -> tuple[int, Mapping[str, str], bytes]:
        request = urllib.request.Request(base_url.rstrip("/") + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers.items()), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    return send


@dataclass
class Replayed:
    written: int = 0
    already_written: int = 0
    requests: int = 0


class FeedError(Exception):
    """The API refused a batch; the message holds its problem (RFC 9457 JSON)."""


def send(batches: Iterable[Batch], key: str, transport: Transport) -> Replayed:
    """POST each batch to /api/v1/entries; raises FeedError on the first refusal."""
    done = Replayed()
    for batch in batches:
        headers = {
            "Authorization": f"Bearer {key}",
            "Content-Type": "application/json",
            "Idempotency-Key": batch.idempotency_key,
        }
        body = json.dumps(batch.entries, ensure_ascii=False).encode()
        status, answer_headers, answer = transport("/api/v1/entries", body, headers)
        done.requests += 1
        if status != 201:
            raise FeedError(f"{batch.idempotency_key}: HTTP {status}: {answer.decode(errors='replace')[:500]}")
        ids = json.loads(answer)["ids"]
        replayed = {k.lower(): v for k, v in answer_headers.items()}.get("idempotent-replayed") == "true"
        if replayed:  # sent before with this Idempotency-Key: Dziennik wrote nothing now
            done.already_written += len(ids)
        else:
            done.written += len(ids)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="Dziennik's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("--key", required=True, help="an API key allowing tiktok-shop, ceneo and amazon")
    yesterday = dt.datetime.now(SHOP_TZ).date() - dt.timedelta(days=1)
    parser.add_argument("--day", type=dt.date.fromisoformat, default=yesterday, help="YYYY-MM-DD (default: yesterday)")
    args = parser.parse_args(argv)
    batches = build_day(args.day)
    try:
        done = send(batches, args.key, urllib_transport(args.url))
    except (FeedError, OSError) as error:
        print(f"marketplace_feed: {error}", file=sys.stderr)
        return 1
    print(f"{args.day}: {done.written} entries written, {done.already_written} sent before (written once), "
          f"{done.requests} requests to {args.url}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
