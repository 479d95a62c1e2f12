"""Checks of one package item, turning the ERP's text into the values the shop stores.

Pure functions over `package.Item`s: no database. Each check either clears the faulty
field and adds a warning (the item is still imported) or marks the item skipped with
an error; `codes` says which is which. One bad item never stops the others.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import codes
from .models import CODE_MAX, NAME_MAX
from .package import Item

_PRICE = re.compile(r"-?\d{1,8}(\.\d{1,2})?")
_STOCK = re.compile(r"-?\d{1,9}(\.\d{1,3})?")
_EAN_LENGTHS = (8, 12, 13, 14)
#: Names quoted in messages are cut to this: a message must stay readable.
QUOTED_NAME_CHARS = 80
CENT = Decimal("0.01")
MILLI = Decimal("0.001")


@dataclass
class Found:
    """One problem of one item: its message code and the values its message names."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.code in codes.ERRORS


@dataclass
class Checked:
    """An item after its checks: the values to store, its problems, and whether it is skipped."""

    kind: str
    position: int
    code: str
    erp_id: str
    name: str
    problems: list[Found] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def skipped(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def key(self) -> str:
        """The item's identity across runs: its code, or its position when it has none."""
        return self.code or f"#{self.position}"

    def add(self, code: str, **params: Any) -> None:
        params.setdefault("code", self.code)
        params.setdefault("name", quoted(self.name))
        params.setdefault("position", self.position)
        self.problems.append(Found(code, params))

    def content_hash(self) -> str:
        """A digest of everything the import stores, to tell an unchanged item without comparing fields."""
        parts = [self.erp_id, self.name, *(str(self.values[k]) for k in sorted(self.values))]
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def quoted(name: str) -> str:
    return name if len(name) <= QUOTED_NAME_CHARS else name[: QUOTED_NAME_CHARS - 1] + "…"


def _common(item: Item, seen_codes: set[str], invalid: str, duplicate: str, missing: str, too_long: str) -> Checked:
    fields = item.fields
    code = fields.get("code", "").strip()
    name = fields.get("name", "")
    checked = Checked(item.kind, item.position, code, fields.get("id", "")[:64], name)
    if not code or len(code) > CODE_MAX:
        checked.code = ""
        checked.add(invalid, limit=CODE_MAX)
        return checked
    if code in seen_codes:
        checked.add(duplicate)
        return checked
    seen_codes.add(code)
    length = item.lengths.get("name", len(name))
    if not name:
        checked.add(missing)
    elif length > NAME_MAX:
        checked.add(too_long, length=length, limit=NAME_MAX)
    return checked


def check_category(item: Item, seen_codes: set[str]) -> Checked:
    checked = _common(
        item, seen_codes, codes.CATEGORY_CODE_INVALID, codes.CATEGORY_CODE_DUPLICATE,
        codes.CATEGORY_NAME_MISSING, codes.CATEGORY_NAME_TOO_LONG,
    )  # fmt: skip
    checked.values["parent"] = item.fields.get("parent", "")
    return checked


def resolve_tree(categories: list[Checked], catalogue_parents: dict[str, str]) -> None:
    """Clear parents that are missing or make a loop, with a warning on each such category.

    `categories` are the package's importable categories; `catalogue_parents` maps every
    category already in the shop to its parent's code ("" for none). The package wins.
    """
    parents = dict(catalogue_parents)
    parents.update((c.code, c.values["parent"]) for c in categories)
    for category in categories:
        parent = category.values["parent"]
        if parent and parent not in parents:
            category.add(codes.CATEGORY_PARENT_MISSING, parent=parent)
            category.values["parent"] = parents[category.code] = ""
    in_cycle: list[tuple[Checked, list[str]]] = []
    for category in categories:
        path, node = [category.code], parents.get(category.code, "")
        while node and node != category.code and node not in path and len(path) <= len(parents):
            path.append(node)
            node = parents.get(node, "")
        if node == category.code:
            in_cycle.append((category, [*path, node]))
    for category, path in in_cycle:
        category.add(codes.CATEGORY_CYCLE, path=" → ".join(path))
        category.values["parent"] = parents[category.code] = ""


def ean_is_valid(ean: str) -> bool:
    """EAN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct GS1 check digit."""
    if len(ean) not in _EAN_LENGTHS or not ean.isascii() or not ean.isdigit():
        return False
    digits = [int(d) for d in ean]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def check_product(item: Item, seen_codes: set[str], categories: Container[str], ean_holders: dict[str, str]) -> Checked:
    """Check one product. `categories` holds every known category code; `ean_holders` maps each
    EAN given so far in this package to its product's code (updated here)."""
    checked = _common(
        item, seen_codes, codes.PRODUCT_CODE_INVALID, codes.PRODUCT_CODE_DUPLICATE,
        codes.PRODUCT_NAME_MISSING, codes.PRODUCT_NAME_TOO_LONG,
    )  # fmt: skip
    if not checked.code or any(p.code == codes.PRODUCT_CODE_DUPLICATE for p in checked.problems):
        return checked  # without its own code the item cannot be matched to anything
    fields, values = item.fields, checked.values

    price = fields.get("price", "")
    if not price:
        checked.add(codes.PRICE_MISSING)
    elif not _PRICE.fullmatch(price):
        checked.add(codes.PRICE_INVALID, price=price[:40])
    elif price.startswith("-"):
        checked.add(codes.PRICE_NEGATIVE, price=price)
    else:
        values["price"] = Decimal(price).quantize(CENT)

    stock = fields.get("stock", "") or "0"
    values["stock"] = Decimal(0).quantize(MILLI)
    if not _STOCK.fullmatch(stock):
        checked.add(codes.STOCK_INVALID, stock=stock[:40])
    elif stock.startswith("-") and Decimal(stock) < 0:
        checked.add(codes.STOCK_NEGATIVE, stock=stock)
    else:
        values["stock"] = Decimal(stock).quantize(MILLI) or Decimal(0).quantize(MILLI)  # "-0" is 0

    category = fields.get("category", "")
    values["category"] = ""
    if not category:
        checked.add(codes.PRODUCT_NO_CATEGORY)
    elif category not in categories:
        checked.add(codes.PRODUCT_CATEGORY_UNKNOWN, category=category[:CODE_MAX])
    else:
        values["category"] = category

    values["active"] = fields.get("active", "true").lower() not in ("false", "0", "no")

    ean = fields.get("ean", "")
    values["ean"] = ""
    if ean and not ean_is_valid(ean):
        checked.add(codes.EAN_INVALID, ean=ean[:40])
    elif ean and not checked.skipped:
        holder = ean_holders.setdefault(ean, checked.code)
        if holder != checked.code:
            checked.add(codes.EAN_DUPLICATE, ean=ean, other=holder)
        else:
            values["ean"] = ean
    return checked
