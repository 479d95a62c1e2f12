"""`Idempotency-Key`: a retried request gets its first answer again and writes nothing.

The answer is stored in the transaction that writes the entries, so it exists
exactly when they do: a request that failed (a 422, the database gone) leaves no
record, and its retry simply runs. While the first request is still in flight a
retry gets 409: on PostgreSQL the first holds a transaction-scoped advisory lock
on (API key, idempotency key), which the retry tries without waiting. SQLite (the
embedded `make run` database) writes one transaction at a time, so there the
retry waits for the first and then replays it.

Records are kept JOURNAL_API_IDEMPOTENCY_HOURS; older ones are ignored, deleted a
few at a time as new ones are stored and hourly by beat (`remove_expired`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ApiKey, IdempotencyRecord
from .problems import FieldError, Problem

HEADER = "Idempotency-Key"
#: Expired records deleted along with each new one: the table never waits for beat to shrink.
CLEANUP_ON_THE_WAY = 20


@dataclass
class Answer:
    status: int
    body: Any
    #: True when this is a stored answer given again.
    replayed: bool = False


def valid_key(raw: str | None) -> str | None:
    """The header's value, None when absent; raises Problem 400 when it is not 1 to 255 visible ASCII characters."""
    if raw is None:
        return None
    value = raw.strip()
    if not 0 < len(value) <= 255 or not value.isascii() or not value.isprintable():
        raise Problem(
            400, "bad-idempotency-key", _("Invalid Idempotency-Key"),
            _("The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
            errors=[FieldError(HEADER, _("1 to 255 visible ASCII characters"))],
        )  # fmt: skip
    return value


def once(api_key: ApiKey, idempotency_key: str | None, body: bytes, produce: Callable[[], Answer]) -> Answer:
    """Run `produce` (which writes) once per (api_key, idempotency_key) and body; all in one transaction.

    Without a key, `produce` simply runs. With one: the stored answer when the same
    body came before, Problem 422 when another body did, Problem 409 while the
    first request is still being written. A Problem raised by `produce` stores nothing.
    """
    if idempotency_key is None:
        with transaction.atomic():
            return produce()
    digest = hashlib.sha256(body).hexdigest()
    cutoff = timezone.now() - dt.timedelta(hours=settings.JOURNAL_API_IDEMPOTENCY_HOURS)
    with transaction.atomic():
        if connection.vendor == "postgresql" and not _try_lock(api_key.pk, idempotency_key):
            raise Problem(
                409, "request-in-flight", _("Request still in progress"),
                _("A request with this Idempotency-Key is still being processed; retry once it has answered."),
                headers={"Retry-After": "1"},
            )  # fmt: skip
        found = IdempotencyRecord.objects.filter(api_key=api_key, key=idempotency_key).first()
        if found is not None and found.created_at < cutoff:
            found.delete()
            found = None
        if found is not None:
            if found.request_hash != digest:
                raise Problem(
                    422, "idempotency-key-reused", _("Idempotency-Key reused"),
                    _("This Idempotency-Key was used with another request body."),
                    errors=[FieldError(HEADER, _("used before with another body"))],
                )  # fmt: skip
            return Answer(found.status, found.body, replayed=True)
        answer = produce()
        IdempotencyRecord.objects.create(
            api_key=api_key, key=idempotency_key, request_hash=digest, status=answer.status, body=answer.body
        )
        remove_expired(limit=CLEANUP_ON_THE_WAY)
    return answer


def _try_lock(api_key_id: int, idempotency_key: str) -> bool:
    """The transaction-scoped advisory lock of this key pair, if free (released at commit or rollback)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id(api_key_id, idempotency_key)])
        return bool(cursor.fetchone()[0])


def lock_id(api_key_id: int, idempotency_key: str) -> int:
    """A signed 64-bit number naming (API key, idempotency key) for pg_try_advisory_xact_lock."""
    digest = hashlib.blake2b(f"dziennik-idempotency\x1f{api_key_id}\x1f{idempotency_key}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def remove_expired(limit: int | None = None, now: dt.datetime | None = None) -> int:
    """Delete records older than JOURNAL_API_IDEMPOTENCY_HOURS (the oldest `limit` of them); returns how many.

    Uses index: idempotency_created.
    """
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.JOURNAL_API_IDEMPOTENCY_HOURS)
    expired = IdempotencyRecord.objects.filter(created_at__lt=cutoff)
    if limit is None:
        return expired.delete()[0]
    oldest = expired.order_by("created_at")
    if connection.features.has_select_for_update_skip_locked:
        # Two requests cleaning up at once take different rows rather than wait for each other.
        oldest = oldest.select_for_update(skip_locked=True)
    with transaction.atomic():
        pks = list(oldest.values_list("pk", flat=True)[:limit])
        return IdempotencyRecord.objects.filter(pk__in=pks).delete()[0] if pks else 0
