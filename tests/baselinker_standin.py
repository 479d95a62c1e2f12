"""The BaseLinker tests' catalogue and client: BaseLinker (integrations.baselinker.standin) over real HTTP."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import requests

from integrations.baselinker.models import BaseLinkerSettings
from integrations.baselinker.standin import StandInBaseLinker
from integrations.erp.models import Category, Product

PASSWORD = "bl-pass-0123456789abcdef"


def gtin13(n: int) -> str:
    body = f"590{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def set_password(password: str = PASSWORD) -> None:
    found = BaseLinkerSettings.load()
    found.password = password
    found.save()


def catalogue(count: int) -> dict[str, Product]:
    """`count` good products in Dom/Kuchnia and Elektronika, plus the problem ones by name:
    no_ean, bad_ean, no_category, negative (stock), free (price 0), nameless, inactive."""
    home = Category.objects.create(code="DOM", name="Dom i ogród", content_hash="-")
    kitchen = Category.objects.create(code="DOM-KUCH", name="Kuchnia", parent=home, content_hash="-")
    audio = Category.objects.create(code="ELEK", name="Elektronika", content_hash="-")
    Product.objects.bulk_create(
        Product(code=f"K-{i:05d}", name=f"Kubek {i}", ean=gtin13(i), category=kitchen if i % 2 else audio,
                price=Decimal("10.00") + i, stock=i % 50, content_hash="-")
        for i in range(1, count + 1)
    )  # fmt: skip
    special: dict[str, dict[str, Any]] = {
        "no_ean": {"ean": ""},
        "bad_ean": {"ean": "5901234123458"},
        "no_category": {"category": None},
        "negative": {"stock": Decimal("-3")},
        "free": {"price": Decimal("0.00")},
        "nameless": {"name": ""},
        "inactive": {"active": False},
    }
    made = {}
    for n, (key, fields) in enumerate(special.items(), start=900_000):
        values = {"code": f"P-{key}", "name": f"Produkt {key}", "ean": gtin13(n), "category": kitchen,
                  "price": Decimal("99.00"), "stock": 5, "content_hash": "-", **fields}  # fmt: skip
        made[key] = Product.objects.create(**values)
    return made


def client_for(live_server, password: str = PASSWORD) -> StandInBaseLinker:
    session = requests.Session()
    url = f"{live_server.url}/baselinker/"

    def post(fields: dict[str, str]):
        response = session.post(url, data=fields, timeout=30)
        assert response.status_code == 200, response.text[:300]
        assert response.headers["Content-Type"] == "application/json"
        return response.json()

    return StandInBaseLinker(post, password)
