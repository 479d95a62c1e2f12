"""BaseLinker's shop integration file, as Dziennik serves it: one function per action, over the local catalogue.

BaseLinker is the client: it POSTs `bl_pass`, `action` and the action's parameters and
reads JSON (UTF-8, HTTP 200 even on error). The shapes are those of BaseLinker's
integration-file templates (standard 4, `../shared/PROTOCOLS.md` §2.1):

- FileVersion → {"platform": "Dziennik", "version": "4.0.0", "standard": 4}
- SupportedMethods → ["FileVersion", …]
- ProductsCategories → {"<id>": "Parent/Child"}
- ProductsList → {"<id>": {"name", "quantity", "price": "123.45", "sku", "ean"}, …, "pages": N} ("pages" when > 1)
- ProductsData → {"<id>": {name, ean, sku, description, weight, quantity, man_name, category_id,
  category_name, tax, price, images, features, variants}}
- ProductsQuantity → {"<id>": {"0": qty}, "pages": N}; ProductsPrices → {"<id>": {"0": 230.0}, "pages": N}

The catalogue is the ERP's (`erp.Product`): BaseLinker's product id is the product's
primary key, its SKU the ERP code; the price is gross PLN; quantities are whole units
(a negative stock is served as 0); there are no variants locally ({}), and no tax rate,
so the Polish standard rate (23 %) is served. A product that is inactive, has no name or
no price (0) is not served at all (see `servable`); the journal says why (pulls.py).

Each function raises `Refusal` for what BaseLinker should read as an error.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window

from integrations.erp.models import Category, Product
from integrations.erp.validation import ean_is_valid

PLATFORM = "Dziennik"
VERSION = "4.0.0"
STANDARD = 4
#: Products a page of ProductsList / ProductsQuantity / ProductsPrices holds (BaseLinker's 1000 a page).
PAGE_SIZE = 1000
#: The most products one ProductsData call may ask for.
DATA_MAX_IDS = 1000
#: The VAT rate served: the catalogue holds none, and the shop sells in Poland (standard rate).
TAX_RATE = 23
ACTIONS = (
    "FileVersion",
    "SupportedMethods",
    "ProductsCategories",
    "ProductsList",
    "ProductsData",
    "ProductsQuantity",
    "ProductsPrices",
)
DATA_FIELDS = (
    "name", "ean", "sku", "description", "weight", "quantity", "man_name", "category_id", "category_name",
    "tax", "price", "images", "features", "variants",
)  # fmt: skip
SORTS = {"id": "id", "name": "name", "quantity": "stock", "price": "price", "sku": "code", "ean": "ean"}


class Refusal(Exception):
    """An answer in BaseLinker's error shape: {"error": true, "error_code": code, "error_text": text}."""

    def __init__(self, code: str, text: str) -> None:
        self.code, self.text = code, text
        super().__init__(f"{code}: {text}")

    def answer(self) -> dict[str, Any]:
        return {"error": True, "error_code": self.code, "error_text": self.text}


def servable() -> QuerySet[Product]:
    """The products BaseLinker is served: active, with a name and a price above 0."""
    return Product.objects.filter(active=True, price__gt=0).exclude(name="")


def unservable() -> QuerySet[Product]:
    """Active products left out of the file for lack of a name or a price (each is a problem of the pull)."""
    return Product.objects.filter(active=True).filter(Q(price__lte=0) | Q(name=""))


def category_paths() -> dict[int, str]:
    """{category id: "Parent/Child"} for every category (one query; a cycle in parents stops at the repeat)."""
    rows = {pk: (name, parent) for pk, name, parent in Category.objects.values_list("pk", "name", "parent_id")}
    paths: dict[int, str] = {}
    for pk in rows:
        names, seen, at = [], set(), pk
        while at is not None and at in rows and at not in seen:
            seen.add(at)
            names.append(rows[at][0].replace("/", "-"))
            at = rows[at][1]
        paths[pk] = "/".join(reversed(names))
    return paths


def quantity(stock: decimal.Decimal) -> int:
    """Whole units, never below 0."""
    return max(int(stock), 0)


def served_ean(product: Product) -> str:
    return product.ean if ean_is_valid(product.ean) else ""


def data_record(product: Product, paths: dict[int, str]) -> dict[str, Any]:
    """Everything ProductsData serves of one product (and what its served hash covers)."""
    return {
        "name": product.name,
        "ean": served_ean(product),
        "sku": product.code,
        "description": "",
        "weight": 0,
        "quantity": quantity(product.stock),
        "man_name": "",
        "category_id": str(product.category_id or ""),
        "category_name": paths.get(product.category_id or 0, ""),
        "tax": TAX_RATE,
        "price": float(product.price),
        "images": [],
        "features": [],
        "variants": {},
    }


def list_record(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "quantity": quantity(product.stock),
        "price": f"{product.price:.2f}",
        "sku": product.code,
        "ean": served_ean(product),
    }


# The actions ----------------------------------------------------------------------------


def file_version() -> dict[str, Any]:
    return {"platform": PLATFORM, "version": VERSION, "standard": STANDARD}


def supported_methods() -> list[str]:
    return list(ACTIONS)


def products_categories() -> dict[str, str]:
    return {str(pk): path for pk, path in sorted(category_paths().items())}


@dataclass
class ListQuery:
    """ProductsList's parameters, validated (forms.ListForm)."""

    category_id: int | None = None  # None: all
    skip: int = 0
    count: int | None = None
    sort: str = "id"
    descending: bool = False
    filter_id: int | None = None
    filter_ean: str = ""
    filter_sku: str = ""
    filter_name: str = ""
    price_from: decimal.Decimal | None = None
    price_to: decimal.Decimal | None = None
    quantity_from: decimal.Decimal | None = None
    quantity_to: decimal.Decimal | None = None
    available: bool = False
    page: int = 1

    @property
    def full(self) -> bool:
        """The whole catalogue in its natural order: a pull, not a look-up."""
        return (
            self.category_id is None and self.skip == 0 and self.count is None and self.filter_id is None
            and not (self.filter_ean or self.filter_sku or self.filter_name or self.available)
            and self.price_from is None and self.price_to is None
            and self.quantity_from is None and self.quantity_to is None
        )  # fmt: skip


@dataclass
class Listing:
    """A page of ProductsList: the answer, and the products on it (for the pull's bookkeeping)."""

    answer: dict[str, Any]
    products: list[Product] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    total: int = 0


def _descendants(category_id: int) -> set[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [category_id]
    while todo:
        at = todo.pop()
        if at not in found:
            found.add(at)
            todo.extend(children.get(at, ()))
    return found


def _filtered(query: ListQuery) -> QuerySet[Product]:
    products = servable()
    if query.category_id is not None:
        products = products.filter(category_id__in=_descendants(query.category_id))
    if query.filter_id is not None:
        products = products.filter(pk=query.filter_id)
    if query.filter_ean:
        products = products.filter(ean=query.filter_ean)
    if query.filter_sku:
        products = products.filter(code__icontains=query.filter_sku)
    if query.filter_name:
        products = products.filter(name__icontains=query.filter_name)
    if query.price_from is not None:
        products = products.filter(price__gte=query.price_from)
    if query.price_to is not None:
        products = products.filter(price__lte=query.price_to)
    if query.quantity_from is not None:
        products = products.filter(stock__gte=query.quantity_from)
    if query.quantity_to is not None:
        products = products.filter(stock__lte=query.quantity_to)
    if query.available:
        products = products.filter(stock__gte=1)
    return products


def _page(
    products: QuerySet[Product], page: int, skip: int = 0, count: int | None = None
) -> tuple[list[Product], int, int]:
    """(the page's products, pages, products in all) in one query: the total comes with the rows
    (COUNT(*) OVER ()), so a page costs one round trip; an empty page costs a second one for the total."""
    start = skip + (page - 1) * PAGE_SIZE
    end = start + PAGE_SIZE
    if count is not None:
        end = min(end, skip + count)
    rows: list[Any] = list(products.annotate(total_rows=Window(Count("pk")))[start:end]) if end > start else []
    total = rows[0].total_rows if rows else products.count()
    in_all = max(0, total - skip) if count is None else max(0, min(count, total - skip))
    return rows, max(1, math.ceil(in_all / PAGE_SIZE)), in_all


def products_list(query: ListQuery) -> Listing:
    """A page of the (filtered, sorted) product list, PAGE_SIZE products a page."""
    order = SORTS[query.sort]
    ordering = [F(order).desc() if query.descending else F(order).asc(), "-pk" if query.descending else "pk"]
    products = _filtered(query).order_by(*ordering)
    rows, pages, total = _page(products, query.page, query.skip, query.count)
    answer: dict[str, Any] = {str(p.pk): list_record(p) for p in rows}
    if pages > 1:
        answer["pages"] = pages
    return Listing(answer, rows, query.page, pages, total)


def products_data(ids: Iterable[int], fields: Iterable[str] = ()) -> tuple[dict[str, Any], list[int]]:
    """(the answer, the ids served): the full data of the servable products among `ids`, only `fields`
    when given. Raises Refusal("unknown_product") when none of them is served."""
    wanted = [f for f in fields if f in DATA_FIELDS] or list(DATA_FIELDS)
    paths = category_paths()
    found = list(servable().filter(pk__in=list(ids)).order_by("pk"))
    if not found:
        raise Refusal("unknown_product", "No product: " + ",".join(str(i) for i in ids)[:200])
    answer = {}
    for product in found:
        record = data_record(product, paths)
        answer[str(product.pk)] = {name: record[name] for name in wanted}
    return answer, [p.pk for p in found]


def products_quantity(page: int) -> dict[str, Any]:
    rows, pages, _total = _page(servable().order_by("pk").only("pk", "stock"), page)
    answer: dict[str, Any] = {str(p.pk): {"0": quantity(p.stock)} for p in rows}
    if pages > 1:
        answer["pages"] = pages
    return answer


def products_prices(page: int) -> dict[str, Any]:
    """Gross prices in PLN, PAGE_SIZE (1000) a page."""
    rows, pages, _total = _page(servable().order_by("pk").only("pk", "price"), page)
    answer: dict[str, Any] = {str(p.pk): {"0": float(p.price)} for p in rows}
    if pages > 1:
        answer["pages"] = pages
    return answer
