"""Catalogue packages made up for demos, tests and the speed measurement.

`write_catalogue(path, products=100_000)` writes a realistic package: a category
tree, products with valid EANs, prices and stock, and — with `problems_every=N` —
one product in N carrying one of the usual faults (no category, bad EAN, negative
stock, missing price, …). The same arguments always give the same file.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import package

_WORDS = (
    "Kubek", "Czajnik", "Lampka", "Plecak", "Zegarek", "Słuchawki", "Bluza", "Koc", "Patelnia", "Termos",
    "Mysz", "Klawiatura", "Ładowarka", "Poduszka", "Ręcznik", "Parasol", "Rower", "Kask", "Buty", "Torba",
)  # fmt: skip
_ADJECTIVES = ("czarny", "biały", "zielony", "duży", "mały", "składany", "bambusowy", "stalowy", "premium", "eko")
_CATEGORIES = (
    ("DOM", "", "Dom i ogród"), ("DOM-KUCH", "DOM", "Kuchnia"), ("DOM-SYP", "DOM", "Sypialnia"),
    ("ELEK", "", "Elektronika"), ("ELEK-AUD", "ELEK", "Audio"), ("ELEK-AKC", "ELEK", "Akcesoria komputerowe"),
    ("SPORT", "", "Sport i turystyka"), ("SPORT-ROW", "SPORT", "Rowery"), ("MODA", "", "Moda"),
    ("MODA-OBU", "MODA", "Obuwie"),
)  # fmt: skip


def ean13(number: int) -> str:
    body = f"590{number % 10**9:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _faulty(fields: dict[str, Any], n: int, rng: random.Random) -> None:
    match n % 6:
        case 0:
            fields.pop("category")
        case 1:
            fields["ean"] = fields["ean"][:-1] + str((int(fields["ean"][-1]) + 1) % 10)
        case 2:
            fields["stock"] = str(-rng.randint(1, 20))
        case 3:
            fields.pop("price")
        case 4:
            fields["category"] = "WYPRZEDAZ-2019"
        case 5:
            fields["price"] = fields["price"].replace(".", ",")


def products(count: int, problems_every: int = 0, seed: int = 1) -> Iterator[tuple[str, dict, dict]]:
    rng = random.Random(seed)
    leaves = [code for code, parent, _ in _CATEGORIES if parent]
    for i in range(1, count + 1):
        fields: dict[str, Any] = {
            "name": f"{rng.choice(_WORDS)} {rng.choice(_ADJECTIVES)} {i}",
            "ean": ean13(100_000 + i),
            "category": rng.choice(leaves),
            "price": f"{rng.randint(100, 99_999) / 100:.2f}",
            "stock": str(rng.randint(0, 500)),
        }
        if problems_every and i % problems_every == 0:
            _faulty(fields, i // problems_every, rng)
        yield "product", {"code": f"P-{i:06d}", "id": str(10_000 + i)}, fields


def write_catalogue(path: Path, products_count: int = 100_000, problems_every: int = 50, seed: int = 1) -> int:
    """Write a sample catalogue package; returns its size in bytes."""
    header = {
        "system": "Subiekt nexo PRO", "system-version": "48.1.0", "company": "Sklep u Gosi sp. z o.o.",
        "package-id": f"SAMPLE-{products_count}-{seed}", "created-at": "2025-11-21T06:00:00+01:00",
        "currency": "PLN",
    }  # fmt: skip

    def write(file) -> None:
        out = package.PackageWriter(file, package.CATALOGUE, header)
        out.section(
            "categories", (("category", {"code": c, "id": str(i)}, {"name": n, "parent": p or None})
                           for i, (c, p, n) in enumerate(_CATEGORIES, 1))
        )  # fmt: skip
        out.section("products", products(products_count, problems_every, seed))
        out.close()

    return package.write_atomically(Path(path), write)
