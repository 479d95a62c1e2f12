"""Realistic demo data for every tab: Polish shop, products, customers and errors.

Used by `manage.py seed_journal` (and by `make run` on a fresh database). Everything
is written through the journal's writer, in batches, so seeding also exercises it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.utils import timezone

from integrations.custom_events.models import CustomEvent

from . import writer
from .models import Run, RunStatus

PRODUCTS = [
    "Kubek ceramiczny Bolesławiec 350 ml",
    "Koszulka bawełniana męska granatowa XL",
    "Czajnik elektryczny stalowy 1,7 l",
    "Patelnia granitowa 28 cm",
    "Plecak szkolny ergonomiczny różowy",
    "Świeca sojowa — zapach lipy",
    "Ładowarka USB-C 65 W",
    "Krem do rąk z masłem shea 75 ml",
    "Zestaw śrubokrętów precyzyjnych 24 el.",
    "Kołdra puchowa 160×200 całoroczna",
    "Miód wielokwiatowy z pasieki 1 kg",
    "Buty trekkingowe damskie rozm. 38",
    "Lampka biurkowa LED z regulacją",
    "Herbata zielona Sencha 100 g",
    "Gra planszowa „Wsiąść do pociągu”",
    "Rękawiczki zimowe skórzane",
    "Żelazko parowe 2400 W",
    "Ręcznik kąpielowy 70×140 szary",
]
FIRST = ["anna", "jan", "katarzyna", "piotr", "magdalena", "tomasz", "agnieszka", "michal", "zofia", "lukasz"]
LAST = ["kowalska", "nowak", "wisniewski", "wojcik", "kaminska", "lewandowski", "zielinska", "szymanski"]
ACCOUNTS = ["sklep_u_gosi", "hurtownia-krakow", "domowe-skarby", "eko_sklep_pl"]
OFFER_EVENTS_PL = {
    "price_change": "Zmieniono cenę", "stock_check": "Sprawdzono stan", "offer_listed": "Wystawiono ofertę",
    "order_created": "Nowe zamówienie", "offer_fetched": "Pobrano ofertę", "offer_ended": "Zakończono ofertę",
    "comment": "Nowy komentarz", "tracking_number": "Dodano numer przesyłki",
    "order_status_change": "Zmieniono status zamówienia", "invoice_added": "Dodano fakturę",
    "bulk_offer_linking": "Powiązano oferty",
}  # fmt: skip
#: Offers the demo shop has on the marketplaces.
OFFERS = 10_000
SEVERITIES = ["info"] * 45 + ["success"] * 30 + ["warning"] * 15 + ["error"] * 10


class Maker:
    """Draws the values of one demo record; one method per tab."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def severity(self) -> str:
        return self.r.choice(SEVERITIES)

    def product(self) -> tuple[str, str]:
        i = self.r.randrange(len(PRODUCTS))
        return str(10_000 + i * 37 + self.r.randrange(3)), PRODUCTS[i]

    def email(self) -> str:
        return f"{self.r.choice(FIRST)}.{self.r.choice(LAST)}{self.r.randrange(100)}@example.com"

    def phone(self) -> str:
        return f"+48{self.r.choice('5678')}{self.r.randrange(10**8):08d}"

    def order(self) -> str:
        return str(self.r.randrange(100_000, 999_999))

    def offers(self) -> dict[str, Any]:
        sev = self.severity()
        event = self.r.choice(
            ["price_change"] * 6 + ["stock_check"] * 6 + ["offer_listed"] * 3 + ["order_created"] * 3
            + ["offer_fetched", "offer_ended", "comment", "tracking_number", "order_status_change",
               "invoice_added", "bulk_offer_linking"]
        )  # fmt: skip
        # A shop's offers are a fixed set, each selling one product: the same offer
        # comes back again and again, as "only unique messages" expects.
        number = self.r.randrange(OFFERS)
        service = "ebay" if number % 4 == 0 else "allegro"
        offer = str((10**11 if service == "ebay" else 10**10) + number * 7919)
        name = PRODUCTS[number % len(PRODUCTS)]
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
        message, code = self.r.choice(messages)
        return {
            "severity": sev, "event_type": event, "message": message, "message_code": code,
            "service": service, "account": self.r.choice(ACCOUNTS), "object_type": "offer", "object_id": offer,
            "data": {"price": f"{self.r.randrange(500, 50000) / 100:.2f}", "currency": "PLN"},
        }  # fmt: skip

    def email_tab(self) -> dict[str, Any]:
        message, code = self.r.choice(
            [
                ("550 5.1.1 Skrzynka odbiorcy nie istnieje", "SMTP_NO_MAILBOX"),
                ("452 4.2.2 Skrzynka odbiorcy jest pełna", "SMTP_MAILBOX_FULL"),
                ("421 Serwer pocztowy chwilowo niedostępny", "SMTP_UNAVAILABLE"),
                ("Adres e-mail odbiorcy jest nieprawidłowy", "EMAIL_INVALID"),
            ]
        )
        return {
            "severity": "error", "event_type": self.r.choice(["send_failed"] * 3 + ["bounced"]),
            "message": message, "message_code": code, "object_type": "email", "object_id": self.email(),
            "data": {"subject": self.r.choice(["Potwierdzenie zamówienia", "Twoja paczka jest w drodze",
                                               "Reset hasła", "Faktura do zamówienia"])},
        }  # fmt: skip

    def bulk_mailing(self) -> dict[str, Any]:
        kind = self.r.choice(["newsletter"] * 3 + ["discount_coupons", "newsletter_subscription", "other"])
        failed = self.r.random() < 0.4
        added = self.r.randrange(100, 20000)
        return {
            "severity": "error" if failed else "info", "event_type": kind,
            "message": "Odrzucono: adres na liście rezygnacji" if failed else "Oczekuje na wysłanie",
            "message_code": "MAILING_UNSUBSCRIBED" if failed else "",
            "object_type": "email", "object_id": self.email(),
            "data": {"mailing_name": self.r.choice(["Black Friday -30%", "Nowości listopada", "Kupon urodzinowy",
                                                    "Wyprzedaż zimowa"]),
                     "added": added, "remaining": self.r.randrange(0, added)},
        }  # fmt: skip

    def sms(self) -> dict[str, Any]:
        status = self.r.choice(["sent", "delivered", "delivered", "waiting", "failed"])
        return {
            "severity": {"failed": "error", "waiting": "warning"}.get(status, "success"),
            "event_type": status,
            "message": self.r.choice(["Twoje zamówienie nr {} zostało wysłane.", "Paczka {} czeka w paczkomacie.",
                                      "Kod rabatowy ZIMA{} ważny do niedzieli."]).format(self.order()),
            "message_code": "SMS_GATEWAY_REJECTED" if status == "failed" else "",
            "object_type": "phone", "object_id": self.phone(),
        }  # fmt: skip

    def appearance(self) -> dict[str, Any]:
        template = self.r.choice(["Zimowy 2026", "Klasyczny", "Minimal Pro", "Świąteczny"])
        event = self.r.choice(["template_edited", "template_edited", "style_changed", "file_uploaded",
                               "template_activated", "template_created"])  # fmt: skip
        obj = self.r.choice(["header.html", "product_card.html", "footer.html", "style.css", "logo.png"])
        return {
            "severity": "info", "event_type": event, "message": f"{template}: {obj}", "object_type": "template",
            "object_id": obj, "actor": self.r.choice(["gosia", "admin", "marek.grafik"]), "initiator": "manual",
            "data": {"template": template},
        }  # fmt: skip

    def marketplace(self, service: str) -> dict[str, Any]:
        sev = self.severity()
        action = self.r.choice(["listing", "listing", "order", "synchronisation"])
        obj_type = {"listing": "listing", "order": "order", "synchronisation": "product"}[action]
        obj = self.order() if action == "order" else self.product()[0]
        message, code = {
            "error": (f"Odrzucono: brak wymaganego parametru „marka” dla produktu {obj}.", "LISTING_MISSING_BRAND"),
            "warning": ("Cena w serwisie różni się od ceny w sklepie.", "PRICE_MISMATCH"),
        }.get(sev, ({"listing": f"Wystawiono produkt {obj}.", "order": f"Pobrano zamówienie {obj}.",
                     "synchronisation": f"Zsynchronizowano produkt {obj}."}[action], ""))  # fmt: skip
        return {
            "severity": sev, "event_type": action, "message": message, "message_code": code,
            "account": self.r.choice(ACCOUNTS), "object_type": obj_type, "object_id": obj, "service": service,
            "initiator": self.r.choice(["automatic"] * 4 + ["manual", "external"]),
        }  # fmt: skip

    def prestashop(self) -> dict[str, Any]:
        section = self.r.choice(["connection", "mapping", "templates", "import", "linking", "sync_report"])
        sev = self.severity()
        message = {
            "error": "Błąd połączenia z API PrestaShop: 401 Unauthorized (nieprawidłowy klucz).",
            "warning": "Nie zmapowano 3 kategorii — produkty trafią do kategorii domyślnej.",
        }.get(sev, f"Zapisano ustawienia sekcji: {section}.")
        return {
            "severity": sev, "event_type": section, "message": message, "account": "presta.sklep.example.com",
            "message_code": {"error": "PS_AUTH_FAILED", "warning": "PS_UNMAPPED_CATEGORY"}.get(sev, ""),
        }  # fmt: skip

    def custom_events(self) -> dict[str, Any]:
        event_id, name = self.r.choice([(101, "porzucony_koszyk"), (102, "urodziny_klienta"), (103, "zapis_webinar")])
        scenario = self.r.choice([(7, "Przypomnienie o koszyku"), (9, "Rabat urodzinowy"), (12, "Powitanie")])
        started = self.r.random() < 0.7
        return {
            "severity": "success" if started else "info",
            "event_type": "scenario_started" if started else "call",
            "message": f"Wywołano zdarzenie {name}" + (f"; uruchomiono scenariusz „{scenario[1]}”" if started else ""),
            "object_type": "email", "object_id": self.email(), "initiator": "api",
            "data": {"event_id": event_id, "event_name": name, "scenario_id": scenario[0] if started else None,
                     "scenario_name": scenario[1] if started else "", "cart_value": self.r.randrange(50, 900)},
        }  # fmt: skip


CUSTOM_EVENTS = [
    (101, "porzucony_koszyk", "Klient zostawił produkty w koszyku na dłużej niż godzinę."),
    (102, "urodziny_klienta", "Dzień urodzin klienta zapisany w profilu."),
    (103, "zapis_webinar", "Zapis na webinar z formularza na stronie."),
]

ERP_PROBLEMS = [
    ("ERP_PRODUCT_NO_CATEGORY", "Produkt „{name}” (kod {code}) nie ma przypisanej kategorii."),
    ("ERP_EAN_INVALID", "Nieprawidłowy kod EAN „590123412345” produktu „{name}” (kod {code})."),
    ("ERP_PRICE_MISSING", "Brak ceny produktu „{name}” (kod {code})."),
    ("ERP_STOCK_NEGATIVE", "Ujemny stan magazynowy (-3) produktu „{name}” (kod {code})."),
]


def _baselinker_run(m: Maker, day_start: dt.datetime, rng: random.Random) -> tuple[Run, list[dict]]:
    """One daily BaseLinker export run with its event register. (ERP sync runs in the
    demo are real imports of the example packages: `integrations.erp.demo`.)"""
    start = day_start + dt.timedelta(hours=2, minutes=rng.randrange(60))
    end = start + dt.timedelta(seconds=rng.randrange(30, 900))
    problems = rng.choice([0, 0, 0, 2, 5, 12])
    received = rng.randrange(800, 5000)
    tab = "baselinker"
    counters = {"received": received, "created": rng.randrange(0, 50), "problems": problems}
    run = Run(kind="baselinker_export", tab=tab, status=RunStatus.SUCCEEDED, started_at=start, finished_at=end,
              counters=counters, progress_done=received, progress_total=received,
              summary=f"{received} pozycji, {problems} z problemami")  # fmt: skip
    rows: list[dict] = []
    for i in range(problems):
        code_, name = m.product()
        msg_code, text = ERP_PROBLEMS[i % len(ERP_PROBLEMS)]
        rows.append({
            "tab": tab, "occurred_at": start + dt.timedelta(seconds=i + 1), "severity": "warning",
            "event_type": "product_problem", "message": text.format(name=name, code=f"K-{code_}"),
            "message_code": msg_code, "object_type": "product", "object_id": code_,
            "data": {"code": f"K-{code_}", "name": name},
        })  # fmt: skip
    rows.append({
        "tab": tab, "occurred_at": end, "severity": "warning" if problems else "success",
        "event_type": "product_export", "message": f"Eksport produktów do BaseLinker: problemy {problems}.",
        "data": {"added": counters["created"], "updated": received - counters["created"], "problems": problems},
    })  # fmt: skip
    return run, rows


def generate(entries: int, days: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """`entries` free records spread over the last `days` days, all tabs mixed."""
    rng = random.Random(seed)
    m = Maker(rng)
    makers: list[tuple[str, Callable[[], dict[str, Any]], int]] = [
        ("offers", m.offers, 30), ("sms", m.sms, 15), ("email", m.email_tab, 8), ("bulk-mailing", m.bulk_mailing, 8),
        ("appearance", m.appearance, 3), ("ceneo", lambda: m.marketplace("ceneo"), 8),
        ("amazon", lambda: m.marketplace("amazon"), 8), ("tiktok-shop", lambda: m.marketplace("tiktok_shop"), 6),
        ("prestashop", m.prestashop, 5), ("custom-events", m.custom_events, 9),
    ]  # fmt: skip
    names = [t for t, _, _ in makers]
    funcs = {t: f for t, f, _ in makers}
    weights = [w for _, _, w in makers]
    now = timezone.now()
    span = days * 86400
    # Oldest first, as a live shop writes: index inserts land at the right edge.
    when = now - dt.timedelta(seconds=span)
    gap = span / max(entries, 1)
    for tab in rng.choices(names, weights, k=entries):
        row = funcs[tab]()
        row["tab"] = tab
        when = min(now, when + dt.timedelta(seconds=rng.expovariate(1 / gap)))
        row["occurred_at"] = when
        yield row


def seed(
    entries: int, days: int = 30, batch: int = 20_000, seed: int = 2026, progress: Callable[[int], None] | None = None
) -> int:
    """Write demo data; returns the number of records written."""
    for event_id, name, description in CUSTOM_EVENTS:
        CustomEvent.objects.get_or_create(event_id=event_id, defaults={"name": name, "description": description})
    rng = random.Random(seed + 1)
    m = Maker(rng)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    written = 0
    for d in range(min(days, 60), 0, -1):
        run, rows = _baselinker_run(m, today - dt.timedelta(days=d), rng)
        run.save()
        for row in rows:
            row["run"] = run
        writer.record_many(rows)
        written += len(rows)
    # One thread draws and validates the next batch while this one is written, so the
    # database works while Python prepares: 1 M records in 45 s instead of 59 s.
    with ThreadPoolExecutor(max_workers=1) as pool:
        rows = generate(entries, days, seed)
        pending = pool.submit(writer.prepare, itertools.islice(rows, batch))
        while batch_rows := pending.result():
            pending = pool.submit(writer.prepare, itertools.islice(rows, batch))
            written += len(writer.write(batch_rows))
            if progress:
                progress(written)
    return written
