"""Checks of one package item, turning the ERP's text into the values the shop stores.

Pure functions over `package.Item`s: no database. Each check either clears the faulty
field and adds a warning (the item is still imported) or marks the item skipped with
an error; `codes` says which is which. One bad item never stops the others.

Identifiers (the codes of products and categories, and the codes that refer to them:
a product's category, a category's parent) follow one rule set, documented in
docs/erp-package.md ("Codes"):
- surrounding whitespace is removed and the text is put into Unicode NFC, so "Ź" sent
  as Z + combining accent (NFD) is the same code as "Ź" (NFC);
- a code holding a character one cannot see or type (a control or format character —
  zero-width space, soft hyphen, direction marks, BOM —, a line separator, private use,
  or any space but U+0020) is refused: two codes that look the same must be one code;
- codes are compared ignoring case: a code that differs from an earlier one in the
  package only in case is refused (the first spelling wins), as a duplicate is; against
  the shop's catalogue the importer checks the same (`case_key`). A reference is
  resolved ignoring case too.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
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


#: Unicode categories no code may hold (besides spaces other than U+0020): controls, format
#: characters, line and paragraph separators, private use, unassigned.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cn"})


def identifier(value: str) -> str:
    """An identifier as the shop stores and compares it: without surrounding whitespace, in NFC."""
    return unicodedata.normalize("NFC", value.strip())


def case_key(code: str) -> str:
    """What two codes share when they differ only in case (PostgreSQL's LOWER agrees for Polish letters)."""
    return code.lower()


def invisible(code: str) -> str | None:
    """The first character of `code` one cannot see or type, or None."""
    for char in code:
        category = unicodedata.category(char)
        if category in _INVISIBLE_CATEGORIES or (category == "Zs" and char != " "):
            return char
    return None


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def visible(code: str) -> str:
    """A code for a message, each invisible character written as its code point: "KUB[U+200B]001"."""
    return "".join(f"[{code_point(c)}]" if invisible(c) else c for c in code)


def resolve(reference: str, known: Container[str], folded: dict[str, str]) -> str:
    """A referred-to code as the shop knows it: itself, or the one spelling that differs only in case."""
    reference = identifier(reference)
    if not reference or reference in known:
        return reference
    return folded.get(case_key(reference), reference)


def quoted(name: str) -> str:
    return name if len(name) <= QUOTED_NAME_CHARS else name[: QUOTED_NAME_CHARS - 1] + "…"


@dataclass(frozen=True)
class Rules:
    """The message codes of one kind of item (product or category)."""

    invalid: str
    duplicate: str
    missing: str
    too_long: str
    hidden: str
    case_clash: str


PRODUCT_RULES = Rules(
    codes.PRODUCT_CODE_INVALID, codes.PRODUCT_CODE_DUPLICATE, codes.PRODUCT_NAME_MISSING,
    codes.PRODUCT_NAME_TOO_LONG, codes.PRODUCT_CODE_INVISIBLE, codes.PRODUCT_CODE_CASE_CLASH,
)  # fmt: skip
CATEGORY_RULES = Rules(
    codes.CATEGORY_CODE_INVALID, codes.CATEGORY_CODE_DUPLICATE, codes.CATEGORY_NAME_MISSING,
    codes.CATEGORY_NAME_TOO_LONG, codes.CATEGORY_CODE_INVISIBLE, codes.CATEGORY_CODE_CASE_CLASH,
)  # fmt: skip


def where(code: str) -> dict[str, Any]:
    """The `where` of a *_CASE_CLASH message (codes.WHERE_PACKAGE or WHERE_SHOP), in the reader's language."""
    return codes.reason(code)


def _common(item: Item, seen_codes: set[str], folded: dict[str, str], rules: Rules) -> Checked:
    fields = item.fields
    code = identifier(fields.get("code", ""))
    name = unicodedata.normalize("NFC", fields.get("name", ""))
    checked = Checked(item.kind, item.position, code, identifier(fields.get("id", ""))[:64], name)
    if not code or len(code) > CODE_MAX:
        checked.code = ""
        checked.add(rules.invalid, limit=CODE_MAX)
        return checked
    if code in seen_codes:
        checked.add(rules.duplicate)
        return checked
    if (char := invisible(code)) is not None:
        checked.code = visible(code)  # its key and its messages show what cannot be seen
        checked.add(rules.hidden, character=code_point(char))
        return checked
    first = folded.setdefault(case_key(code), code)
    if first != code:
        checked.add(rules.case_clash, other=first, where=where(codes.WHERE_PACKAGE))
        return checked
    seen_codes.add(code)
    length = item.lengths.get("name", len(name))
    if not name:
        checked.add(rules.missing)
    elif length > NAME_MAX:
        checked.add(rules.too_long, length=length, limit=NAME_MAX)
    return checked


def is_refused_code(checked: Checked) -> bool:
    """The item's code itself was refused (duplicate, invisible character, case clash): it matches nothing."""
    return any(p.code in _CODE_REFUSALS for p in checked.problems)


_CODE_REFUSALS = frozenset(
    {
        codes.PRODUCT_CODE_DUPLICATE, codes.PRODUCT_CODE_INVISIBLE, codes.PRODUCT_CODE_CASE_CLASH,
        codes.CATEGORY_CODE_DUPLICATE, codes.CATEGORY_CODE_INVISIBLE, codes.CATEGORY_CODE_CASE_CLASH,
    }
)  # fmt: skip


def check_category(item: Item, seen_codes: set[str], folded: dict[str, str] | None = None) -> Checked:
    """Check one category. `seen_codes` and `folded` (case key -> first spelling) are this package's codes so far."""
    checked = _common(item, seen_codes, {} if folded is None else folded, CATEGORY_RULES)
    checked.values["parent"] = identifier(item.fields.get("parent", ""))
    return checked


def fold_parents(categories: list[Checked], catalogue_codes: Container[str], folded: dict[str, str]) -> None:
    """Resolve each category's parent ignoring case (`resolve`), before `resolve_tree` judges it."""
    known = {c.code for c in categories}
    for category in categories:
        parent = category.values["parent"]
        if parent and parent not in known and parent not in catalogue_codes:
            category.values["parent"] = folded.get(case_key(parent), parent)


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


def check_product(
    item: Item,
    seen_codes: set[str],
    categories: Container[str],
    ean_holders: dict[str, str],
    folded: dict[str, str] | None = None,
    folded_categories: dict[str, str] | None = None,
) -> Checked:
    """Check one product. `categories` holds every known category code (`folded_categories`: their
    case keys -> spelling); `ean_holders` maps each EAN given so far in this package to its product's
    code (updated here); `seen_codes` and `folded` are this package's product codes so far."""
    checked = _common(item, seen_codes, {} if folded is None else folded, PRODUCT_RULES)
    if not checked.code or is_refused_code(checked):
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

    category = resolve(fields.get("category", ""), categories, folded_categories or {})
    values["category"] = ""
    if not category:
        checked.add(codes.PRODUCT_NO_CATEGORY)
    elif category not in categories:
        checked.add(codes.PRODUCT_CATEGORY_UNKNOWN, category=category[:CODE_MAX])
    else:
        values["category"] = category

    values["active"] = fields.get("active", "true").lower() not in ("false", "0", "no")

    ean = fields.get("ean", "").strip()
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
