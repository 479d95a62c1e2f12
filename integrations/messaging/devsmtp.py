"""A real SMTP server on loopback (aiosmtpd) for `make run`'s demo and the tests.

It accepts every recipient except the ones it is told to refuse (with the reply it is
told to give), drops the connection or stalls for chosen ones, and records what it
received. Nothing is delivered anywhere: the messages stay in `received`.

    with LocalSmtp(refuse={"nikt@example.com": "550 5.1.1 No such mailbox"}) as server:
        ...  # MAILERS["delivery"] → host 127.0.0.1, port server.port
        server.received  # [Received(sender, recipients, data), …]
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiosmtpd.controller import Controller

#: Pass as a reply to close the connection instead of answering.
DROP = "drop"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    data: bytes


@dataclass
class Handler:
    """aiosmtpd's handler: per-recipient replies at RCPT time, a record of every message accepted."""

    refuse: dict[str, str] = field(default_factory=dict)
    #: Recipients at whose RCPT the server stays silent for this many seconds (a client's timeout).
    stall: dict[str, float] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        key = address.lower()
        if key in self.stall:
            await asyncio.sleep(self.stall[key])
        reply = self.refuse.get(key)
        if reply == DROP:
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 2.0.0 Message accepted"


class _Controller(Controller):
    """aiosmtpd's Controller on a port the system picks (port 0), learnt once it is bound."""

    async def _bind(self) -> asyncio.AbstractServer:
        server = await super()._create_server()
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]
        return server

    def _create_server(self) -> Any:
        return self._bind()


class LocalSmtp:
    """Start and stop the server (a context manager); `port` once started."""

    def __init__(self, refuse: Mapping[str, str] | None = None, stall: Mapping[str, float] | None = None) -> None:
        self.handler = Handler(
            refuse={k.lower(): v for k, v in (refuse or {}).items()},
            stall={k.lower(): v for k, v in (stall or {}).items()},
        )
        self.controller = _Controller(self.handler, hostname="127.0.0.1", port=0)

    @property
    def port(self) -> int:
        return int(self.controller.port)

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def delivered(self) -> Counter[str]:
        """How many times each recipient was delivered a message."""
        return Counter(r.lower() for message in self.received for r in message.recipients)

    def mailer(self, timeout: float = 5) -> dict[str, Any]:
        """A MAILERS entry delivering to this server."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": timeout},
        }

    def start(self) -> LocalSmtp:
        self.controller.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stop listening (once; a stopped server cannot start again)."""
        if getattr(self, "running", False):
            self.controller.stop()
            self.running = False

    def __enter__(self) -> LocalSmtp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
