"""Allegro's REST API over HTTP: the one way out to api.allegro.pl (PROTOCOLS.md §4).

One `requests.Session` per `Api`, with a timeout on every request (ALLEGRO_TIMEOUT_SECONDS),
urllib3's Retry on 5xx for GETs (ALLEGRO_RETRIES tries more, short back-off, no waiting
out a Retry-After inside the worker), `Accept: application/vnd.allegro.public.v1+json`
and the account's bearer token. What comes back:

- a dict, Allegro's JSON answer;
- `Unauthorized` (401: the token is wrong, expired or revoked);
- `RateLimited` (429), with `retry_after` seconds from its Retry-After header (60 when absent);
- `Refused` (another 4xx), with Allegro's error text (outside text, capped);
- `Unavailable`: no answer in time, no connection, a 5xx after the retries, or an answer
  that is not JSON.

Each carries `reason`, a `Message` saying it in words. The token is never logged.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from eventlog.messages import Message

from . import codes
from .codes import message

MEDIA_TYPE = "application/vnd.allegro.public.v1+json"
#: Allegro's largest `limit` for both event feeds and for GET /sale/offers.
MAX_LIMIT = 1000
#: Seconds to wait after a 429 that says nothing (Allegro's limits are per minute).
DEFAULT_RETRY_AFTER = 60


class AllegroError(Exception):
    """Allegro did not give what was asked; `reason` says why in the reader's language."""

    def __init__(self, reason: Message) -> None:
        self.reason = reason
        super().__init__(reason.stored())


class Unauthorized(AllegroError):
    def __init__(self, error: str) -> None:
        self.error = error[:300]
        super().__init__(message(codes.REASON_HTTP, status=401))


class RateLimited(AllegroError):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message(codes.REASON_HTTP, status=429))


class Refused(AllegroError):
    def __init__(self, status: int, error: str) -> None:
        self.status, self.error = status, error[:300]
        super().__init__(message(codes.REASON_HTTP, status=status))


class Unavailable(AllegroError):
    pass


def session(*, retries: int | None = None, methods: frozenset[str] = frozenset({"GET"})) -> requests.Session:
    """A session that retries 5xx answers of `methods` (`retries` more tries, back-off 0.25 s, 0.5 s, …)."""
    retry = Retry(
        total=settings.ALLEGRO_RETRIES if retries is None else retries,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=methods,
        backoff_factor=0.25,
        raise_on_status=False,
        respect_retry_after_header=False,  # a worker never sleeps out Allegro's advice: the next run comes
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def error_text(response: requests.Response) -> str:
    """Allegro's error in words: `errors[].userMessage`/`message`, OAuth's `error_description`/`error`, or the body."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            return str(first.get("userMessage") or first.get("message") or first.get("code") or "")[:300]
        if body.get("error"):
            return str(body.get("error_description") or body.get("error"))[:300]
    return response.text[:300]


def retry_after(response: requests.Response) -> int:
    """Retry-After in seconds (an HTTP date is not used by Allegro; anything unreadable → the default)."""
    try:
        return max(1, int(response.headers.get("Retry-After", "")))
    except ValueError:
        return DEFAULT_RETRY_AFTER


class Api:
    """Allegro's REST API for one account's access token."""

    def __init__(self, token: str, *, url: str | None = None, timeout: float | None = None) -> None:
        self.url = (url or settings.ALLEGRO_API_URL).rstrip("/")
        self.timeout = settings.ALLEGRO_TIMEOUT_SECONDS if timeout is None else timeout
        self.http = session()
        self.http.headers.update({"Accept": MEDIA_TYPE, "Authorization": f"Bearer {token}"})

    def get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """GET `path` (from "/"); the JSON object answered. Raises the errors of the module's docstring."""
        try:
            response = self.http.get(self.url + path, params=params, timeout=self.timeout)
        except requests.Timeout:
            raise Unavailable(message(codes.REASON_TIMEOUT, seconds=self.timeout)) from None
        except requests.ConnectionError:
            raise Unavailable(message(codes.REASON_CONNECTION, url=self.url)) from None
        if response.status_code == 401:
            raise Unauthorized(error_text(response))
        if response.status_code == 429:
            raise RateLimited(retry_after(response))
        if response.status_code >= 500:
            raise Unavailable(message(codes.REASON_HTTP, status=response.status_code))
        if response.status_code >= 400:
            raise Refused(response.status_code, error_text(response))
        try:
            body = response.json()
        except ValueError:
            raise Unavailable(message(codes.REASON_BAD_ANSWER)) from None
        if not isinstance(body, dict):
            raise Unavailable(message(codes.REASON_BAD_ANSWER))
        return body

    def me(self) -> dict[str, Any]:
        """`GET /me`: the account ({"id", "login", …})."""
        return self.get("/me")

    def offer_events(self, after: str, limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
        """`GET /sale/offer-events`: events after event id `after` ("" from the oldest Allegro keeps), oldest first."""
        return _events(self.get("/sale/offer-events", _feed_params(after, limit)), "offerEvents")

    def order_events(self, after: str, limit: int = MAX_LIMIT) -> list[dict[str, Any]]:
        """`GET /order/events`: order events after event id `after`, oldest first."""
        return _events(self.get("/order/events", _feed_params(after, limit)), "events")

    def offers(self, offset: int = 0, limit: int = MAX_LIMIT) -> tuple[list[dict[str, Any]], int]:
        """`GET /sale/offers`: one page of the account's offers and the total count."""
        body = self.get("/sale/offers", {"offset": offset, "limit": limit})
        offers = body.get("offers")
        if not isinstance(offers, list):
            raise Unavailable(message(codes.REASON_BAD_ANSWER))
        total = body.get("totalCount")
        return [o for o in offers if isinstance(o, dict)], int(total) if isinstance(total, int) else len(offers)


def _feed_params(after: str, limit: int) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": max(1, min(limit, MAX_LIMIT))}
    if after:
        params["from"] = after
    return params


def _events(body: dict[str, Any], key: str) -> list[dict[str, Any]]:
    events = body.get(key)
    if not isinstance(events, list):
        raise Unavailable(message(codes.REASON_BAD_ANSWER))
    return [e for e in events if isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"]]
