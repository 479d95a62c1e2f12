"""The one way into the journal.

Every entry, from a Celery job, a management command or the HTTP API, is written
here: validated, fingerprinted for "only unique messages", and inserted in bulk.
Small batches go in one multi-row INSERT (which returns their ids); large ones on
PostgreSQL go through `COPY` with ids reserved from the sequence in one query, so a
batch is one transaction and costs two round trips however many rows it holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any, NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import messages, partitions, rollups, tabs
from .messages import Message
from .models import Entry, Initiator, ObjectType, Run, Severity

#: Above this many rows a PostgreSQL batch goes through COPY instead of INSERT.
COPY_THRESHOLD = 500
#: The dates an entry may have: no shop's history starts earlier, and a clock running
#: ahead (another system's) is forgiven up to a day.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FUTURE_TOLERANCE = dt.timedelta(days=1)

_SEVERITIES = frozenset(Severity.values)
_INITIATORS = frozenset(Initiator.values)
_OBJECT_TYPES = frozenset(ObjectType.values)
_FIELDS = (
    "tab",
    "occurred_at",
    "severity",
    "event_type",
    "message",
    "message_code",
    "message_params",
    "initiator",
    "actor",
    "account",
    "service",
    "object_type",
    "object_id",
    "data",
    "fingerprint",
    "run_id",
)
_TAB, _WHEN, _SEVERITY, _CODE, _FINGERPRINT = (
    _FIELDS.index(name) for name in ("tab", "occurred_at", "severity", "message_code", "fingerprint")
)
# Parameters come only with their message (`message=Message(code, params)`).
_ALLOWED_KEYS = frozenset(_FIELDS) - {"fingerprint", "message_params"} | {"run"}
_MAX_LENGTHS: dict[str, int] = {f.name: f.max_length for f in Entry._meta.fields if f.max_length}
#: What stands in for a NUL character from outside text: PostgreSQL stores no NUL in text
#: or jsonb, and the replacement character shows the reader that something was there.
NUL_REPLACEMENT = "\ufffd"


class JournalError(ValueError):
    """An entry the journal refuses; the message says which field and why.

    `index` is the entry's position in a batch (None for one entry), `field` the name of
    the field refused ("" when it is the entry as a whole, e.g. unknown fields), `reason`
    the message without the position.
    """

    def __init__(self, message: str, index: int | None = None, field: str = "") -> None:
        self.index = index
        self.field = field
        self.reason = message
        super().__init__(message if index is None else f"entry {index}: {message}")


def fingerprint(tab: str, message: str, message_code: str, object_type: str, object_id: str) -> int:
    """Same message (or message code) about the same object in one tab: one group."""
    key = "\x1f".join((tab, message_code or message, object_type, object_id))
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


class EntryFields(TypedDict):
    """What an entry may hold; only `tab` and `message` are required.

    `message` is text, or a `Message` (code and parameters) for what the project writes
    itself, which the journal stores in the shop's language and shows in the reader's.
    """

    tab: str
    message: str | Message
    occurred_at: NotRequired[dt.datetime]
    severity: NotRequired[str]
    event_type: NotRequired[str]
    message_code: NotRequired[str]
    initiator: NotRequired[str]
    actor: NotRequired[str]
    account: NotRequired[str]
    service: NotRequired[str]
    object_type: NotRequired[str]
    object_id: NotRequired[str | int]
    data: NotRequired[Mapping[str, Any]]
    run: NotRequired[Run | None]
    run_id: NotRequired[int | None]


def record(**fields: Unpack[EntryFields]) -> Entry:
    """Write one entry and return it (with its id). Raises JournalError naming the bad field."""
    row = _validate(fields, None)
    [pk] = _write([row])
    entry = _entry(row)
    entry.pk = pk
    return entry


def record_many(entries: Iterable[Mapping[str, Any]]) -> list[int]:
    """Write many entries in one transaction; all or none. Returns their ids in order."""
    return write(prepare(entries))


class Batch(list):
    """Entries validated by `prepare`, ready for `write`."""


def prepare(entries: Iterable[Mapping[str, Any]]) -> Batch:
    """Validate and fingerprint entries without touching the database.

    Split from `write` so that a bulk producer (an import, the demo seeder) can
    prepare the next batch in another thread while this one is being written.
    """
    return Batch(_validate(r, i) for i, r in enumerate(entries))


def write(batch: Batch) -> list[int]:
    if not isinstance(batch, Batch):
        raise TypeError("write() takes a Batch from prepare()")
    return _write(batch) if batch else []


def _validate(fields: Mapping[str, Any], index: int | None) -> tuple:
    unknown = set(fields) - _ALLOWED_KEYS
    if unknown:
        raise JournalError(f"unknown fields: {', '.join(sorted(unknown))}", index)

    tab_slug = fields.get("tab")
    tab = tabs.get(tab_slug) if isinstance(tab_slug, str) else None
    if tab is None:
        raise JournalError(f"unknown tab {tab_slug!r}", index, "tab")

    severity = fields.get("severity", Severity.INFO)
    if severity not in _SEVERITIES:
        raise JournalError(f"unknown severity {severity!r}; use one of {', '.join(Severity.values)}", index, "severity")

    event_type = fields.get("event_type") or next(iter(tab.event_types))
    if not tab.accepts_event_type(event_type):
        raise JournalError(f"unknown event type {event_type!r} for tab {tab.slug!r}", index, "event_type")

    message = fields.get("message")
    params_json = None
    if isinstance(message, Message):
        if fields.get("message_code", message.code) != message.code:
            raise JournalError("message_code differs from the code of the message", index, "message_code")
        if not messages.is_known(message.code):
            raise JournalError(f"unknown message code {message.code!r}", index, "message_code")
        try:
            text = message.stored()
            params_json = json.dumps(without_nul(message.params), cls=DjangoJSONEncoder, ensure_ascii=False)
        except (KeyError, TypeError, ValueError) as exc:
            raise JournalError(f"the parameters do not fit message {message.code!r}: {exc}", index, "message") from exc
        if len(params_json.encode()) > settings.JOURNAL_DATA_MAX_BYTES:
            raise JournalError(
                f"message parameters are larger than {settings.JOURNAL_DATA_MAX_BYTES} bytes", index, "message"
            )
        fields = {**fields, "message_code": message.code}
        message = text[: settings.JOURNAL_MESSAGE_MAX_CHARS]
    if not isinstance(message, str) or not message.strip():
        raise JournalError("message is required", index, "message")
    if len(message) > settings.JOURNAL_MESSAGE_MAX_CHARS:
        raise JournalError(
            f"message is {len(message)} characters, the limit is {settings.JOURNAL_MESSAGE_MAX_CHARS}", index, "message"
        )
    message = without_nul(message)

    initiator = fields.get("initiator", Initiator.AUTOMATIC)
    if initiator not in _INITIATORS:
        raise JournalError(f"unknown initiator {initiator!r}", index, "initiator")
    services = tab.service_codes
    service = fields.get("service") or (services[0] if len(services) == 1 else "")
    if service and service not in services:
        known = f"use one of {', '.join(services)}" if services else "it names none"
        raise JournalError(f"unknown service {service!r} for tab {tab.slug!r}; {known}", index, "service")
    object_type = fields.get("object_type", "")
    if object_type and object_type not in _OBJECT_TYPES:
        raise JournalError(f"unknown object type {object_type!r}", index, "object_type")

    texts = {}
    for name in ("message_code", "actor", "account", "object_id"):
        value = fields.get(name) or ""
        if not isinstance(value, str):
            value = str(value)
        if len(value) > _MAX_LENGTHS[name]:
            raise JournalError(f"{name} is longer than {_MAX_LENGTHS[name]} characters", index, name)
        texts[name] = without_nul(value)

    now = timezone.now()
    occurred_at = fields.get("occurred_at") or now
    if not isinstance(occurred_at, dt.datetime) or timezone.is_naive(occurred_at):
        raise JournalError("occurred_at must be an aware datetime", index, "occurred_at")
    if not EARLIEST <= occurred_at <= now + FUTURE_TOLERANCE:
        # A date no shop event has: a year-9999 entry would head every list (and overflow
        # when shown in local time), and each far date would get a partition of its own.
        raise JournalError(
            f"occurred_at must be between {EARLIEST:%Y-%m-%d} and {FUTURE_TOLERANCE.days} day from now", index,
            "occurred_at",
        )  # fmt: skip

    data = fields.get("data") or {}
    if not isinstance(data, Mapping):
        raise JournalError("data must be an object (a mapping of field names to values)", index, "data")
    try:
        # allow_nan=False: NaN and Infinity (1e400 in JSON) are no JSON a database stores.
        data_json = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, allow_nan=False)
        if "\\u0000" in data_json:  # a NUL somewhere (or the literal text, rarer): clean the values, not the text
            data_json = json.dumps(without_nul(data), cls=DjangoJSONEncoder, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JournalError(f"data cannot be stored as JSON: {exc}", index, "data") from exc
    if len(data_json.encode()) > settings.JOURNAL_DATA_MAX_BYTES:
        raise JournalError(f"data is larger than {settings.JOURNAL_DATA_MAX_BYTES} bytes", index, "data")

    run = fields.get("run")
    run_id = run.pk if isinstance(run, Run) else fields.get("run_id")
    if run_id is not None and not isinstance(run_id, int):
        raise JournalError("run_id must be an integer", index, "run_id")

    return (
        tab.slug,
        occurred_at,
        severity,
        event_type,
        message,
        texts["message_code"],
        params_json,
        initiator,
        texts["actor"],
        texts["account"],
        service,
        object_type,
        texts["object_id"],
        data_json,
        fingerprint(tab.slug, message, texts["message_code"], object_type, texts["object_id"]),
        run_id,
    )


def without_nul(value: Any) -> Any:
    """`value` with every NUL character in its strings (mapping keys too) replaced by NUL_REPLACEMENT.

    Works on decoded values, never on JSON text: the six characters `\\u0000` written
    literally (a Windows path `C:\\u0000dir`) are text like any other and stay as they are.
    Other values (numbers, dates, None) are returned unchanged.
    """
    if isinstance(value, str):
        return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value
    if isinstance(value, Mapping):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(v) for v in value]
    return value


def _write(rows: list[tuple]) -> list[int]:
    partitions.ensure_for(row[_WHEN] for row in rows)
    with transaction.atomic():
        horizon = rollups.lock_for_write()
        ids = _copy(rows) if connection.vendor == "postgresql" and len(rows) > COPY_THRESHOLD else _insert(rows)
        # Back-dated entries (an import of past events): their groups' hours are rolled up already.
        rollups.refresh(
            (row[_TAB], row[_FINGERPRINT], rollups.floor_hour(row[_WHEN]), row[_CODE], row[_SEVERITY])
            for row in rows
            if row[_WHEN] < horizon
        )
        return ids


def delete(entries: QuerySet[Entry]) -> int:
    """Delete `entries` (one tab's or many), keeping the rollups exact; returns how many went.

    One transaction: the rolled-up hours of the deleted entries are recomputed in it
    (eventlog/rollups.py). The entries are read first and deleted by id, so that one written
    meanwhile that `entries` would match (a back-dated import) is neither deleted nor left out of
    its hour's recount. The caller bounds the batch (retention deletes 5,000 at a time).
    """
    with transaction.atomic():
        horizon = rollups.lock_for_write()
        rows = list(entries.values_list("pk", "occurred_at", "tab", "fingerprint", "message_code", "severity"))
        if not rows:
            return 0
        times = [when for _, when, *_ in rows]
        # The time range prunes the partitions; ids are then found by primary key.
        gone = Entry.objects.filter(pk__in=[pk for pk, *_ in rows], occurred_at__range=(min(times), max(times)))
        count = gone.delete()[0]
        rollups.refresh(
            (tab, fingerprint, rollups.floor_hour(when), code, severity)
            for _, when, tab, fingerprint, code, severity in rows
            if when < horizon
        )
    return count


def _entry(row: tuple) -> Entry:
    """The model instance of a validated row (its data back from the stored JSON text)."""
    values = dict(zip(_FIELDS, row, strict=True))
    values["data"] = json.loads(values["data"])
    if values["message_params"] is not None:
        values["message_params"] = json.loads(values["message_params"])
    return Entry(**values)


def _insert(rows: list[tuple]) -> list[int]:
    # Multi-row INSERT … RETURNING id; batch_size keeps SQLite under its variable limit.
    batch = None if connection.vendor == "postgresql" else 60
    return [e.pk for e in Entry.objects.bulk_create([_entry(row) for row in rows], batch_size=batch)]


def _copy(rows: list[tuple]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('eventlog_entry', 'id')) FROM generate_series(1, %s)",
            [len(rows)],
        )
        ids = [r[0] for r in cursor.fetchall()]
        columns = ", ".join(("id", *_FIELDS))
        # Sent one tab after another (a stable sort: each tab's rows keep their order and
        # their ids): most indexes lead with the tab, so each then takes its inserts on
        # one tab's pages at a time rather than scattered over every tab's: 11-15 % fewer
        # µs a row with the journal's indexes (measured against the unsorted batch).
        order = sorted(range(len(rows)), key=lambda i: rows[i][_TAB])
        with cursor.cursor.copy(f"COPY eventlog_entry ({columns}) FROM STDIN") as copy:
            for i in order:
                copy.write_row((ids[i], *rows[i]))
    return ids
