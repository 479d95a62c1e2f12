"""What every stand-in shares: its HTTP server on loopback, run in a thread or in the foreground.

A stand-in (SMSAPI.pl, PrestaShop's webservice, Allegro) plays the outside system for the
tests and for `make run`; the connector's real code talks to it over real HTTP. A
stand-in class mixes `LoopbackServer` in, names its request handler (`handler`, a
`BaseHTTPRequestHandler` that finds the stand-in as `self.standin`) and keeps a
`threading.Event` `_stopping` that its slow answers wait on, so that `stop` never waits
for one.

    with StandIn() as shop:   # listening on 127.0.0.1:<a free port>
        shop.origin           # "http://127.0.0.1:PORT"
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar, Self


class LoopbackServer:
    handler: ClassVar[type[BaseHTTPRequestHandler]]
    #: The thread's name (in thread dumps and logs).
    thread_name: ClassVar[str] = "standin"
    #: Where it listens; port 0 takes a free one.
    host: str = "127.0.0.1"
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _stopping: threading.Event

    def _bind(self) -> ThreadingHTTPServer:
        handler = type("Handler", (self.handler,), {"standin": self})
        server = ThreadingHTTPServer((self.host, self.port), handler)
        server.daemon_threads = True
        return server

    def start(self) -> Self:
        """Listen and answer in a background thread; returns the stand-in."""
        self._server = self._bind()
        # A short poll: `stop` (shutdown) waits for it, once per test.
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name=self.thread_name, daemon=True
        )
        thread.start()
        return self

    def serve_forever(self) -> None:
        """Listen and answer in this thread until interrupted (the stand-ins' management commands)."""
        self._server = self._bind()
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        self._stopping.set()  # a slow answer still waiting gives up
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """ "http://127.0.0.1:PORT" of the running server."""
        assert self._server is not None, "start the stand-in first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"
