"""PrestaShop 8's webservice over HTTP: the one way out to a PrestaShop shop (PROTOCOLS.md §1).

`Client(url, key)` talks to `{url}/api/` with one `requests.Session`: Basic auth with the
key as user and an empty password, `settings.PRESTASHOP_TIMEOUT_SECONDS` per request, and
retries with back-off (`settings.PRESTASHOP_RETRIES`) on connection errors, timeouts and
5xx answers of proxies, for the idempotent verbs (GET, HEAD, PUT — a PUT replaces the
whole object —, PATCH, DELETE), never POST. A 503 that PrestaShop itself sends (the
webservice switched off, error 22) is not asked again.

It reads XML only (PROTOCOLS.md §0.1: the JSON output drops `"0"` and `""` fields and
changes the shape of multilingual fields), with defusedxml. Objects come back as dicts:

    {"id": "5", "reference": "PS-00005", "active": "1",           # plain field → str
     "name": {"1": "Kubek 5", "2": "Mug 5"},                      # i18n field → {language id: text}
     "associations": {"combinations": [{"id": "7"}, {"id": "8"}]}} # associations → {name: [dict]}

Every failure is a `PrestaShopError` whose `reason` is a `Message` naming the cause in the
reader's language (codes.py, protocol block) and whose `str()` is an English one-liner; the
key is never in either, nor in a log line (it travels only in the Authorization header).
"""

from __future__ import annotations

import builtins
import logging
import re
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET  # builds request bodies only; answers are parsed by defusedxml

import requests
from defusedxml import ElementTree as SafeET  # type: ignore[import-untyped]  # no stubs installed
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3 import BaseHTTPResponse
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

from eventlog.messages import Message

from . import codes
from .models import KEY_LENGTH, Account

log = logging.getLogger(__name__)

#: The oldest PrestaShop the module speaks to (`PSWS-Version`).
MINIMUM_VERSION = (8, 0, 0)
_POWERED_BY = "PrestaShop Webservice"
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

#: Element names of resources whose singular is not the plural without "s".
_SINGULAR = {
    "categories": "category",
    "order_histories": "order_history",
    "addresses": "address",
    "countries": "country",
    "currencies": "currency",
    "order_invoices": "order_invoice",
}


# Errors ---------------------------------------------------------------------------------


class PrestaShopError(Exception):
    """The webservice could not be used; `reason` says why in the reader's language."""

    def __init__(self, reason: Message, text: str) -> None:
        self.reason = reason
        super().__init__(text)


class NotHttps(PrestaShopError):
    """The shop's address is not https:// (http:// to loopback only when PRESTASHOP_ALLOW_HTTP_LOOPBACK)."""

    def __init__(self, url: str) -> None:
        super().__init__(Message(codes.REASON_NOT_HTTPS, {"url": url}), f"the shop's address must be https://: {url}")


class Unreachable(PrestaShopError):
    """No connection (refused, DNS, TLS) after the retries."""

    def __init__(self, host: str) -> None:
        super().__init__(Message(codes.REASON_UNREACHABLE, {"host": host}), f"no connection to {host}")


class TlsFailed(Unreachable):
    """The TLS handshake failed: the address does not speak HTTPS, or its certificate is not valid."""

    def __init__(self, host: str) -> None:
        PrestaShopError.__init__(self, Message(codes.REASON_TLS, {"host": host}), f"TLS handshake with {host} failed")


class TimedOut(PrestaShopError):
    """No answer within the timeout, after the retries."""

    def __init__(self, host: str, seconds: float) -> None:
        super().__init__(
            Message(codes.REASON_TIMED_OUT, {"host": host, "seconds": seconds}),
            f"{host} did not answer within {seconds} s",
        )


class ServerError(PrestaShopError):
    """A 5xx without PrestaShop's envelope (a proxy, a PHP crash), still there after the retries."""

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(Message(codes.REASON_SERVER_ERROR, {"status": status}), f"HTTP {status} (server error)")


class BadKey(PrestaShopError):
    """401: the key is empty (17), not 32 characters (18), unknown or inactive (20/21); None: no error code."""

    def __init__(self, code: int | None, error: str = "", *, length: int | None = None) -> None:
        self.code = code
        if code == 17:
            reason = Message(codes.REASON_KEY_EMPTY)
        elif code == 18:
            reason = Message(codes.REASON_KEY_LENGTH, {"length": length if length is not None else "?"})
        elif code is not None:
            reason = Message(codes.REASON_KEY_INACTIVE, {"code": code, "error": error[:300]})
        else:
            reason = Message(codes.REASON_KEY_REFUSED)
        super().__init__(reason, f"401 Unauthorized: the webservice key was refused (error {code})")


class NotPrestaShop(PrestaShopError):
    """The address answers, but not as PrestaShop's webservice (an HTML page, a 404 on /api/)."""

    def __init__(self, url: str, status: int) -> None:
        self.status = status
        super().__init__(
            Message(codes.REASON_NOT_PRESTASHOP, {"url": url, "status": status}),
            f"{url} is not a PrestaShop webservice (HTTP {status})",
        )


class WebserviceOff(PrestaShopError):
    """503 with error 22: the shop's webservice is switched off in its back office."""

    def __init__(self) -> None:
        super().__init__(Message(codes.REASON_WEBSERVICE_OFF), "the shop's webservice is switched off (503/22)")


class TooOld(PrestaShopError):
    """`PSWS-Version` older than 8.0.0: the module needs PrestaShop 8.0 or newer."""

    def __init__(self, version: str) -> None:
        self.version = version
        super().__init__(
            Message(codes.REASON_TOO_OLD, {"version": version}),
            f"PrestaShop {version}: the module needs PrestaShop 8.0 or newer; update the shop",
        )


class ApiError(PrestaShopError):
    """Any other error envelope: the HTTP status and PrestaShop's (code, message) pairs, as written."""

    def __init__(self, status: int, errors: builtins.list[tuple[int | None, str]]) -> None:
        self.status, self.errors = status, errors
        text = "; ".join(f"{code}: {message}" if code is not None else message for code, message in errors)
        text = text[:500] or f"HTTP {status}"
        super().__init__(Message(codes.REASON_API_ERROR, {"status": status, "error": text}), f"HTTP {status}: {text}")

    @property
    def codes(self) -> builtins.list[int]:
        return [code for code, _ in self.errors if code is not None]


# Helpers -------------------------------------------------------------------------------


def check_url(url: str) -> None:
    """Raise NotHttps unless `url` is https:// (or http:// to loopback where settings allow it)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.netloc:
        return
    loopback = parts.hostname in _LOOPBACK
    if parts.scheme == "http" and loopback and settings.PRESTASHOP_ALLOW_HTTP_LOOPBACK:
        return
    raise NotHttps(url)


def parse_version(version: str) -> tuple[int, ...]:
    """ "8.1.7" → (8, 1, 7); the leading numbers of anything else ("1.7.8.9-beta" → (1, 7, 8, 9))."""
    return tuple(int(part) for part in re.findall(r"\d+", version.split("-")[0])[:4])


def text(value: Any, lang: str | None = None) -> str:
    """An i18n field's text: language `lang` (its id, "1"), else the first one; a plain value as it is."""
    if isinstance(value, dict):
        if lang is not None and str(lang) in value:
            return str(value[str(lang)])
        return str(next(iter(value.values()), ""))
    return "" if value is None else str(value)


def singular(resource: str) -> str:
    """The element name of one object of a resource ("stock_availables" → "stock_available")."""
    if resource in _SINGULAR:
        return _SINGULAR[resource]
    return resource[:-3] + "y" if resource.endswith("ies") else resource.removesuffix("s")


class _Retry(Retry):
    """urllib3's Retry that counts the attempts it causes and leaves PrestaShop's own 503 (error 22) alone."""

    counter: builtins.list[int] | None = None

    def new(self, **kw: Any) -> _Retry:
        retry = super().new(**kw)
        retry.counter = self.counter
        return retry

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> _Retry:
        if response is not None and _POWERED_BY in str(response.headers.get("X-Powered-By", "")):
            # The webservice itself answered (503/22 "webservice disabled"): asking again changes nothing.
            raise MaxRetryError(_pool, url or "", None)  # type: ignore[arg-type]
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if self.counter is not None:
            self.counter[0] += 1
        return retry


# The client ----------------------------------------------------------------------------


class Client:
    """One shop's webservice. Not thread-safe (one requests.Session); make one per job."""

    def __init__(self, url: str, key: str, *, timeout: float | None = None) -> None:
        self.url = url.strip().rstrip("/")
        self.api = self.url + "/api/"
        self.host = urlsplit(self.url).netloc or self.url
        self._key = key.strip()
        self.timeout = float(timeout if timeout is not None else settings.PRESTASHOP_TIMEOUT_SECONDS)
        #: HTTP requests sent, retries included (for the figures of a run).
        self._count = [0]
        #: The last `PSWS-Version` seen ("" before the first authenticated answer).
        self.version = ""
        retry = _Retry(
            total=settings.PRESTASHOP_RETRIES,
            backoff_factor=settings.PRESTASHOP_BACKOFF_SECONDS,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"}),
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        retry.counter = self._count
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.auth = (self._key, "")
        self.session.headers.update({"User-Agent": "Dziennik PrestaShop module", "Accept": "text/xml"})
        self.session.trust_env = False  # no proxy or .netrc credentials from the worker's environment

    def __repr__(self) -> str:
        return f"<Client {self.url}>"  # never the key

    @classmethod
    def for_account(cls, account: Account, *, timeout: float | None = None) -> Client:
        return cls(account.url, account.key, timeout=timeout)

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far, each retry counted."""
        return self._count[0]

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # The calls.

    def check(self) -> str:
        """The connection test: `GET /api/`. Returns PrestaShop's version ("8.1.7"); raises a PrestaShopError."""
        response, _root = self._call("GET", "")
        version = response.headers.get("PSWS-Version", "")
        if not version:
            raise NotPrestaShop(self.api, response.status_code)
        return version

    def list(
        self,
        resource: str,
        *,
        display: str | builtins.list[str] | None = "full",
        filters: dict[str, str] | None = None,
        sort: str | None = None,
        limit: int | tuple[int, int] | None = None,
        date: bool = False,
        **params: Any,
    ) -> builtins.list[dict[str, Any]]:
        """`GET /api/{resource}` with PrestaShop's list parameters (PROTOCOLS.md §1.3).

        `display`: "full", a list of fields, or None (ids only); `filters`: field → PrestaShop's
        filter value as written ("[1|5]", "[2026-01-01 00:00:00,2026-01-31 23:59:59]", ">[10]");
        `sort`: "[date_upd_ASC,id_ASC]"; `limit`: count or (offset, count); `date`: send `date=1`
        (needed to filter or sort on date_add/date_upd). Other keyword arguments go into the
        query as they are (`language=1`, `id_shop=1`). Returns the objects (see the module).
        """
        query: dict[str, Any] = dict(params)
        if display is not None:
            query["display"] = display if isinstance(display, str) else "[" + ",".join(display) + "]"
        for field, value in (filters or {}).items():
            query[f"filter[{field}]"] = value
        if sort:
            query["sort"] = sort
        if limit is not None:
            query["limit"] = f"{limit[0]},{limit[1]}" if isinstance(limit, tuple) else str(limit)
        if date:
            query["date"] = "1"
        _response, root = self._call("GET", resource, params=query)
        container = root.find(resource) if root is not None else None
        if container is None:
            return []
        return [_object(child) for child in container]

    def iterate(self, resource: str, *, page_size: int = 100, **list_kwargs: Any) -> Iterator[dict[str, Any]]:
        """Every object of a list, page by page (`limit=offset,count`) until a short or empty page.

        The webservice has no total (PROTOCOLS.md §1.1); pass a `sort` ending in a unique field
        (id) so that pages neither skip nor repeat objects.
        """
        offset = 0
        while True:
            page = self.list(resource, limit=(offset, page_size), **list_kwargs)
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def get(self, resource: str, id: int | str, **params: Any) -> dict[str, Any] | None:
        """`GET /api/{resource}/{id}`: the object, or None when the shop has none with that id (404, empty body)."""
        _response, root = self._call("GET", f"{resource}/{id}", params=params, missing_ok=True)
        if root is None:
            return None
        element = root.find(singular(resource))
        if element is None:
            element = next(iter(root), None)
        return _object(element) if element is not None else None

    def put(self, resource: str, obj: dict[str, Any]) -> dict[str, Any]:
        """`PUT /api/{resource}/{id}`: replace the whole object (its `id` in the body; omitted optional
        fields become NULL, omitted required ones 400/41). Returns the object as saved."""
        return self._write("PUT", resource, obj)

    def patch(self, resource: str, obj: dict[str, Any]) -> dict[str, Any]:
        """`PATCH /api/{resource}/{id}` (8.x): only the fields sent (with `id`) change. Returns the saved object."""
        return self._write("PATCH", resource, obj)

    # The wire.

    def _write(self, method: str, resource: str, obj: dict[str, Any]) -> dict[str, Any]:
        if not str(obj.get("id") or ""):
            raise ValueError(f"{method} of {resource} needs the object's id")
        body = to_xml(resource, obj)
        _response, root = self._call(method, f"{resource}/{obj['id']}", data=body)
        element = root.find(singular(resource)) if root is not None else None
        if element is None:
            raise NotPrestaShop(self.api + resource, 200)
        return _object(element)

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        data: bytes | None = None,
        missing_ok: bool = False,
    ) -> tuple[requests.Response, Any]:
        """One request; the response and its parsed <prestashop> root (None for an empty 404 when missing_ok)."""
        check_url(self.url)
        if len(self._key) != KEY_LENGTH:  # PrestaShop would answer 401/18: say so without sending the key
            raise BadKey(18 if self._key else 17, length=len(self._key))
        url = self.api + path
        headers = {"Content-Type": "text/xml; charset=utf-8"} if data is not None else None
        self._count[0] += 1
        started = time.monotonic()
        try:
            response = self.session.request(
                method, url, params=params, data=data, headers=headers, timeout=self.timeout, allow_redirects=False
            )
        except requests.Timeout:
            raise TimedOut(self.host, self.timeout) from None
        except requests.exceptions.SSLError:
            raise TlsFailed(self.host) from None
        except requests.ConnectionError as exc:
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, MaxRetryError) and isinstance(cause.reason, ReadTimeoutError):
                raise TimedOut(self.host, self.timeout) from None
            raise Unreachable(self.host) from None
        except requests.RequestException:
            raise Unreachable(self.host) from None
        log.debug("%s %s → %s in %.2f s", method, url, response.status_code, time.monotonic() - started)
        return response, self._read(response, url, missing_ok=missing_ok)

    def _read(self, response: requests.Response, url: str, *, missing_ok: bool) -> Any:
        status = response.status_code
        powered = _POWERED_BY in response.headers.get("X-Powered-By", "")
        version = response.headers.get("PSWS-Version", "")
        if version:
            self.version = version
        if status == 401:
            errors = _errors(response.content)
            code = errors[0][0] if errors else None
            raise BadKey(code, errors[0][1] if errors else "", length=len(self._key))
        if status == 404 and missing_ok and powered and not response.content.strip():
            return None  # GET of an unknown id: 404 with an empty body (PROTOCOLS.md §0.2)
        if not powered:
            if status >= 500:
                raise ServerError(status)
            raise NotPrestaShop(url, status)
        if version and parse_version(version) < MINIMUM_VERSION:
            raise TooOld(version)
        if status >= 400:
            errors = _errors(response.content)
            if status == 503 and any(code == 22 for code, _ in errors):
                raise WebserviceOff()
            raise ApiError(status, errors or [(None, f"HTTP {status}")])
        try:
            root = SafeET.fromstring(response.content)
        except Exception:  # ParseError, defusedxml's refusals of entities and DTDs
            raise NotPrestaShop(url, status) from None
        if root.tag != "prestashop":
            raise NotPrestaShop(url, status)
        return root


# XML -----------------------------------------------------------------------------------


def _errors(content: bytes) -> builtins.list[tuple[int | None, str]]:
    """PrestaShop's error envelope → [(code, message)] (empty when there is none)."""
    try:
        root = SafeET.fromstring(content)
    except Exception:
        return []
    found = []
    for error in root.iter("error"):
        code = (error.findtext("code") or "").strip()
        message = (error.findtext("message") or "").strip()
        found.append((int(code) if code.isdigit() else None, message))
    return found


def _object(element: Any) -> dict[str, Any]:
    """One object element → dict (see the module); a bare list item (`<product id="5" …/>`) → {"id": "5"}."""
    if len(element) == 0:
        return {"id": element.get("id", "")} if element.get("id") is not None else {}
    obj: dict[str, Any] = {}
    for child in element:
        if child.tag == "associations":
            obj["associations"] = {group.tag: [_object(item) for item in group] for group in child}
        else:
            obj[child.tag] = _value(child)
    return obj


def _value(element: Any) -> Any:
    children = builtins.list(element)
    if not children:
        return element.text or ""
    if all(child.tag == "language" for child in children):
        return {child.get("id", ""): child.text or "" for child in children}
    return {child.tag: _value(child) for child in children}


def to_xml(resource: str, obj: dict[str, Any]) -> bytes:
    """A request body: `<prestashop><{singular}>…</{singular}></prestashop>`; i18n dicts as <language id=…>,
    associations as {name: [dict]}."""
    root = ET.Element("prestashop", {"xmlns:xlink": "http://www.w3.org/1999/xlink"})
    element = ET.SubElement(root, singular(resource))
    for name, value in obj.items():
        child = ET.SubElement(element, name)
        if name == "associations" and isinstance(value, dict):
            for group, items in value.items():
                group_element = ET.SubElement(child, group)
                for item in items:
                    item_element = ET.SubElement(group_element, singular(group))
                    for field, field_value in item.items():
                        ET.SubElement(item_element, field).text = str(field_value)
        elif isinstance(value, dict):
            for lang, lang_text in value.items():
                ET.SubElement(child, "language", {"id": str(lang)}).text = str(lang_text)
        else:
            child.text = "" if value is None else str(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
