"""A stand-in BaseLinker *client*: what BaseLinker does when it imports the shop's products.

BaseLinker calls the integration file (PROTOCOLS.md §2.4): FileVersion, SupportedMethods,
ProductsCategories, every page of ProductsList (up to its "pages"), ProductsData in
batches, then ProductsQuantity and ProductsPrices page by page. The transport is given:
`requests` against a live server in the tests, django.test.Client in `make run`'s demo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Sends the form fields of one request and returns the decoded JSON answer.
Transport = Callable[[dict[str, str]], Any]


class Refused(Exception):
    """The integration file answered in BaseLinker's error shape."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.code = answer.get("error_code", "")
        self.text = answer.get("error_text", "")
        super().__init__(f"{self.code}: {self.text}")


@dataclass
class Pulled:
    """What one pull read: the product list, their data, quantities and prices, and the requests made."""

    version: dict[str, Any] = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)
    categories: dict[str, str] = field(default_factory=dict)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    quantities: dict[str, dict[str, Any]] = field(default_factory=dict)
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: int = 0
    pages: int = 1


class StandInBaseLinker:
    def __init__(self, transport: Transport, password: str) -> None:
        self.transport = transport
        self.password = password
        self.requests = 0

    def call(self, action: str, **params: Any) -> Any:
        """One request; raises Refused for an answer in the error shape."""
        self.requests += 1
        answer = self.transport({"bl_pass": self.password, "action": action, **{k: str(v) for k, v in params.items()}})
        if isinstance(answer, dict) and answer.get("error") is True:
            raise Refused(answer)
        return answer

    def _pages(self, action: str, **params: Any) -> tuple[dict[str, Any], int]:
        found: dict[str, Any] = {}
        page, pages = 1, 1
        while page <= pages:
            answer = dict(self.call(action, page=page, **params))
            pages = int(answer.pop("pages", 1))
            found.update(answer)
            page += 1
        return found, pages

    def pull(self, batch: int = 100) -> Pulled:
        """A whole import, as BaseLinker makes it every day."""
        before = self.requests
        got = Pulled()
        got.version = self.call("FileVersion")
        got.methods = self.call("SupportedMethods")
        got.categories = self.call("ProductsCategories")
        got.products, got.pages = self._pages("ProductsList", category_id="all")
        ids = list(got.products)
        for start in range(0, len(ids), batch):
            got.data.update(self.call("ProductsData", products_id=",".join(ids[start : start + batch])))
        got.quantities, _ = self._pages("ProductsQuantity")
        got.prices, _ = self._pages("ProductsPrices")
        got.requests = self.requests - before
        return got
