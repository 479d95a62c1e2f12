"""A stand-in Allegro on loopback: the REST API and the OAuth server Dziennik talks to, over real HTTP.

For the tests and for the demo of `make run` (which has no Allegro application): the
connector's own code talks to it as to api.allegro.pl and allegro.pl (set both
ALLEGRO_API_URL and ALLEGRO_AUTH_URL to its `url`). It answers:

- `POST /auth/oauth/device` → a device code and a user code (HTTP Basic client id:secret);
- `POST /auth/oauth/token` → tokens once the seller allowed the code (`approve`, or the
  stand-in's own page at `verification_uri`, where a person can press "Allow"),
  `authorization_pending` / `access_denied` / `expired_token` before; `grant_type=refresh_token`
  → new tokens (the refresh token rotates), `invalid_grant` for a revoked one (`revoke`);
- `GET /me`, `GET /sale/offers` (offset, limit), and both event feeds, `GET /sale/offer-events`
  and `GET /order/events` (`from`, `limit` 1..1000): each account's events after `from`,
  oldest first; a `from` the feed no longer holds (`expire`) is answered from the oldest it has,
  as Allegro does — the gap a poller must notice;
- 401 for a bad or expired bearer (`expire_access`), and what a test scripts for a route
  with `plan(route, *answers)`: `normal()`, `rate_limited(seconds)` (429 with Retry-After),
  `http_error(status)`, `slow(seconds)`, `invalid_grant()`, `slow_down()`.

Every request is kept in `requests`. Nothing here is allegro.pl: the pages say "stand-in".

    with StandIn() as allegro:   # http://127.0.0.1:<free port>
        tokens = allegro.authorise("sklep_u_gosi")
        allegro.offer_event("sklep_u_gosi", "OFFER_ACTIVATED", "10000000001")
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import itertools
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..standins import LoopbackServer

#: Routes a test can script (`plan`): the last part of the path, or "token" / "device".
ROUTES = ("device", "token", "me", "offer-events", "order-events", "offers")
VERIFICATION_PATH = "/skojarz-aplikacje"


@dataclass(frozen=True)
class Answer:
    kind: str  # "normal", "rate_limited", "http", "slow", "invalid_grant", "slow_down"
    status: int = 0
    seconds: float = 0.0


def normal() -> Answer:
    """The usual answer (to script the one after it)."""
    return Answer("normal")


def rate_limited(seconds: int = 30) -> Answer:
    return Answer("rate_limited", 429, seconds)


def http_error(status: int = 503) -> Answer:
    return Answer("http", status)


def slow(seconds: float) -> Answer:
    return Answer("slow", seconds=seconds)


def invalid_grant() -> Answer:
    return Answer("invalid_grant", 400)


def slow_down() -> Answer:
    """The token endpoint asks a device-code poller to check less often (RFC 8628 §3.5)."""
    return Answer("slow_down", 400)


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    authorization: str
    status: int = 0


@dataclass
class _Device:
    device_code: str
    user_code: str
    expires_at: dt.datetime
    login: str = ""
    denied: bool = False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class StandIn(LoopbackServer):
    thread_name = "allegro-standin"
    client_id: str = "standin-client"
    client_secret: str = "standin-secret"
    #: Seconds an access token lives (Allegro: 12 hours).
    access_ttl: int = 12 * 3600
    #: Seconds between device-code checks it asks for.
    interval: int = 1
    requests: list[Received] = field(default_factory=list)
    #: login -> offer id -> the offer as GET /sale/offers shows it.
    offers: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._feeds: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._access: dict[str, tuple[str, dt.datetime]] = {}
        self._refresh: dict[str, str] = {}
        self._devices: dict[str, _Device] = {}
        self._plans: dict[str, list[Answer]] = {}
        self._users: dict[str, str] = {}
        self._stopping = threading.Event()

    # Running it.

    @property
    def url(self) -> str:
        """Both ALLEGRO_API_URL and ALLEGRO_AUTH_URL ("http://127.0.0.1:PORT")."""
        return self.origin

    # Scripting it.

    def plan(self, route: str, *answers: Answer) -> None:
        """The next answers of `route` (one of ROUTES), before the normal ones."""
        assert route in ROUTES, route
        with self._lock:
            self._plans.setdefault(route, []).extend(answers)

    def _user_id(self, login: str) -> str:
        return self._users.setdefault(login, str(40_000_000 + len(self._users) + 1))

    def authorise(self, login: str) -> dict[str, Any]:
        """Tokens for `login`, as if its seller had allowed a device code: the token endpoint's answer."""
        with self._lock:
            return self._issue(login)

    def approve(self, user_code: str, login: str) -> None:
        """The seller `login` allowed the device code `user_code` at the verification page."""
        with self._lock:
            device = next(d for d in self._devices.values() if d.user_code == user_code)
            device.login = login

    def deny(self, user_code: str) -> None:
        with self._lock:
            next(d for d in self._devices.values() if d.user_code == user_code).denied = True

    def revoke(self, login: str) -> None:
        """The seller took the access back: its tokens stop working (401, invalid_grant)."""
        with self._lock:
            self._access = {t: v for t, v in self._access.items() if v[0] != login}
            self._refresh = {t: v for t, v in self._refresh.items() if v != login}

    def expire_access(self, login: str) -> None:
        """Its access tokens expire (401) while its refresh token still works."""
        with self._lock:
            self._access = {t: v for t, v in self._access.items() if v[0] != login}

    def offer_event(
        self, login: str, kind: str, offer_id: str, *, occurred_at: dt.datetime | None = None, external: str = ""
    ) -> dict[str, Any]:
        offer: dict[str, Any] = {"id": offer_id, "external": {"id": external} if external else None}
        return self._add(login, "offer", {"type": kind, "offer": offer}, occurred_at)

    def order_event(
        self, login: str, kind: str, checkout_form_id: str, *, items: tuple[tuple[str, str], ...] = (),
        status: str = "", occurred_at: dt.datetime | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """An order event; `items` are (offer id, offer name), `status` the fulfillment status it changed to."""
        order: dict[str, Any] = {
            "seller": {"id": self._user_id(login)},
            "buyer": {"id": "50001", "login": "kupujacy_anna", "guest": False},
            "lineItems": [{"id": f"li-{i}", "offer": {"id": o, "name": n}, "quantity": 1} for i, (o, n) in
                          enumerate(items)],
            "checkoutForm": {"id": checkout_form_id, "revision": secrets.token_hex(4)},
        }  # fmt: skip
        if status:
            order["fulfillment"] = {"status": status}
        return self._add(login, "order", {"type": kind, "order": order}, occurred_at)

    def _add(self, login: str, feed: str, event: dict[str, Any], occurred_at: dt.datetime | None) -> dict[str, Any]:
        with self._lock:
            number = next(self._ids)
            # Opaque, like Allegro's: a poller must not compare or do arithmetic on them.
            event_id = base64.urlsafe_b64encode(f"{feed}-{number:012d}".encode()).decode().rstrip("=")
            full = {"id": event_id, "occurredAt": _stamp(occurred_at or _now()), **event}
            self._feeds.setdefault((login, feed), []).append(full)
            return full

    def logins(self) -> list[str]:
        """The sellers that hold a working refresh token (they allowed Dziennik)."""
        with self._lock:
            return sorted(set(self._refresh.values()))

    def events(self, login: str, feed: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._feeds.get((login, feed), []))

    def expire(self, login: str, feed: str, keep: int = 0) -> None:
        """The feed forgets all but its newest `keep` events (offer events live 24 hours at Allegro)."""
        with self._lock:
            events = self._feeds.get((login, feed), [])
            self._feeds[(login, feed)] = events[len(events) - keep :] if keep else []

    def add_offer(self, login: str, offer_id: str, name: str, *, price: str = "49.99", stock: int = 5,
                  status: str = "ACTIVE") -> None:  # fmt: skip
        self.offers.setdefault(login, {})[offer_id] = {
            "id": offer_id, "name": name, "sellingMode": {"format": "BUY_NOW", "price": {"amount": price,
            "currency": "PLN"}}, "stock": {"available": stock, "sold": 0}, "publication": {"status": status},
            "external": None,
        }  # fmt: skip

    # Answering.

    def _issue(self, login: str) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self._access[access] = (login, _now() + dt.timedelta(seconds=self.access_ttl))
        self._refresh[refresh] = login
        self._user_id(login)
        return {"access_token": access, "token_type": "bearer", "refresh_token": refresh,
                "expires_in": self.access_ttl, "scope": "allegro:api:sale:offers:read allegro:api:orders:read",
                "allegro_api": True, "jti": secrets.token_hex(8)}  # fmt: skip

    def _next_plan(self, route: str) -> Answer | None:
        with self._lock:
            plan = self._plans.get(route)
            return plan.pop(0) if plan else None

    def answer(self, method: str, target: str, body: str, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """(status, headers, body) for one request."""
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        received = Received(method, parts.path, query, headers.get("authorization", ""))
        with self._lock:
            self.requests.append(received)
        status, extra, text = self._route(method, parts.path, query, body, headers)
        received.status = status
        return status, extra, text

    def _route(self, method: str, path: str, query: dict[str, str], body: str, headers: dict[str, str]):
        if path == VERIFICATION_PATH:
            return self._verification_page(method, query, body)
        route = {"/auth/oauth/device": "device", "/auth/oauth/token": "token", "/me": "me",
                 "/sale/offer-events": "offer-events", "/order/events": "order-events",
                 "/sale/offers": "offers"}.get(path)  # fmt: skip
        if route is None:
            return _json(404, {"errors": [{"code": "NotFoundException", "message": "Not found", "userMessage": ""}]})
        plan = self._next_plan(route)
        if plan is not None and plan.kind == "slow":
            self._stopping.wait(plan.seconds)
        elif plan is not None and plan.kind == "rate_limited":
            return (
                429,
                {"Retry-After": str(int(plan.seconds))},
                json.dumps(
                    {"errors": [{"code": "TooManyRequests", "message": "Too many requests", "userMessage": ""}]}
                ),
            )
        elif plan is not None and plan.kind == "http":
            return plan.status, {"Content-Type": "text/html"}, f"<html><body>{plan.status}</body></html>"
        if route in ("device", "token"):
            if method != "POST":
                return _json(405, {"error": "method_not_allowed"})
            form = {**query, **{k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}}
            if not self._client_ok(headers.get("authorization", "")):
                return _json(401, {"error": "unauthorized", "error_description": "Bad client credentials"})
            if route == "device":
                return self._device(form)
            if plan is not None and plan.kind == "invalid_grant":
                return _json(400, {"error": "invalid_grant", "error_description": "Invalid refresh token"})
            if plan is not None and plan.kind == "slow_down":
                return _json(400, {"error": "slow_down"})
            return self._token(form)
        login = self._bearer(headers.get("authorization", ""), headers.get("accept", ""))
        if login is None:
            return _json(401, {"error": "invalid_token", "error_description": "Invalid access token"})
        if route == "me":
            return _json(200, {"id": self._user_id(login), "login": login, "firstName": "Stand-in",
                               "lastName": "Seller", "company": {"name": "Stand-in seller"}})  # fmt: skip
        limit = query.get("limit", "100")
        if not limit.isdigit() or not 1 <= int(limit) <= 1000:
            return _json(422, {"errors": [{"code": "VALIDATION_ERROR", "message": "limit must be 1..1000",
                                           "userMessage": "Invalid limit"}]})  # fmt: skip
        if route == "offers":
            offers = list(self.offers.get(login, {}).values())
            offset = int(query.get("offset", "0") or 0)
            page = offers[offset : offset + int(limit)]
            return _json(200, {"offers": page, "count": len(page), "totalCount": len(offers)})
        feed = "offer" if route == "offer-events" else "order"
        events = self.events(login, feed)
        after = query.get("from", "")
        ids = [e["id"] for e in events]
        start = ids.index(after) + 1 if after in ids else 0  # unknown `from`: from the oldest it has
        page = events[start : start + int(limit)]
        return _json(200, {"offerEvents" if feed == "offer" else "events": page})

    def _client_ok(self, authorization: str) -> bool:
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return authorization == f"Basic {expected}"

    def _bearer(self, authorization: str, accept: str) -> str | None:
        if not authorization.startswith("Bearer "):
            return None
        with self._lock:
            found = self._access.get(authorization.removeprefix("Bearer "))
        if found is None or found[1] <= _now():
            return None
        return found[0]

    def _device(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if form.get("client_id") != self.client_id:
            return _json(400, {"error": "invalid_request", "error_description": "Unknown client_id"})
        device = _Device(secrets.token_urlsafe(24), f"{secrets.randbelow(10**9):09d}", _now() + dt.timedelta(hours=1))
        with self._lock:
            self._devices[device.device_code] = device
        uri = self.url + VERIFICATION_PATH
        return _json(200, {"device_code": device.device_code, "expires_in": 3600, "user_code": device.user_code,
                           "interval": self.interval, "verification_uri": uri,
                           "verification_uri_complete": f"{uri}?code={device.user_code}"})  # fmt: skip

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        grant = form.get("grant_type", "")
        with self._lock:
            if grant == "refresh_token":
                login = self._refresh.pop(form.get("refresh_token", ""), None)
                if login is None:
                    return _json(400, {"error": "invalid_grant", "error_description": "Invalid refresh token"})
                return _json(200, self._issue(login))
            if grant == "urn:ietf:params:oauth:grant-type:device_code":
                device = self._devices.get(form.get("device_code", ""))
                if device is None:
                    return _json(400, {"error": "invalid_grant", "error_description": "Unknown device code"})
                if device.expires_at <= _now():
                    return _json(400, {"error": "expired_token"})
                if device.denied:
                    return _json(400, {"error": "access_denied"})
                if not device.login:
                    return _json(400, {"error": "authorization_pending"})
                del self._devices[device.device_code]
                return _json(200, self._issue(device.login))
        return _json(400, {"error": "unsupported_grant_type"})

    def _verification_page(self, method: str, query: dict[str, str], body: str) -> tuple[int, dict[str, str], str]:
        """A page where a person allows a device code, as the seller does at allegro.pl (the demo)."""
        done = ""
        if method == "POST":
            form = {k: v[-1] for k, v in parse_qs(body).items()}
            code, login = form.get("code", "").strip(), form.get("login", "").strip() or "standin_seller"
            with self._lock:
                device = next((d for d in self._devices.values() if d.user_code == code), None)
            if device is None:
                done = "<p><strong>Unknown code.</strong></p>"
            elif form.get("decision") == "deny":
                self.deny(code)
                done = "<p>Refused. You can close this page.</p>"
            else:
                self.approve(code, login)
                done = f"<p>Allowed for <strong>{html.escape(login)}</strong>. Go back to Dziennik.</p>"
        code = html.escape(query.get("code", ""))
        page = (
            "<!doctype html><html lang='en'><meta charset='utf-8'><title>Stand-in Allegro</title>"
            "<body style='font-family:sans-serif;max-width:34em;margin:3em auto'>"
            "<h1>Stand-in Allegro — not allegro.pl</h1><p>Dziennik asks for access to your offers and orders.</p>"
            f"{done}<form method='post'><label>Code <input name='code' value='{code}'></label><br><br>"
            "<label>Seller login <input name='login' value='standin_seller'></label><br><br>"
            "<button name='decision' value='allow'>Allow</button> <button name='decision' value='deny'>Refuse</button>"
            "</form></body></html>"
        )
        return 200, {"Content-Type": "text/html"}, page


def _json(status: int, body: dict[str, Any]) -> tuple[int, dict[str, str], str]:
    content = (
        "application/json" if "error" in body and "errors" not in body else "application/vnd.allegro.public.v1+json"
    )
    return status, {"Content-Type": content}, json.dumps(body)


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn
    protocol_version = "HTTP/1.1"

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, extra, text = self.standin.answer(method, self.path, body, headers)
        data = text.encode()
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **extra}.items():
                self.send_header(name, f"{value}; charset=utf-8" if name == "Content-Type" else value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def log_message(self, format: str, *args: Any) -> None:
        pass


StandIn.handler = _Handler
