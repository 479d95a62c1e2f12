"""The shapes the API speaks, as pydantic types (validated in Rust, straight from the JSON bytes).

An incoming entry is a `TypedDict`, not a model: pydantic checks it into a plain dict
that goes to the writer as it is, so a batch of 1,000 costs no model instances. The
limits are the journal's own (the model's field lengths, JOURNAL_MESSAGE_MAX_CHARS);
the writer then checks everything again as it does for in-process callers (tab,
event type, service, data size), so one set of rules holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from django.conf import settings
from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field, TypeAdapter, with_config

from ..models import Entry, ObjectType, Severity


def _max(name: str) -> int:
    return getattr(Entry._meta.get_field(name), "max_length", None) or 0


@with_config(ConfigDict(extra="forbid"))
class EntryIn(TypedDict):
    """One entry to write. `account` defaults to the key's name and `initiator` to "api"."""

    tab: Annotated[str, Field(max_length=_max("tab"), description="The tab's slug; the key must allow it.")]
    message: Annotated[str, Field(min_length=1, max_length=settings.JOURNAL_MESSAGE_MAX_CHARS)]
    occurred_at: NotRequired[Annotated[AwareDatetime, Field(description="When it happened (default: now).")]]
    severity: NotRequired[Annotated[str, Field(json_schema_extra={"enum": list(Severity.values)})]]
    event_type: NotRequired[
        Annotated[str, Field(max_length=_max("event_type"), description="One of the tab's event types.")]
    ]
    message_code: NotRequired[Annotated[str, Field(max_length=_max("message_code"))]]
    actor: NotRequired[Annotated[str, Field(max_length=_max("actor"), description="The person, if one acted.")]]
    account: NotRequired[
        Annotated[
            str,
            Field(
                min_length=1,
                max_length=_max("account"),
                description="The marketplace or shop account it concerns (default: the key's name).",
            ),
        ]
    ]
    initiator: NotRequired[
        Annotated[
            Literal["automatic", "manual", "external"],
            Field(description="Who started it, as the sending module saw it (default: api)."),
        ]
    ]
    service: NotRequired[Annotated[str, Field(max_length=_max("service"), description="One of the tab's services.")]]
    object_type: NotRequired[Annotated[str, Field(json_schema_extra={"enum": ["", *ObjectType.values]})]]
    object_id: NotRequired[Annotated[str | int, Field(description="Product, order, offer id, e-mail…")]]
    data: NotRequired[
        Annotated[dict[str, Any], Field(description=f"Data fields, at most {settings.JOURNAL_DATA_MAX_BYTES} bytes.")]
    ]


ONE = TypeAdapter(EntryIn)
MANY = TypeAdapter(Annotated[list[EntryIn], Field(min_length=1, max_length=settings.JOURNAL_API_MAX_BATCH)])


def request_body_schema() -> dict[str, Any]:
    """The OpenAPI request body of `POST /entries`: one entry, or an array of up to JOURNAL_API_MAX_BATCH."""
    one = ONE.json_schema()
    many = {"type": "array", "items": one, "minItems": 1, "maxItems": settings.JOURNAL_API_MAX_BATCH}
    return {
        "required": True,
        "content": {"application/json": {"schema": {"oneOf": [one, many]}}},
        "description": "One entry, or an array of entries written all or none. `Content-Encoding: gzip` accepted.",
    }


class Created(Schema):
    """The new entries' ids, in the order they were sent."""

    ids: list[int]


class EntryOut(Schema):
    id: int
    tab: str
    occurred_at: dt.datetime
    severity: str
    event_type: str
    message: str
    message_code: str
    initiator: str
    actor: str
    account: str
    service: str
    object_type: str
    object_id: str
    data: dict[str, Any]
    run_id: int | None


class EntryPage(Schema):
    """Entries newest first; `next` is the URL of the following (older) page, absent on the last."""

    entries: list[EntryOut]
    next: str | None


class ProblemOut(Schema):
    """An error (RFC 9457, `application/problem+json`); `errors` for validation problems."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None
