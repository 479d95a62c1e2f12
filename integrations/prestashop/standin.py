"""A stand-in PrestaShop 8 webservice on loopback, answering as PROTOCOLS.md §1 says the real one does.

For the tests and for `make run`'s demo (`manage.py prestashop_standin`): the real client
(`client.py`, and `prestapyt` in one test) talks to it over real HTTP. It implements
(PROTOCOLS.md §1.6):

- auth: Basic with the key as user and an empty password, or `?ws_key=` when no Basic user
  is sent; no credentials → 401 with `WWW-Authenticate` and a plain-text body; an empty key
  401/17, a key whose length is not 32 401/18, an unknown or inactive key 401 with 20 and 21.
  `PSWS-Version` is sent only to an authenticated request.
- `GET /api/` (the resources), and lists of `products`, `combinations`, `stock_availables`,
  `categories`, `orders`, `order_states`, `carriers`, `languages`, with `display` (default ids
  only; `full`; `[a,b]`; unknown field 400/35, bad syntax 400/36), `filter[f]` (`[1|5]`,
  `[1,10]` — datetimes too —, `[abc]`, `[ab]%`, `%[b]%`, `>[x]`, `<[x]`, `![a|b]`; unknown
  field 400/32, empty 400/33, computed 400/34), `date=1` (without it `date_add`/`date_upd`
  are unknown fields: 400/32 to filter, 400/38 to sort), `sort` (400/37, 400/38), `limit`
  (`N` or `offset,N`; 400/39), `language=N`, and `GET /api/{resource}/{id}` (404 with an
  empty body for an unknown id);
- `stock_availables` writes: `PUT` (whole object, the id from the body — the URL's is ignored;
  omitted optional fields become empty, omitted required 400/41, no id 400/90, an unknown id
  404/92), `PATCH` (sent fields only), `POST`/`DELETE` 405/101; other resources refuse writes
  405/25. A leading `xml=` of the body is stripped, `ps_method=PUT` overrides the verb,
  an unreadable body is 500/127.
- the error envelope in XML (`<errors><error><code>…`) or JSON, and JSON output when asked
  (`Io-Format`/`Output-Format` headers, `output_format`/`io_format` query), with the real
  one's quirks when `json_quirks` (an empty list is `[]`; a single object drops `""`/`"0"`
  fields; an i18n field of one language is a plain string).
- the shop's state and faults: `enabled=False` (503/22), `version` ("1.7.8.9" is too old for
  the module), `html=True` (answers every request like a shop without the webservice: a
  200 HTML page), `fail_next(status, times, after=0)` (the next requests, after `after` good
  ones, get a proxy's 5xx HTML page, no PrestaShop headers), `slow(seconds)` (every answer
  waits that long), `inactive_keys`, `requests` (the log: method, path, query).

The catalogue is deterministic: products 1..N, every third with 2-4 combinations (own
reference, ean13 and stock), most with a valid EAN-13, every 17th without one, every 41st
with its predecessor's (a duplicate), every 23rd inactive; names in Polish (language 1) and
English (2); `date_upd` spread over days from `base`; a stock row for every product and
combination. Tests change it with `set_product`, `touch_order`, `add_order`; each change
moves the shop's clock on by a minute, so `date_upd` only grows (after `live()`, as the demo
calls it, changes happen at the real local time instead).

    with StandIn(products=50) as shop:   # http://127.0.0.1:<free port>
        Client(shop.url, shop.key).check()
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from defusedxml import ElementTree as SafeET  # type: ignore[import-untyped]  # no stubs installed

from ..standins import LoopbackServer

#: The key of `make run`'s stand-in shop (32 characters, as PrestaShop's keys are). A demo value, not a secret.
DEMO_KEY = "DZIENNIKSTANDINDEMOKEY0000000000"
#: PrestaShop's own default for a fresh 8.x shop.
DEFAULT_VERSION = "8.1.7"
#: Where the catalogue's dates start unless told otherwise.
DEFAULT_BASE = dt.datetime(2026, 1, 1, 8, 0, 0)

LANGUAGES = {"1": "pl", "2": "en"}
_DATE_FIELDS = frozenset({"date_add", "date_upd"})
_FMT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Schema:
    """A resource as the stand-in serves it: its element name and fields, in the order PrestaShop shows them."""

    singular: str
    fields: tuple[str, ...]
    i18n: frozenset[str] = frozenset()
    #: Fields PrestaShop computes (not filterable: 400/34).
    computed: frozenset[str] = frozenset()
    #: Required on PUT (400/41 when missing).
    required: frozenset[str] = frozenset()
    writable: bool = False
    description: str = ""


SCHEMAS: dict[str, Schema] = {
    "products": Schema(
        "product",
        (
            "id",
            "id_manufacturer",
            "id_supplier",
            "id_category_default",
            "id_default_combination",
            "manufacturer_name",
            "quantity",
            "reference",
            "supplier_reference",
            "ean13",
            "isbn",
            "upc",
            "mpn",
            "active",
            "price",
            "wholesale_price",
            "date_add",
            "date_upd",
            "name",
            "description",
            "link_rewrite",
        ),
        i18n=frozenset({"name", "description", "link_rewrite"}),
        computed=frozenset({"manufacturer_name", "quantity"}),
        description="The products",
    ),
    "combinations": Schema(
        "combination",
        (
            "id",
            "id_product",
            "reference",
            "supplier_reference",
            "ean13",
            "isbn",
            "upc",
            "mpn",
            "quantity",
            "price",
            "minimal_quantity",
            "default_on",
        ),
        description="The product combinations",
    ),
    "stock_availables": Schema(
        "stock_available",
        (
            "id",
            "id_product",
            "id_product_attribute",
            "id_shop",
            "id_shop_group",
            "quantity",
            "depends_on_stock",
            "out_of_stock",
            "location",
        ),
        required=frozenset({"id_product", "id_product_attribute", "quantity", "depends_on_stock", "out_of_stock"}),
        writable=True,
        description="Available quantities",
    ),
    "categories": Schema(
        "category",
        (
            "id",
            "id_parent",
            "level_depth",
            "active",
            "is_root_category",
            "date_add",
            "date_upd",
            "name",
            "link_rewrite",
        ),
        i18n=frozenset({"name", "link_rewrite"}),
        computed=frozenset({"level_depth"}),
        description="The product categories",
    ),
    "orders": Schema(
        "order",
        (
            "id",
            "id_address_delivery",
            "id_address_invoice",
            "id_cart",
            "id_currency",
            "id_lang",
            "id_customer",
            "id_carrier",
            "current_state",
            "module",
            "shipping_number",
            "payment",
            "valid",
            "total_paid",
            "total_paid_tax_incl",
            "total_products",
            "total_shipping",
            "reference",
            "date_add",
            "date_upd",
        ),
        computed=frozenset({"shipping_number"}),
        description="The Customers orders",
    ),
    "order_states": Schema(
        "order_state",
        (
            "id",
            "unremovable",
            "delivery",
            "hidden",
            "send_email",
            "module_name",
            "invoice",
            "color",
            "logable",
            "shipped",
            "paid",
            "pdf_invoice",
            "pdf_delivery",
            "deleted",
            "name",
            "template",
        ),
        i18n=frozenset({"name", "template"}),
        description="The Order statuses",
    ),
    "carriers": Schema(
        "carrier",
        (
            "id",
            "deleted",
            "is_module",
            "id_tax_rules_group",
            "id_reference",
            "name",
            "active",
            "is_free",
            "url",
            "shipping_method",
            "position",
            "delay",
        ),
        i18n=frozenset({"delay"}),
        description="The Carriers",
    ),
    "languages": Schema("language", ("id", "name", "iso_code", "locale", "active"), description="Shop languages"),
}


class Request(NamedTuple):
    """One request as the stand-in saw it (the query's last value per name)."""

    method: str
    path: str
    query: dict[str, str]


class WsError(Exception):
    """An answer in PrestaShop's error envelope: HTTP status and (code, message) pairs."""

    def __init__(self, status: int, *errors: tuple[int, str]) -> None:
        self.status, self.errors = status, list(errors)
        super().__init__(f"{status} {errors}")


@dataclass
class Answer:
    status: int
    body: bytes = b""
    content_type: str = "text/xml;charset=utf-8"
    headers: dict[str, str] | None = None
    prestashop: bool = True  # sends X-Powered-By and the timing headers


def ean13(number: int) -> str:
    """A valid EAN-13 (GS1 check digit) from a number: Polish prefix 590."""
    digits = f"590{number:09d}"[:12]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


class StandIn(LoopbackServer):
    """The stand-in shop; `with StandIn(products=2000) as shop:` serves it on a free port (or `port`)."""

    thread_name = "prestashop-standin"

    def __init__(
        self,
        *,
        products: int = 200,
        orders: int = 30,
        key: str = DEMO_KEY,
        version: str = DEFAULT_VERSION,
        json_quirks: bool = True,
        base: dt.datetime = DEFAULT_BASE,
        port: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.key = key
        self.version = version
        self.json_quirks = json_quirks
        self.enabled = True
        self.html = False
        #: Keys PrestaShop knows but which are switched off (401 with 20 and 21, as for unknown ones).
        self.inactive_keys: set[str] = set()
        self.requests: list[Request] = []
        self.host, self.port = host, port
        self.base = base.replace(microsecond=0)
        self._lock = threading.RLock()
        self._faults: list[int | None] = []
        self._slow = 0.0
        self._stopping = threading.Event()
        self.data: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in SCHEMAS}
        self._clock = self.base
        self._live = False
        self._build(products, orders)

    # Running it -------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The shop's address as an account stores it ("http://127.0.0.1:PORT", the API under /api/)."""
        return self.origin

    # Scripting it -----------------------------------------------------------------

    def fail_next(self, status: int = 503, times: int = 1, *, after: int = 0) -> None:
        """The next `times` requests (after `after` good ones) get `status` with a proxy's HTML page
        (no PrestaShop headers)."""
        with self._lock:
            self._faults.extend([None] * after + [status] * times)

    def slow(self, seconds: float) -> None:
        """Every answer waits `seconds` first (0: back to normal)."""
        self._slow = seconds

    def tick(self) -> str:
        """Move the shop's clock on by a minute (see `live`); returns the new time ("YYYY-MM-DD HH:MM:SS")."""
        with self._lock:
            if self._live:  # the live demo: the real time (a second on at least, so date_upd still grows)
                self._clock = max(self._clock + dt.timedelta(seconds=1), dt.datetime.now().replace(microsecond=0))
            else:
                self._clock += dt.timedelta(minutes=1)
            return self._clock.strftime(_FMT)

    def live(self) -> None:
        """From now on changes happen at the real (local) time, not a minute after the last one (the demo)."""
        with self._lock:
            self._live = True

    def set_product(self, product_id: int, **fields: Any) -> dict[str, Any]:
        """Change a product's fields (`name="x"` sets every language) and its `date_upd`."""
        with self._lock:
            product = self.data["products"][product_id]
            for name, value in fields.items():
                if name in SCHEMAS["products"].i18n and not isinstance(value, dict):
                    value = dict.fromkeys(LANGUAGES, str(value))
                product[name] = value if isinstance(value, dict) else str(value)
            product["date_upd"] = self.tick()
            return product

    def touch_order(self, order_id: int, *, state: int | str | None = None, **fields: Any) -> dict[str, Any]:
        """Change an order (its `current_state`, other fields) and move its `date_upd` to now."""
        with self._lock:
            order = self.data["orders"][order_id]
            if state is not None:
                order["current_state"] = str(state)
            for name, value in fields.items():
                order[name] = str(value)
            order["date_upd"] = self.tick()
            return order

    def add_order(
        self,
        *,
        module: str = "ps_wirepayment",
        payment: str = "Przelew bankowy",
        carrier: int = 2,
        state: int = 2,
        total_paid: str = "149.90",
        product_id: int = 1,
    ) -> int:
        """A new order placed now; returns its id."""
        with self._lock:
            order_id = max(self.data["orders"], default=0) + 1
            now = self.tick()
            self.data["orders"][order_id] = self._order(
                order_id, module, payment, carrier, state, total_paid, product_id, now
            )
            return order_id

    def stock(self, product_id: int, combination_id: int = 0) -> dict[str, Any]:
        """The stock row of a product (combination 0) or a combination."""
        with self._lock:
            for row in self.data["stock_availables"].values():
                if row["id_product"] == str(product_id) and row["id_product_attribute"] == str(combination_id):
                    return row
        raise KeyError((product_id, combination_id))

    # The catalogue ----------------------------------------------------------------

    def _build(self, products: int, orders: int) -> None:
        self.data["languages"] = {
            1: {"id": "1", "name": "Polski (Polish)", "iso_code": "pl", "locale": "pl-PL", "active": "1"},
            2: {"id": "2", "name": "English (English)", "iso_code": "en", "locale": "en-US", "active": "1"},
        }
        stamp = self.base.strftime(_FMT)
        categories = {1: ("Root", "Root"), 2: ("Strona główna", "Home")}
        names = ["Kubki", "Koszulki", "Plakaty", "Notesy", "Torby", "Czapki", "Skarpety", "Bluzy"]
        english = ["Mugs", "T-shirts", "Posters", "Notebooks", "Bags", "Caps", "Socks", "Hoodies"]
        for i, (pl, en) in enumerate(zip(names, english, strict=True), start=3):
            categories[i] = (pl, en)
        for cid, (pl, en) in categories.items():
            self.data["categories"][cid] = {
                "id": str(cid),
                "id_parent": "0" if cid == 1 else ("1" if cid == 2 else "2"),
                "level_depth": "0" if cid == 1 else ("1" if cid == 2 else "2"),
                "active": "1",
                "is_root_category": "1" if cid == 2 else "0",
                "date_add": stamp,
                "date_upd": stamp,
                "name": {"1": pl, "2": en},
                "link_rewrite": {"1": _slug(pl), "2": _slug(en)},
            }
        kinds = [("Kubek", "Mug"), ("Koszulka", "T-shirt"), ("Plakat", "Poster"), ("Notes", "Notebook")]
        combination_id = 0
        stock_id = 0
        for pid in range(1, products + 1):
            pl, en = kinds[pid % len(kinds)]
            updated = self.base + dt.timedelta(minutes=17 * pid)  # ~2000 products over ~24 days
            code = "" if pid % 17 == 0 else ean13(pid - 1 if pid % 41 == 0 else pid)
            combos: list[dict[str, str]] = []
            stocks: list[dict[str, str]] = []
            if pid % 3 == 0:
                for k in range(1, 2 + (pid // 3) % 3 + 1):
                    combination_id += 1
                    self.data["combinations"][combination_id] = {
                        "id": str(combination_id),
                        "id_product": str(pid),
                        "reference": f"PS-{pid:05d}-{k}",
                        "supplier_reference": f"SUP-{pid:05d}-{k}",
                        "ean13": ean13(500_000 + combination_id),
                        "isbn": "",
                        "upc": "",
                        "mpn": f"MPN-{pid:05d}-{k}",
                        "quantity": str((pid * 7 + k * 3) % 25),
                        "price": "0.000000" if k == 1 else f"{k * 2}.000000",
                        "minimal_quantity": "1",
                        "default_on": "1" if k == 1 else "",
                    }
                    combos.append({"id": str(combination_id)})
            product_quantity = str((pid * 13) % 40)
            for attribute in [0] + [int(c["id"]) for c in combos]:
                stock_id += 1
                quantity = product_quantity if attribute == 0 else self.data["combinations"][attribute]["quantity"]
                self.data["stock_availables"][stock_id] = {
                    "id": str(stock_id),
                    "id_product": str(pid),
                    "id_product_attribute": str(attribute),
                    "id_shop": "1",
                    "id_shop_group": "0",
                    "quantity": quantity,
                    "depends_on_stock": "0",
                    "out_of_stock": "2",
                    "location": "",
                }
                stocks.append({"id": str(stock_id), "id_product_attribute": str(attribute)})
            category = 3 + pid % len(names)
            self.data["products"][pid] = {
                "id": str(pid),
                "id_manufacturer": str(1 + pid % 3),
                "id_supplier": "0",
                "id_category_default": str(category),
                "id_default_combination": combos[0]["id"] if combos else "0",
                "manufacturer_name": ["Studio Lis", "Drukarnia Wisła", "Ceramika Bolesławiec"][pid % 3],
                "quantity": "0",  # computed below from the stock rows
                "reference": f"PS-{pid:05d}",
                "supplier_reference": f"SUP-{pid:05d}",
                "ean13": code,
                "isbn": "",
                "upc": "",
                "mpn": f"MPN-{pid:05d}",
                "active": "0" if pid % 23 == 0 else "1",
                "price": f"{19 + pid % 80}.990000",
                "wholesale_price": f"{9 + pid % 40}.000000",
                "date_add": updated.strftime(_FMT),
                "date_upd": updated.strftime(_FMT),
                "name": {"1": f"{pl} {pid}", "2": f"{en} {pid}"},
                "description": {"1": f"<p>{pl} nr {pid}.</p>", "2": f"<p>{en} no. {pid}.</p>"},
                "link_rewrite": {"1": _slug(f"{pl}-{pid}"), "2": _slug(f"{en}-{pid}")},
                "associations": {
                    "categories": [{"id": "2"}, {"id": str(category)}],
                    "combinations": combos,
                    "stock_availables": stocks,
                },
            }
            self._recount(pid)
        self._clock = max(self._clock, self.base + dt.timedelta(minutes=17 * products))
        for cid, (name, active, deleted) in {
            1: ("0", "1", "0"),  # PrestaShop names the store-pickup carrier "0": the shop's name
            2: ("Kurier DPD", "1", "0"),
            3: ("InPost Paczkomaty 24/7", "1", "0"),
            4: ("Poczta Polska (stary cennik)", "0", "1"),
        }.items():
            self.data["carriers"][cid] = {
                "id": str(cid),
                "deleted": deleted,
                "is_module": "0",
                "id_tax_rules_group": "1",
                "id_reference": str(cid),
                "name": name,
                "active": active,
                "is_free": "1" if cid == 1 else "0",
                "url": "",
                "shipping_method": "1",
                "position": str(cid - 1),
                "delay": {"1": "1-2 dni robocze", "2": "1-2 business days"},
            }
        states = [
            ("Oczekiwanie na płatność czekiem", "Awaiting check payment", "", ""),
            ("Płatność przyjęta", "Payment accepted", "1", ""),
            ("Przygotowanie w toku", "Processing in progress", "1", ""),
            ("Wysłane", "Shipped", "1", "1"),
            ("Dostarczone", "Delivered", "1", "1"),
            ("Anulowane", "Canceled", "", ""),
            ("Zwrot pieniędzy", "Refunded", "1", ""),
            ("Błąd płatności", "Payment error", "", ""),
            ("Zamówienie oczekujące (opłacone)", "On backorder (paid)", "1", ""),
            ("Oczekiwanie na płatność przelewem", "Awaiting bank wire payment", "", ""),
        ]
        for sid, (pl, en, paid, shipped) in enumerate(states, start=1):
            self.data["order_states"][sid] = {
                "id": str(sid),
                "unremovable": "1",
                "delivery": shipped or "0",
                "hidden": "0",
                "send_email": "1",
                "module_name": "",
                "invoice": paid or "0",
                "color": "#4169E1",
                "logable": paid or "0",
                "shipped": shipped or "0",
                "paid": paid or "0",
                "pdf_invoice": "0",
                "pdf_delivery": "0",
                "deleted": "0",
                "name": {"1": pl, "2": en},
                "template": {"1": "", "2": ""},
            }
        methods = [
            ("ps_wirepayment", "Przelew bankowy", 10),
            ("ps_cashondelivery", "Płatność przy odbiorze", 3),
            ("przelewy24", "Przelewy24", 2),
            ("ps_checkpayment", "Płatność czekiem", 1),
        ]
        for oid in range(1, orders + 1):
            module, payment, state = methods[oid % len(methods)]
            if oid % 5 == 0:
                state = 4
            placed = self.base + dt.timedelta(hours=9 * oid)
            order = self._order(
                oid,
                module,
                payment,
                2 + oid % 2,
                state,
                f"{49 + oid * 7 % 300}.90",
                1 + oid % max(products, 1),
                placed.strftime(_FMT),
            )
            self.data["orders"][oid] = order
            self._clock = max(self._clock, placed)

    def _order(
        self, oid: int, module: str, payment: str, carrier: int, state: int, total: str, product_id: int, at: str
    ) -> dict[str, Any]:
        product = self.data["products"].get(product_id)
        letters = "".join(chr(65 + (oid * 7 + i * 11) % 26) for i in range(9))
        name = product["name"]["1"] if product else f"Produkt {product_id}"
        return {
            "id": str(oid),
            "id_address_delivery": str(oid),
            "id_address_invoice": str(oid),
            "id_cart": str(oid),
            "id_currency": "1",
            "id_lang": "1",
            "id_customer": str(1 + oid % 9),
            "id_carrier": str(carrier),
            "current_state": str(state),
            "module": module,
            "shipping_number": "",
            "payment": payment,
            "valid": "1" if state in (2, 3, 4, 5) else "0",
            "total_paid": f"{float(total):.6f}",
            "total_paid_tax_incl": f"{float(total):.6f}",
            "total_products": f"{float(total) - 12:.6f}",
            "total_shipping": "12.000000",
            "reference": letters,
            "date_add": at,
            "date_upd": at,
            "associations": {
                "order_rows": [
                    {
                        "id": str(oid),
                        "product_id": str(product_id),
                        "product_attribute_id": "0",
                        "product_quantity": "1",
                        "product_name": name,
                        "product_reference": product["reference"] if product else "",
                        "product_ean13": product["ean13"] if product else "",
                        "unit_price_tax_incl": f"{float(total) - 12:.6f}",
                    }
                ]
            },
        }

    def _recount(self, product_id: int) -> None:
        """`products.quantity` is computed by PrestaShop: the sum of the combinations' stock, or its own."""
        product = self.data["products"].get(product_id)
        if product is None:
            return
        stock = self.data["stock_availables"]
        rows = [stock[int(a["id"])] for a in product["associations"]["stock_availables"] if int(a["id"]) in stock]
        combos = [r for r in rows if r["id_product_attribute"] != "0"]
        counted = combos or [r for r in rows if r["id_product_attribute"] == "0"]
        product["quantity"] = str(sum(_int(r["quantity"]) for r in counted))

    # Answering --------------------------------------------------------------------

    def answer(self, method: str, target: str, headers: Any, body: bytes) -> Answer:
        """The answer to one HTTP request (what `_Handler` sends)."""
        parts = urlsplit(target)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self._lock:
            self.requests.append(Request(method, parts.path, query))
            fault = self._faults.pop(0) if self._faults else None
        if self._slow:
            self._stopping.wait(self._slow)
        if fault is not None:
            page = f"<html><head><title>{fault}</title></head><body><h1>{fault} Service Unavailable</h1></body></html>"
            return Answer(fault, page.encode(), "text/html; charset=utf-8", prestashop=False)
        if self.html:
            page = "<!doctype html><html><body><h1>Sklep</h1><p>Witamy w naszym sklepie.</p></body></html>"
            return Answer(200, page.encode(), "text/html; charset=utf-8", prestashop=False)
        path = parts.path
        if not (path == "/api" or path.startswith("/api/")):
            page = "<html><body><h1>404 Not Found</h1></body></html>"
            return Answer(404, page.encode(), "text/html; charset=utf-8", prestashop=False)
        if query.get("ps_method"):
            method = query["ps_method"].upper()
        as_json = "json" in (
            str(headers.get("Io-Format") or headers.get("Output-Format") or "").lower(),
            query.get("output_format", "").lower(),
            query.get("io_format", "").lower(),
        )
        authenticated = False
        try:
            if not self.enabled:
                raise WsError(
                    503, (22, "The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office")
                )
            denied = self._authenticate(headers, query)
            if denied is not None:
                return denied
            authenticated = True
            with self._lock:  # one request at a time reads or changes the data (tests change it meanwhile)
                answer = self._route(method, path, query, body, as_json)
        except WsError as exc:
            answer = self._error(exc, as_json)
        if authenticated:  # PSWS-Version only once the key is known (PROTOCOLS.md §1.1)
            answer.headers = {**(answer.headers or {}), "PSWS-Version": self.version}
        return answer

    def _authenticate(self, headers: Any, query: dict[str, str]) -> Answer | None:
        """None for a good key; else the 401 PrestaShop gives (PROTOCOLS.md §1.1)."""
        key: str | None = None
        auth = str(headers.get("Authorization") or "")
        if auth.lower().startswith("basic "):
            try:
                user = base64.b64decode(auth[6:].strip()).decode("utf-8", "replace").partition(":")[0]
            except ValueError:
                user = ""
            key = user if user else None
        if key is None and "ws_key" in query:
            key = query["ws_key"]
        if key is None and not auth:
            realm = 'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."'  # noqa: E501
            return Answer(401, b"401 Unauthorized", "text/plain; charset=utf-8", headers={"WWW-Authenticate": realm})
        if not key:
            raise WsError(401, (17, "Authentication key is empty"))
        if len(key) != 32:
            raise WsError(401, (18, "Invalid authentication key format"))
        if key != self.key or key in self.inactive_keys:
            raise WsError(
                401, (20, "Authentification key is not active"), (21, "No permission for this authentication key")
            )
        return None

    def _route(self, method: str, path: str, query: dict[str, str], body: bytes, as_json: bool) -> Answer:
        segments = [s for s in path.split("/") if s][1:]
        if query.get("id_shop") not in (None, "", "1", "all"):
            raise WsError(404, (999, f"No shop found with id {query['id_shop']}"))
        if not segments:
            if method not in ("GET", "HEAD"):
                raise WsError(405, (23, f"Method {method} is not valid"))
            return self._index(as_json)
        name = segments[0]
        schema = SCHEMAS.get(name)
        if schema is None:
            raise WsError(400, (27, f'Resource of type "{name}" does not exists.'))
        object_id = segments[1] if len(segments) > 1 else ""
        if method in ("GET", "HEAD"):
            if object_id:
                obj = self.data[name].get(_int(object_id, -1))
                if obj is None:
                    return Answer(404, b"")
                return self._render_one(name, obj, query, as_json)
            return self._render_list(name, self._select(name, query), query, as_json)
        if method in ("PUT", "PATCH"):
            if not schema.writable:
                raise WsError(405, (25, f"Method {method} for {name} is not allowed for this key"))
            obj = self._write(name, schema, body, partial=method == "PATCH")
            return self._render_one(name, obj, {"display": "full"}, as_json)
        if method in ("POST", "DELETE"):
            if schema.writable:
                raise WsError(405, (101, f"{method} method is not allowed for resource {name}"))
            raise WsError(405, (25, f"Method {method} for {name} is not allowed for this key"))
        raise WsError(405, (23, f"Method {method} is not valid"))

    # Lists.

    def _select(self, name: str, query: dict[str, str]) -> list[dict[str, Any]]:
        schema = SCHEMAS[name]
        dated = query.get("date") == "1"
        known = {f for f in schema.fields if dated or f not in _DATE_FIELDS}
        rows = list(self.data[name].values())
        for param, value in query.items():
            match = re.fullmatch(r"filter\[([^\]]*)\]", param)
            if not match:
                continue
            field = match.group(1)
            if field not in known:
                raise WsError(400, (32, f'The field "{field}" is not filterable for resource {name}'))
            if field in schema.computed:
                raise WsError(400, (34, f'The field "{field}" is dynamic: it cannot be filtered'))
            if value == "" or value == "[]":
                raise WsError(400, (33, f'The filter on "{field}" is empty'))
            test = _filter(value)
            rows = [r for r in rows if test(_plain(r.get(field, "")))]
        order: list[tuple[str, bool]] = [("id", False)]
        if "sort" in query:
            order = _sort(query["sort"], known, name)
        for field, descending in reversed(order):
            rows.sort(key=functools.partial(_sort_key, field), reverse=descending)
        if "limit" in query:
            offset, count = _limit(query["limit"])
            rows = rows[offset : offset + count]
        return rows

    def _display(self, name: str, query: dict[str, str]) -> tuple[str, ...] | None:
        """The fields to show: None = ids only (the default), else the chosen ones."""
        display = query.get("display")
        if display is None:
            return None
        schema = SCHEMAS[name]
        if display == "full":
            return (*schema.fields, "associations")
        if not (display.startswith("[") and display.endswith("]")):
            raise WsError(
                400, (36, f'The "display" syntax is wrong. You can set "full" or "[field_1,field_2]": {display}')
            )
        fields = tuple(f.strip() for f in display[1:-1].split(",") if f.strip())
        for field in fields:
            if field not in schema.fields:
                raise WsError(
                    400,
                    (
                        35,
                        f'Unable to display this field "{field}". However, these are available: '
                        + ", ".join(schema.fields),
                    ),
                )
        return fields

    def _render_list(self, name: str, rows: list[dict[str, Any]], query: dict[str, str], as_json: bool) -> Answer:
        fields = self._display(name, query)
        language = query.get("language")
        schema = SCHEMAS[name]
        if as_json:
            if not rows and self.json_quirks:
                return _json_answer([])
            items = [
                {"id": int(r["id"])} if fields is None else _json_object(r, fields, language, schema, quirks=False)
                for r in rows
            ]
            return _json_answer({name: items})
        out = [f"<{name}>"]
        for row in rows:
            if fields is None:
                out.append(f'<{schema.singular} id="{row["id"]}" xlink:href="{self._href(name, row["id"])}"/>')
            else:
                out.append(self._xml_object(name, row, fields, language))
        out.append(f"</{name}>")
        return _xml_answer("".join(out))

    def _render_one(self, name: str, obj: dict[str, Any], query: dict[str, str], as_json: bool) -> Answer:
        fields = self._display(name, query) or (*SCHEMAS[name].fields, "associations")
        language = query.get("language")
        if as_json:
            shaped = _json_object(obj, fields, language, SCHEMAS[name], quirks=self.json_quirks)
            if "display" in query:
                return _json_answer({name: [shaped]})
            return _json_answer({SCHEMAS[name].singular: shaped})
        return _xml_answer(self._xml_object(name, obj, fields, language))

    def _xml_object(self, name: str, obj: dict[str, Any], fields: Iterable[str], language: str | None) -> str:
        schema = SCHEMAS[name]
        out = [f"<{schema.singular}>"]
        for field in fields:
            if field == "associations":
                associations = obj.get("associations")
                if associations:
                    out.append("<associations>")
                    for group, items in associations.items():
                        item_name = _singular(group)
                        out.append(f'<{group} nodeType="{item_name}" api="{group}">')
                        for item in items:
                            inner = "".join(f"<{k}>{_cdata(v)}</{k}>" for k, v in item.items())
                            href = self._href(group, item.get("id", ""))
                            out.append(f'<{item_name} xlink:href="{href}">{inner}</{item_name}>')
                        out.append(f"</{group}>")
                    out.append("</associations>")
                continue
            value = obj.get(field, "")
            if field in schema.i18n:
                texts = value if isinstance(value, dict) else {}
                langs = [(k, v) for k, v in texts.items() if language in (None, "", "full") or k == language]
                inner = "".join(
                    f'<language id="{k}" xlink:href="{self._href("languages", k)}">{_cdata(v)}</language>'
                    for k, v in langs
                )
                out.append(f"<{field}>{inner}</{field}>")
            else:
                out.append(f"<{field}>{_cdata(value)}</{field}>")
        out.append(f"</{schema.singular}>")
        return "".join(out)

    def _index(self, as_json: bool) -> Answer:
        if as_json:
            return _json_answer({"api": {name: {"description": s.description} for name, s in SCHEMAS.items()}})
        out = ['<api shopName="Stand-in PrestaShop">']
        for name, schema in SCHEMAS.items():
            verbs = 'get="true" put="true" post="false" patch="true" delete="false" head="true"'
            if not schema.writable:
                verbs = 'get="true" put="false" post="false" patch="false" delete="false" head="true"'
            out.append(
                f'<{name} xlink:href="{self._href(name)}" {verbs}><description xlink:href="{self._href(name)}" '
                f'{verbs}>{schema.description}</description><schema xlink:href="{self._href(name)}?schema=blank" '
                f'type="blank"/></{name}>'
            )
        out.append("</api>")
        return _xml_answer("".join(out))

    def _href(self, name: str, object_id: str = "") -> str:
        base = self.url if self._server is not None else "http://127.0.0.1"
        return f"{base}/api/{name}" + (f"/{object_id}" if object_id else "")

    # Writing stock.

    def _write(self, name: str, schema: Schema, body: bytes, *, partial: bool) -> dict[str, Any]:
        text = body.decode("utf-8", "replace").strip()
        if text.startswith("xml="):
            text = text[4:]
        try:
            root = SafeET.fromstring(text)
        except Exception:  # defusedxml's refusals and ElementTree's ParseError alike
            raise WsError(500, (127, "XML error : String could not be parsed as XML")) from None
        element = root.find(schema.singular) if root.tag == "prestashop" else None
        if element is None:
            raise WsError(400, (127, f"XML error : no <{schema.singular}> in the body"))
        sent = {child.tag: (child.text or "").strip() for child in element}
        object_id = sent.get("id", "")
        if not object_id:
            raise WsError(400, (90, "id is required when modifying a resource"))
        obj = self.data[name].get(_int(object_id, -1))
        if obj is None:
            raise WsError(404, (92, f"Invalid ID {object_id} for {name}"))
        unknown = [field for field in sent if field not in schema.fields]
        if unknown:
            raise WsError(400, (35, f'Unable to set this field "{unknown[0]}"'))
        if not partial:
            missing = sorted(schema.required - set(sent))
            if missing:
                raise WsError(400, (41, f'parameter "{missing[0]}" required'))
        if "quantity" in sent and not re.fullmatch(r"-?\d+", sent["quantity"]):
            raise WsError(
                400, (85, f'Validation error: "Property StockAvailable->quantity is not valid" ({sent["quantity"]})')
            )
        with self._lock:
            for field in schema.fields:
                if field == "id":
                    continue
                if field in sent:
                    obj[field] = sent[field]
                elif not partial:
                    obj[field] = ""  # PUT replaces the whole object: an omitted optional field is NULL
            if name == "stock_availables":
                self._recount(_int(obj["id_product"]))
                attribute = _int(obj["id_product_attribute"])
                if attribute in self.data["combinations"]:
                    self.data["combinations"][attribute]["quantity"] = obj["quantity"]
        return obj

    # Errors.

    def _error(self, exc: WsError, as_json: bool) -> Answer:
        if as_json:
            body = {"errors": [{"code": code, "message": text} for code, text in exc.errors]}
            return Answer(exc.status, json.dumps(body).encode(), "application/json;charset=utf-8")
        inner = "".join(
            f"<error><code>{_cdata(str(code))}</code><message>{_cdata(text)}</message></error>"
            for code, text in exc.errors
        )
        return _xml_answer(f"<errors>{inner}</errors>", exc.status)


# Helpers ------------------------------------------------------------------------------


def _xml_answer(inner: str, status: int = 200) -> Answer:
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">{inner}</prestashop>\n'
    return Answer(status, text.encode())


def _json_answer(value: Any, status: int = 200) -> Answer:
    return Answer(status, json.dumps(value, ensure_ascii=False).encode(), "application/json;charset=utf-8")


def _json_object(
    obj: dict[str, Any], fields: Iterable[str], language: str | None, schema: Schema, *, quirks: bool
) -> dict[str, Any]:
    """An object as PrestaShop's JSON output shapes it (PROTOCOLS.md §0.1, §1.4)."""
    out: dict[str, Any] = {}
    for field in fields:
        if field == "associations":
            if obj.get("associations"):
                out["associations"] = obj["associations"]
            continue
        value = obj.get(field, "")
        if field == "id":
            out["id"] = int(value)
        elif field in schema.i18n:
            texts = {k: v for k, v in (value or {}).items() if language in (None, "", "full") or k == language}
            if quirks and len(texts) == 1:
                out[field] = next(iter(texts.values()))
            else:
                out[field] = [{"id": k, "value": v} for k, v in texts.items()]
        elif quirks and value in ("", "0"):
            continue  # array_filter: "" and "0" vanish from a single object
        else:
            out[field] = value
    return out


def _cdata(value: Any) -> str:
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _singular(group: str) -> str:
    special = {"categories": "category", "order_rows": "order_row", "order_histories": "order_history"}
    if group in special:
        return special[group]
    return group[:-3] + "y" if group.endswith("ies") else group.rstrip("s")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _plain(value: Any) -> str:
    """A field's value for filtering and sorting (an i18n field: its first language)."""
    if isinstance(value, dict):
        return str(next(iter(value.values()), ""))
    return str(value)


def _sort_key(field: str, row: dict[str, Any]) -> tuple[int, float, str]:
    return _key(_plain(row.get(field, "")))


def _key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), "")
    except ValueError:
        return (1, 0.0, value.lower())


def _filter(expression: str) -> Any:
    """A test for one `filter[f]` value (PROTOCOLS.md §1.3); a plain value means equal."""
    negate = expression.startswith("!")
    expr = expression[1:] if negate else expression
    test: Any
    if m := re.fullmatch(r"([<>])\[(.*)\]", expr):
        sign, bound = m.group(1), _key(m.group(2))
        test = (lambda v: _key(v) > bound) if sign == ">" else (lambda v: _key(v) < bound)
    elif m := re.fullmatch(r"(%?)\[(.*)\](%?)", expr):
        before, inner, after = m.groups()
        if before or after:
            needle = inner.lower()
            test = lambda v: (  # noqa: E731
                (needle in v.lower())
                if before and after
                else v.lower().startswith(needle)
                if after
                else v.lower().endswith(needle)
            )
        elif "|" in inner:
            options = {o.lower() for o in inner.split("|")}
            test = lambda v: v.lower() in options  # noqa: E731
        elif "," in inner:
            low, _, high = inner.partition(",")
            lo, hi = _key(low), _key(high)
            test = lambda v: lo <= _key(v) <= hi  # noqa: E731
        else:
            wanted = inner.lower()
            test = lambda v: v.lower() == wanted  # noqa: E731
    else:
        wanted = expr.lower()
        test = lambda v: v.lower() == wanted  # noqa: E731
    return (lambda v: not test(v)) if negate else test


def _sort(value: str, known: set[str], name: str) -> list[tuple[str, bool]]:
    if not (value.startswith("[") and value.endswith("]")):
        raise WsError(400, (37, f'The "sort" value has to be formed as this example: "[field_ASC]": {value}'))
    order = []
    for part in value[1:-1].split(","):
        field, _, direction = part.strip().rpartition("_")
        if direction.upper() not in ("ASC", "DESC") or not field:
            raise WsError(400, (37, f'The "sort" value has to be formed as this example: "[field_ASC]": {value}'))
        if field not in known:
            raise WsError(400, (38, f'Unable to sort by this field "{field}" for resource {name}'))
        order.append((field, direction.upper() == "DESC"))
    return order


def _limit(value: str) -> tuple[int, int]:
    parts = value.split(",")
    if len(parts) > 2 or not all(p.strip().isdigit() for p in parts):
        raise WsError(400, (39, f'The "limit" value has to be formed as this example: "5,25" or "10": {value}'))
    if len(parts) == 1:
        return 0, int(parts[0])
    return int(parts[0]), int(parts[1])


class _Handler(BaseHTTPRequestHandler):
    # Answers go out at once (no Nagle wait for the delayed ACK: 44 ms a request otherwise).
    disable_nagle_algorithm = True
    standin: StandIn
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        started = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        answer = self.standin.answer(self.command, self.path, self.headers, body)
        data = b"" if self.command == "HEAD" else answer.body
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            if answer.prestashop:
                self.send_header("X-Powered-By", "PrestaShop Webservice")
                self.send_header("Access-Time", str(int(time.time())))
                self.send_header("Execution-Time", f"{time.monotonic() - started:.3f}")
                if answer.body:
                    self.send_header("Content-Sha1", hashlib.sha1(answer.body).hexdigest())
            for name, value in (answer.headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a slow answer)

    do_GET = do_HEAD = do_PUT = do_PATCH = do_POST = do_DELETE = _handle

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read `requests`


__all__ = ["DEMO_KEY", "SCHEMAS", "Request", "StandIn", "ean13"]


StandIn.handler = _Handler
