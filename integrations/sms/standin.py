"""A stand-in SMSAPI.pl on loopback: `POST /sms.do` answered as the real gateway answers it.

For the tests and for the demo of `make run` (which has no SMSAPI account): the real
client code talks to it over real HTTP. It checks the bearer token (401 with error 101
otherwise), the recipient (error 13 for a number it was told is invalid, or one that is
no phone number), the text (error 11 when empty, 12 over `max_parts`), the sender name
(error 14 for one not in `senders`, when that is set), the idx (error 53 for an idx it
accepted before, with `check_idx=1`) and the credit (error 103 when the points run out),
and answers an accepted message with SMSAPI's JSON (`count`, `list` of id, points,
number, date_sent, submitted_number, status "QUEUE", idx, parts).

A test scripts what comes next for one number with `plan(phone, *answers)`: `refuse(code,
text)`, `http_error(status)` (a 5xx with an HTML body, as a proxy in front answers) or
`slow(seconds)` (it answers — and accepts — only after that long, so a client with a
shorter timeout gives up on a message the gateway took). Every request is kept in
`requests`, every accepted message in `accepted`.

    with StandIn() as gateway:   # http://127.0.0.1:<free port>/
        gateway.invalid.add("48600000013")
        gateway.plan("+48600100200", http_error(503))
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs

from ..standins import LoopbackServer
from .validation import count_parts

#: What one SMS part costs on the stand-in's account (points).
POINTS_PER_PART = 0.16


@dataclass(frozen=True)
class Answer:
    """A scripted answer to the next request for a number."""

    kind: str  # "refuse", "http", "slow"
    code: int = 0
    text: str = ""
    seconds: float = 0.0


def refuse(code: int, text: str = "") -> Answer:
    return Answer("refuse", code=code, text=text or f"Error {code}")


def http_error(status: int = 503) -> Answer:
    return Answer("http", code=status)


def slow(seconds: float) -> Answer:
    return Answer("slow", seconds=seconds)


@dataclass
class Received:
    """One request as the stand-in saw it."""

    fields: dict[str, str]
    authorization: str
    answered: dict[str, Any] | None = None
    status: int = 200


@dataclass
class StandIn(LoopbackServer):
    thread_name = "smsapi-standin"
    token: str = "standin-token"
    #: Points on the account; None: unlimited.
    points: float | None = None
    #: Numbers (digits, "48600100200") the gateway finds no valid recipient in.
    invalid: set[str] = field(default_factory=set)
    #: Sender names approved on the account; None: any name.
    senders: set[str] | None = None
    requests: list[Received] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._plans: dict[str, list[Answer]] = {}
        self._idx: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._stopping = threading.Event()

    # Running it.

    @property
    def url(self) -> str:
        """The base URL to set as SMSAPI_URL ("http://127.0.0.1:PORT/")."""
        return self.origin + "/"

    # Scripting it.

    def plan(self, phone: str, *answers: Answer) -> None:
        """The next answers for requests to `phone` (then the normal ones)."""
        with self._lock:
            self._plans.setdefault(_digits(phone), []).extend(answers)

    def sent_to(self, phone: str) -> list[dict[str, Any]]:
        """The messages the gateway accepted for `phone`."""
        return [m for m in self.accepted if m["number"] == _digits(phone)]

    # Answering.

    def _next_plan(self, number: str) -> Answer | None:
        with self._lock:
            plan = self._plans.get(number)
            return plan.pop(0) if plan else None

    def answer(self, fields: dict[str, str], authorization: str) -> tuple[int, str, str]:
        """(HTTP status, content type, body) for one request to /sms.do."""
        received = Received(fields, authorization)
        with self._lock:
            self.requests.append(received)
        if authorization != f"Bearer {self.token}":
            return self._json(received, 401, {"error": 101, "message": "Authorization failed"})
        if fields.get("format") != "json":
            return 200, "text/plain", "ERROR:8"  # the old text answers; Dziennik always asks for JSON
        number = _digits(fields.get("to", ""))
        plan = self._next_plan(number)
        if plan is not None and plan.kind == "http":
            received.status = plan.code
            return plan.code, "text/html", f"<html><body><h1>{plan.code} Service Unavailable</h1></body></html>"
        if plan is not None and plan.kind == "refuse":
            return self._json(received, 200, {"error": plan.code, "message": plan.text})
        if plan is not None and plan.kind == "slow":
            self._stopping.wait(plan.seconds)
        return self._json(received, 200, self._send(fields, number))

    def _send(self, fields: dict[str, str], number: str) -> dict[str, Any]:
        text = fields.get("message", "")
        if not text:
            return {"error": 11, "message": "Message too long or there is no message"}
        if not number.isdigit() or not 8 <= len(number) <= 15 or number in self.invalid:
            return {
                "error": 13,
                "message": "No correct phone numbers",
                "invalid_numbers": [
                    {"number": number, "submitted_number": fields.get("to", ""), "message": "Invalid phone number"}
                ],
            }
        sender = fields.get("from", "")
        if sender and self.senders is not None and sender not in self.senders:
            return {"error": 14, "message": "Wrong sender name"}
        parts = count_parts(text).parts
        if fields.get("max_parts", "").isdigit() and parts > int(fields["max_parts"]):
            return {"error": 12, "message": "Message has more parts than defined in max_parts parameter"}
        idx = fields.get("idx", "")
        cost = round(POINTS_PER_PART * parts, 4)
        with self._lock:
            if idx and fields.get("check_idx") == "1" and idx in self._idx:
                return {
                    "error": 53,
                    "message": "Not unique idx parameter, message with the same idx has been already sent",
                }
            if self.points is not None and self.points < cost:
                return {"error": 103, "message": "Not enough points"}
            if self.points is not None:
                self.points = round(self.points - cost, 4)
            result = {
                "id": f"{next(self._ids):020d}",
                "points": cost,
                "number": number,
                "date_sent": int(time.time()),
                "submitted_number": fields.get("to", ""),
                "status": "QUEUE",
                "error": None,
                "idx": idx or None,
                "parts": parts,
            }
            self.accepted.append({**result, "message": text, "from": sender})
            if idx:
                self._idx[idx] = result
        return {"count": 1, "list": [result]}

    def _json(self, received: Received, status: int, body: dict[str, Any]) -> tuple[int, str, str]:
        received.status, received.answered = status, body
        return status, "application/json", json.dumps(body)


def _digits(phone: str) -> str:
    return phone.strip().lstrip("+")


class _Handler(BaseHTTPRequestHandler):
    standin: StandIn
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        if self.path.split("?")[0] != "/sms.do":
            self._reply(404, "application/json", json.dumps({"error": 8, "message": "Error in request"}))
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        fields = {key: values[-1] for key, values in parse_qs(body, keep_blank_values=True).items()}
        self._reply(*self.standin.answer(fields, self.headers.get("Authorization", "")))

    def _reply(self, status: int, content_type: str, body: str) -> None:
        data = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a slow answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and the demo read `requests`


StandIn.handler = _Handler
