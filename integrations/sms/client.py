"""SMSAPI.pl over HTTP, through its official client (`smsapi-client`): the one way out to the gateway.

`send` makes one `POST {SMSAPI_URL}sms.do` (bearer token; `to`, `message`, `format=json`,
`encoding=utf-8`, `max_parts`, `idx` with `check_idx=1`, and `from` when a sender name
is set) and says what came of it:

- `Accepted`: the gateway took the message (its id, points, parts). A message whose
  `idx` the gateway has seen before (error 53: a previous attempt was accepted even if
  its answer never arrived) is accepted too, with `already=True`: it is never sent twice.
- `Refused` (raised): SMSAPI answered with a numbered error — 13 no valid recipient,
  101/102 bad authorisation, 103 not enough points, 14 wrong sender name, … — in its
  JSON (HTTP 200, or 4xx on authorisation). The message will not go through as it is.
- `Unavailable` (raised): no answer within `timeout` seconds, no connection, a 5xx, an
  answer that is not SMSAPI's JSON, or one of its temporary errors (8, 201, 202, 203,
  999). The message may be tried again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from django.conf import settings
from smsapi.client import Client
from smsapi.exception import EndpointException, SendException, SmsApiException

from eventlog.messages import Message

from . import codes
from .codes import message


@dataclass(frozen=True)
class Gateway:
    """Where and how to send: the base URL (ends with "/"), token, sender name, timeout (seconds), most parts."""

    url: str
    token: str
    sender: str = ""
    timeout: float = 10.0
    max_parts: int = 6

    @classmethod
    def from_settings(cls) -> Gateway:
        return cls(
            url=settings.SMSAPI_URL,
            token=settings.SMSAPI_TOKEN,
            sender=settings.SMSAPI_SENDER,
            timeout=settings.SMSAPI_TIMEOUT_SECONDS,
            max_parts=settings.SMSAPI_MAX_PARTS,
        )

    @property
    def base_url(self) -> str:
        return self.url if self.url.endswith("/") else self.url + "/"


@dataclass(frozen=True)
class Accepted:
    gateway_id: str
    points: Decimal | None = None
    parts: int | None = None
    #: The gateway had accepted this message before (its idx was known).
    already: bool = False


class Refused(Exception):
    """SMSAPI refused the message: its error number (None if it gave none) and its text (outside text)."""

    def __init__(self, code: int | None, text: str) -> None:
        self.code, self.text = code, text[:500]
        super().__init__(f"SMSAPI error {code}: {self.text}")


class Unavailable(Exception):
    """The gateway did not answer usefully; `reason` says how, in the reader's language."""

    def __init__(self, reason: Message) -> None:
        self.reason = reason
        super().__init__(reason.stored())


def send(gateway: Gateway, phone: str, text: str, idx: str) -> Accepted:
    """Send one SMS to `phone` (E.164) through SMSAPI; `idx` is the shop's id of the message.

    Returns Accepted; raises Refused or Unavailable (see the module's docstring).
    """
    client = Client(gateway.base_url, access_token=gateway.token)
    params: dict[str, Any] = {
        "to": phone.lstrip("+"),
        "message": text,
        "encoding": "utf-8",
        "max_parts": gateway.max_parts,
        "idx": idx,
        "check_idx": 1,
        "timeout": gateway.timeout,  # read by the client, not sent
    }
    if gateway.sender:
        params["from_"] = gateway.sender
    try:
        result = client.sms.send(**params)
    except requests.Timeout:
        raise Unavailable(message(codes.REASON_TIMEOUT, seconds=gateway.timeout)) from None
    except requests.ConnectionError:
        raise Unavailable(message(codes.REASON_CONNECTION, url=gateway.base_url)) from None
    except SendException as exc:
        return _refusal(_number(exc.code), exc.message)
    except EndpointException as exc:  # not HTTP 2xx: `code` is the HTTP status, `message` the body
        status = _number(exc.code) or 0
        answer = _json(exc.message)
        if status >= 500:
            raise Unavailable(message(codes.REASON_HTTP, status=status)) from None
        if answer is not None and answer.get("error") is not None:
            return _refusal(_number(answer.get("error")), str(answer.get("message") or ""))
        raise Refused(None, f"HTTP {status}: {str(exc.message)[:200]}") from None
    except SmsApiException as exc:
        raise Refused(_number(exc.code), str(exc.message or "")) from None
    first = next(iter(result.results), None) if result is not None else None
    if first is None:
        raise Unavailable(message(codes.REASON_BAD_ANSWER))
    if first.error:
        return _refusal(_number(first.error), str(first.error))
    return Accepted(str(first.id or ""), _decimal(first.points), _number(first.parts))


def _refusal(code: int | None, text: str) -> Accepted:
    """A numbered answer: a duplicate idx is an earlier acceptance, a temporary error is no answer, else Refused."""
    if code == codes.DUPLICATE_IDX:
        return Accepted("", already=True)
    if code in codes.TEMPORARY_ERRORS:
        raise Unavailable(message(codes.REASON_TEMPORARY, code=code, error=text[:200]))
    raise Refused(code, text or "")


def _number(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


def _json(text: Any) -> dict[str, Any] | None:
    try:
        answer = json.loads(text)
    except (TypeError, ValueError):
        return None
    return answer if isinstance(answer, dict) else None
