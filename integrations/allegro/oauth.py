"""Allegro's OAuth 2 for a device (the seller allows Dziennik at allegro.pl with a code) and token refresh.

Calls, all to ALLEGRO_AUTH_URL (https://allegro.pl), authenticated with HTTP Basic
ALLEGRO_CLIENT_ID:ALLEGRO_CLIENT_SECRET (developer.allegro.pl, "device flow"):

- `POST /auth/oauth/device` (`client_id`) → `device_code`, `user_code`, `verification_uri`,
  `verification_uri_complete`, `expires_in` (s), `interval` (s): `start`;
- `POST /auth/oauth/token` with `grant_type=urn:ietf:params:oauth:grant-type:device_code` and
  `device_code`, every `interval` seconds until the seller allowed it: `check` → `Tokens`, or
  `Pending` (`authorization_pending`; `slow_down` asks for a longer interval), `Denied`
  (`access_denied`), `Expired` (`expired_token`, or Allegro forgot the code: `invalid_grant`);
- `POST /auth/oauth/token` with `grant_type=refresh_token`: `refresh` → `Tokens`, or
  `TokenExpired` when Allegro answers `invalid_grant` (the refresh token stopped working:
  revoked, unused for too long); other failures raise `client.Unavailable` / `client.Refused`.

POSTs are not retried (a refresh that went through but whose answer was lost cannot be
sent twice: Allegro rotates the refresh token).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings
from django.utils import timezone

from . import client, codes
from .codes import message

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


class NotConfigured(client.AllegroError):
    def __init__(self) -> None:
        super().__init__(message(codes.NOT_CONFIGURED))


class TokenExpired(client.AllegroError):
    """Allegro refused the refresh token (`invalid_grant`): only a new authorisation helps."""

    def __init__(self, error: str) -> None:
        self.error = error[:300]
        super().__init__(message(codes.REASON_HTTP, status=400))


@dataclass(frozen=True)
class DeviceCode:
    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str
    expires_in: int
    interval: int


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_in: int

    def expires_at(self, now: dt.datetime | None = None) -> dt.datetime:
        return (now or timezone.now()) + dt.timedelta(seconds=self.expires_in)


@dataclass(frozen=True)
class Pending:
    slow_down: bool = False


@dataclass(frozen=True)
class Denied:
    error: str


@dataclass(frozen=True)
class Expired:
    error: str


def _post(path: str, data: dict[str, str]) -> requests.Response:
    if not settings.ALLEGRO_CLIENT_ID:
        raise NotConfigured()
    url = settings.ALLEGRO_AUTH_URL.rstrip("/") + path
    http = client.session(retries=0)
    try:
        return http.post(
            url, data=data, auth=(settings.ALLEGRO_CLIENT_ID, settings.ALLEGRO_CLIENT_SECRET),
            headers={"Accept": "application/json"}, timeout=settings.ALLEGRO_TIMEOUT_SECONDS,
        )  # fmt: skip
    except requests.Timeout:
        raise client.Unavailable(message(codes.REASON_TIMEOUT, seconds=settings.ALLEGRO_TIMEOUT_SECONDS)) from None
    except requests.ConnectionError:
        raise client.Unavailable(message(codes.REASON_CONNECTION, url=settings.ALLEGRO_AUTH_URL)) from None


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        if response.status_code >= 500:
            raise client.Unavailable(message(codes.REASON_HTTP, status=response.status_code))
        raise client.Unavailable(message(codes.REASON_BAD_ANSWER))
    return body


def _tokens(body: dict[str, Any]) -> Tokens:
    access, refresh, expires_in = body.get("access_token"), body.get("refresh_token"), body.get("expires_in")
    if not isinstance(access, str) or not access or not isinstance(refresh, str):
        raise client.Unavailable(message(codes.REASON_BAD_ANSWER))
    return Tokens(access, refresh, int(expires_in) if isinstance(expires_in, int | float) else 3600)


def start() -> DeviceCode:
    """Ask Allegro for a device code. Raises NotConfigured, client.Unavailable or client.Refused."""
    response = _post("/auth/oauth/device", {"client_id": settings.ALLEGRO_CLIENT_ID})
    if response.status_code == 429:
        raise client.RateLimited(client.retry_after(response))
    body = _json(response)
    if response.status_code >= 400:
        raise client.Refused(response.status_code, client.error_text(response))
    try:
        return DeviceCode(
            device_code=str(body["device_code"]), user_code=str(body["user_code"]),
            verification_uri=str(body["verification_uri"]),
            verification_uri_complete=str(body.get("verification_uri_complete") or body["verification_uri"]),
            expires_in=int(body.get("expires_in") or 3600), interval=int(body.get("interval") or 5),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError):
        raise client.Unavailable(message(codes.REASON_BAD_ANSWER)) from None


def check(device_code: str) -> Tokens | Pending | Denied | Expired:
    """One check of a device code (see the module's docstring)."""
    response = _post("/auth/oauth/token", {"grant_type": DEVICE_GRANT, "device_code": device_code})
    body = _json(response)
    if response.status_code < 400:
        return _tokens(body)
    error = str(body.get("error") or "")
    if error in ("authorization_pending", "slow_down"):
        return Pending(slow_down=error == "slow_down")
    if error == "access_denied":
        return Denied(error)
    if error in ("expired_token", "invalid_grant"):
        return Expired(error)
    raise client.Refused(response.status_code, client.error_text(response))


def refresh(refresh_token: str) -> Tokens:
    """New tokens for a refresh token. Raises TokenExpired (invalid_grant), client.Unavailable or client.Refused."""
    response = _post("/auth/oauth/token", {"grant_type": "refresh_token", "refresh_token": refresh_token})
    body = _json(response)
    if response.status_code < 400:
        return _tokens(body)
    if body.get("error") == "invalid_grant":
        raise TokenExpired(client.error_text(response))
    if response.status_code == 429:
        raise client.RateLimited(client.retry_after(response))
    raise client.Refused(response.status_code, client.error_text(response))
