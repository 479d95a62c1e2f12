"""A real SMTP server on loopback for the tests (aiosmtpd; the same one `make run`'s demo uses,
integrations/messaging/devsmtp.py): it refuses chosen recipients, drops the connection or stalls
for others, and records what it received.

    def test_x(smtp):
        server = smtp(refuse={"nikt@example.com": "550 5.1.1 No such mailbox"})
        # settings.MAILERS points the delivery mailer at server.port
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from integrations.messaging.devsmtp import DROP, LocalSmtp

__all__ = ["DROP", "LocalSmtp", "smtp"]


@pytest.fixture
def smtp(settings) -> Iterator[Callable[..., LocalSmtp]]:
    """`smtp(refuse=…, stall=…, timeout=…)` starts a server and makes the shop send through it."""
    started: list[LocalSmtp] = []

    def start(refuse=None, stall=None, timeout: float = 5) -> LocalSmtp:
        server = LocalSmtp(refuse=refuse, stall=stall).start()
        started.append(server)
        settings.MAILERS = {
            "default": {
                "BACKEND": "integrations.messaging.backends.JournalEmailBackend",
                "OPTIONS": {"deliver_with": "delivery"},
            },
            "delivery": server.mailer(timeout=timeout),
        }
        return server

    yield start
    for server in started:
        server.stop()
