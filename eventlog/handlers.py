"""`JournalHandler`: Python logging into a journal tab, over the HTTP API.

Any Python code of the shop (it needs only the standard library, not Django)::

    import logging
    from eventlog.handlers import JournalHandler

    handler = JournalHandler("https://dziennik.example.com/api/v1/", key="dzk_…", tab="prestashop")
    logging.getLogger("shop.sync").addHandler(handler)

Records are queued and sent by a background thread in batches (`POST /entries`),
when `batch_size` records wait or every `flush_interval` seconds, and at `flush()`,
`close()` and interpreter exit (logging's own atexit hook closes every handler).
`emit` never waits: when the queue is full, or a batch cannot be delivered within
`timeout` (the journal down, refusing, or slow), the records are dropped and
counted in `handler.dropped` rather than slowing or crashing the shop. Each batch
carries an `Idempotency-Key`, so the one retry after a lost connection never
writes twice.

Severity comes from the level (DEBUG and INFO → info, WARNING → warning, ERROR and
CRITICAL → error); `extra={"event_type": …, "object_id": …, "object_type": …,
"data": {…}}` on a log call fills those fields.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

#: The journal's message limit (JOURNAL_MESSAGE_MAX_CHARS): longer messages are cut, not refused.
MESSAGE_MAX_CHARS = 4000
#: The API's batch limit (JOURNAL_API_MAX_BATCH).
MAX_BATCH = 1000
_EXTRA_FIELDS = ("event_type", "object_id", "object_type", "message_code", "actor", "service")


def severity_of(levelno: int) -> str:
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warning"
    return "info"


class JournalHandler(logging.Handler):
    """A logging handler writing to the journal tab `tab` through the API at `url` with the API key `key`.

    `url` is the API's root (".../api/v1/") or its entries endpoint. `timeout` (seconds)
    bounds every wait: one HTTP request, and `flush()` / `close()`. `max_queue` records
    may wait; beyond that new ones are dropped. `dropped` counts every record lost.
    """

    def __init__(
        self,
        url: str,
        key: str,
        tab: str,
        *,
        level: int = logging.NOTSET,
        batch_size: int = 100,
        flush_interval: float = 2.0,
        timeout: float = 5.0,
        max_queue: int = 10_000,
    ) -> None:
        super().__init__(level)
        self.endpoint = url if url.rstrip("/").endswith("/entries") else url.rstrip("/") + "/entries"
        self.key = key
        self.tab = tab
        self.batch_size = max(1, min(batch_size, MAX_BATCH))
        self.flush_interval = flush_interval
        self.timeout = timeout
        self.dropped = 0
        self.sent = 0
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=max_queue)
        self._lock_counts = threading.Lock()
        self._flush_requested = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Condition()
        self._in_flight = 0
        self._thread = threading.Thread(target=self._run, name=f"JournalHandler({tab})", daemon=True)
        self._thread.start()

    # The caller's side: never blocks.

    def emit(self, record: logging.LogRecord) -> None:
        try:
            entry = self.entry(record)
        except Exception:
            self.handleError(record)
            return
        if self._stopping.is_set():
            self._count_dropped(1)
            return
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            self._count_dropped(1)
            return
        if self._queue.qsize() >= self.batch_size:
            self._flush_requested.set()

    def entry(self, record: logging.LogRecord) -> dict[str, Any]:
        """The journal entry of a log record (the API's JSON shape)."""
        message = self.format(record)
        entry: dict[str, Any] = {
            "tab": self.tab,
            "message": (message or record.getMessage() or record.name)[:MESSAGE_MAX_CHARS],
            "severity": severity_of(record.levelno),
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
        }
        for name in _EXTRA_FIELDS:
            value = getattr(record, name, None)
            if value not in (None, ""):
                entry[name] = value if isinstance(value, int | str) else str(value)
        data = {"logger": record.name, "level": record.levelname, "where": f"{record.pathname}:{record.lineno}"}
        extra = getattr(record, "data", None)
        if isinstance(extra, dict):
            data.update(extra)
        entry["data"] = data
        return entry

    def flush(self) -> None:
        """Send what waits now; returns once it is sent or dropped, or after `timeout` seconds."""
        deadline = time.monotonic() + self.timeout
        self._flush_requested.set()
        with self._idle:
            while (not self._queue.empty() or self._in_flight) and self._thread.is_alive():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                self._idle.wait(min(remaining, 0.05))

    def close(self) -> None:
        """Flush (within `timeout`), stop the thread; records logged afterwards are dropped."""
        if not self._stopping.is_set():
            self.flush()
            self._stopping.set()
            self._flush_requested.set()
            self._thread.join(self.timeout)
        super().close()

    # The background thread.

    def _run(self) -> None:
        while True:
            self._flush_requested.wait(self.flush_interval)
            self._flush_requested.clear()
            while batch := self._take():
                self._deliver(batch)
                with self._idle:
                    self._in_flight = 0
                    self._idle.notify_all()
            if self._stopping.is_set():
                break
        # Whatever arrived after the stop cannot be sent.
        leftover = 0
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
            leftover += 1
        self._count_dropped(leftover)

    def _take(self) -> list[dict[str, Any]]:
        batch: list[dict[str, Any]] = []
        with self._idle:
            while len(batch) < self.batch_size:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._in_flight = len(batch)
        return batch

    def _deliver(self, batch: list[dict[str, Any]]) -> None:
        body = gzip.compress(json.dumps(batch, ensure_ascii=False, default=str).encode(), compresslevel=5)
        request = urllib.request.Request(
            self.endpoint,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.key}",
                "Content-Type": "application/json",
                "Content-Encoding": "gzip",
                "Idempotency-Key": uuid.uuid4().hex,
                "User-Agent": "dziennik-journal-handler/1",
            },
        )
        deadline = time.monotonic() + self.timeout
        for attempt in range(2):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                with urllib.request.urlopen(request, timeout=remaining) as response:
                    response.read()
                with self._lock_counts:
                    self.sent += len(batch)
                return
            except urllib.error.HTTPError as exc:
                # 409: the first attempt is still being written; 429/503: the journal says when to come back.
                # Anything else (401, 403, 422…) will not get better by sending the batch again.
                with contextlib.suppress(Exception):
                    exc.read()
                if exc.code not in (409, 429, 503) or attempt:
                    break
                wait = _retry_after(exc.headers.get("Retry-After"))
                if wait is None or wait > deadline - time.monotonic():
                    break
                time.sleep(wait)
            except (OSError, ValueError):
                # Connection refused or reset, a timeout: one more try with the same Idempotency-Key.
                if attempt:
                    break
        self._count_dropped(len(batch))

    def _count_dropped(self, count: int) -> None:
        if count:
            with self._lock_counts:
                self.dropped += count


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
