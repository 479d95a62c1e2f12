"""One request of BaseLinker's to the integration file: password, action, parameters → the JSON answer.

The answer is a dict or list in BaseLinker's shapes (server.py), or its error shape
`{"error": true, "error_code", "error_text"}`: `no_password` (no bl_pass: also what a
browser opening the address gets), `incorrect_password`, `unsupported_action`
("No action: X"), `invalid_parameter`, `unknown_product`, `daily_limit`. The error texts
are English: BaseLinker's panel shows them as they are.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache

from eventlog import writer
from eventlog.messages import Message

from . import codes, forms, pulls, server
from .models import BaseLinkerSettings
from .tab import BASELINKER

log = logging.getLogger(__name__)


def expected_password() -> str:
    """The password BaseLinker must send: BASELINKER_PASSWORD when set, else the panel's ("" for none)."""
    return settings.BASELINKER_PASSWORD or BaseLinkerSettings.load().password


def password_from_environment() -> bool:
    return bool(settings.BASELINKER_PASSWORD)


#: A wrong password is recorded in the tab at most this often (seconds): guessing cannot flood the journal.
WRONG_PASSWORD_EVERY = 600


def _wrong_password(address: str) -> None:
    # Per sender, so that one sender's guessing does not hide another's.
    if cache.add(f"baselinker:wrong-password:{address}", 1, WRONG_PASSWORD_EVERY):
        writer.record(
            tab=BASELINKER.slug, severity="warning", event_type="request_refused",
            message=Message(codes.WRONG_PASSWORD, {"address": address or "?"}), data={"address": address},
        )  # fmt: skip


def check_password(given: str, address: str = "") -> None:
    """Raises server.Refusal unless `given` is the password (compared in constant time); a wrong one is
    recorded in the tab (at most every WRONG_PASSWORD_EVERY seconds per sender), with the sender's `address`."""
    if not given:
        raise server.Refusal("no_password", "No password given (bl_pass).")
    expected = expected_password()
    if not expected:
        raise server.Refusal(
            "incorrect_password",
            "No password is set for this integration file: set one in Dziennik's BaseLinker settings.",
        )
    if not hmac.compare_digest(given.encode(), expected.encode()):
        log.warning("BaseLinker integration file: a request with a wrong password from %s", address)
        _wrong_password(address)
        raise server.Refusal("incorrect_password", "Incorrect password (bl_pass).")


def _form(form_class: type[forms._Params], data: Mapping[str, Any]) -> Any:
    form = form_class(data)
    if not form.is_valid():
        raise form.refusal()
    return form


def _products_list(data: Mapping[str, Any]) -> dict[str, Any]:
    query = _form(forms.ListForm, data).query()
    pull = pulls.begin() if query.full and query.page == 1 else None
    listing = server.products_list(query)
    if query.full:
        pull = pull or pulls.open_pull()
        if pull is not None:
            pulls.count_page(pull, listing)
    return listing.answer


def _products_data(data: Mapping[str, Any]) -> dict[str, Any]:
    form = _form(forms.DataForm, data)
    answer, served = server.products_data(form.cleaned_data["products_id"], form.cleaned_data["fields"])
    pulls.count_data(served)
    return answer


def _paged(action: Any) -> Any:
    def answer(data: Mapping[str, Any]) -> dict[str, Any]:
        page = _form(forms.PageForm, data).cleaned_data["page"]
        pulls.touch()
        return action(page)

    return answer


def _plain(action: Any) -> Any:
    def answer(data: Mapping[str, Any]) -> Any:
        pulls.touch()
        return action()

    return answer


ACTIONS = {
    "FileVersion": _plain(server.file_version),
    "SupportedMethods": _plain(server.supported_methods),
    "ProductsCategories": _plain(server.products_categories),
    "ProductsList": _products_list,
    "ProductsData": _products_data,
    "ProductsQuantity": _paged(server.products_quantity),
    "ProductsPrices": _paged(server.products_prices),
}
assert set(ACTIONS) == set(server.ACTIONS)


def handle(data: Mapping[str, Any], address: str = "") -> Any:
    """The answer to one request's form fields, from `address` (never raises for what BaseLinker sends)."""
    try:
        check_password(str(data.get("bl_pass", "")), address)
        action = str(data.get("action", ""))
        if action not in ACTIONS:
            raise server.Refusal("unsupported_action", f"No action: {action[:100]}")
        return ACTIONS[action](data)
    except server.Refusal as refusal:
        return refusal.answer()
