"""`POST /api/v1/custom-events/calls`: trigger a custom event, the way ExpertSender ECDP's call does.

```http
POST /api/v1/custom-events/calls
x-api-key: dzk_…
Content-Type: application/json

{"customEventId": 101, "customerEmail": "jan@example.com",
 "dataFields": [{"name": "Kwota", "type": "Money", "value": "199.99"}]}
```

201 answers `{"id": <call id>, "created": "<ISO 8601>", "scenarios": [{"id", "name"}]}`. Every
refusal is a problem (RFC 9457, `application/problem+json`): 401/403/429 from the key
check (a key allowed the `custom-events` tab), 400 `validation` naming each bad field
in `errors` (`customEventId`, `customerEmail`, `dataFields[0].value`…) — and then
nothing is written.

The body is parsed here rather than by ninja, so that every bad input is this 400
with our field names (the OpenAPI schema still shows `CallIn`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import ninja
import pydantic
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _

from eventlog.api.keys import authenticate
from eventlog.api.problems import FieldError, Problem
from eventlog.api.schemas import ProblemOut

from . import datafields
from .calls import CUSTOMER_KINDS, Customer, DataField, trigger
from .models import CustomEvent
from .tab import CUSTOM_EVENTS

PREFIX = "custom-events"
router = ninja.Router(tags=["Custom events"])

INT32_MAX = 2**31 - 1
#: ECDP's limits of the customer's identifiers.
EMAIL_MAX, PHONE_MAX, CUSTOMER_ID_MAX = 320, 20, 128
_PHONE_CHARS = set("0123456789 +-()")


class DataFieldIn(ninja.Schema):
    name: Annotated[str, pydantic.Field(min_length=1, max_length=datafields.NAME_MAX, strict=True)]
    type: Annotated[
        str,
        pydantic.Field(
            strict=True,
            description="String, Text, Number, Money, Date, DateTime, Boolean, URL or Email (any letter case).",
        ),
    ]
    value: Annotated[str, pydantic.Field(strict=True, description="Always a string, checked against the type.")]


class CallIn(ninja.Schema):
    """A call of a custom event. Name the customer by exactly one of the three identifiers."""

    customEventId: Annotated[int, pydantic.Field(strict=True, ge=1, le=INT32_MAX)]
    customerEmail: Annotated[str, pydantic.Field(strict=True, max_length=EMAIL_MAX)] | None = None
    customerId: pydantic.StrictInt | Annotated[str, pydantic.Field(strict=True, max_length=CUSTOMER_ID_MAX)] | None = (
        None
    )
    customerPhone: Annotated[str, pydantic.Field(strict=True, max_length=PHONE_MAX)] | None = None
    dataFields: Annotated[list[DataFieldIn], pydantic.Field(max_length=datafields.MAX_FIELDS)] = []


class ScenarioOut(ninja.Schema):
    id: int
    name: str


class CallOut(ninja.Schema):
    id: int
    created: dt.datetime
    scenarios: list[ScenarioOut]


def _request_body_schema() -> dict[str, Any]:
    """CallIn's JSON schema with its `$defs` inlined (OpenAPI resolves `#/…` from the document's root)."""
    schema = CallIn.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)


@router.post(
    "/calls",
    # Every refusal is documented, so that a client (and Schemathesis' status check) knows the problems.
    response={201: CallOut, **{code: ProblemOut for code in (400, 401, 403, 413, 415, 429, 503)}},
    summary="Trigger a custom event",
    description="Starts every active scenario whose start point is the event; with the event's logging on, "
    "writes one row of its log per scenario started.",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _request_body_schema()}}},
        "parameters": [{"name": "x-api-key", "in": "header", "required": True, "schema": {"type": "string"}}],
    },
)
def call(request: HttpRequest) -> ninja.Status:
    key = authenticate(request.headers.get("x-api-key"), tab=CUSTOM_EVENTS.slug, header="x-api-key: <key>")
    body = parse(request.body)
    event, customer, fields = validate(body)
    result = trigger(event, customer, fields, account=key.name)
    scenarios = [{"id": pk, "name": name} for pk, name in result.scenarios]
    return ninja.Status(201, {"id": result.call.pk, "created": result.call.created_at, "scenarios": scenarios})


def invalid(errors: list[FieldError]) -> Problem:
    fields = ", ".join(dict.fromkeys(e.field for e in errors))
    return Problem(
        400, "validation", _("Invalid call"), _("Fix these fields: %(fields)s.") % {"fields": fields}, errors
    )


def parse(raw: bytes) -> CallIn:
    """The body as a CallIn; raises Problem 400 naming each field that does not fit."""
    try:
        data = json.loads(raw or b"")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise invalid([FieldError("body", _("The body is not a JSON object."))])
    try:
        return CallIn.model_validate(data)
    except pydantic.ValidationError as exc:
        raise invalid([FieldError(_field_name(e["loc"]), _pydantic_message(e)) for e in exc.errors()]) from None


def _field_name(loc: tuple[int | str, ...]) -> str:
    """`("dataFields", 0, "value")` -> `dataFields[0].value`; the body itself is `body`."""
    # A union's members add their type to the location ("customerId", "int"): not a field.
    parts = [p for p in loc if not (isinstance(p, str) and p in {"int", "str"})]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


def _pydantic_message(error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("string") or kind == "str_type":
        if kind == "string_too_long":
            return _("At most %(n)s characters.") % {"n": error["ctx"]["max_length"]}
        if kind == "string_too_short":
            return _("This field may not be empty.")
        return _("Must be a string.")
    if kind.startswith("int") or kind in {"greater_than_equal", "less_than_equal"}:
        return _("Must be a whole number from 1 to %(max)s.") % {"max": INT32_MAX}
    if kind == "too_long":
        return _("At most %(n)s items.") % {"n": error["ctx"]["max_length"]}
    if kind in {"list_type", "model_type", "model_attributes_type", "dict_type"}:
        return _("Wrong kind of value: see the API schema.")
    return str(error["msg"])


def validate(body: CallIn) -> tuple[CustomEvent, Customer, list[DataField]]:
    """The event, the customer and the data fields of a well-formed call; raises Problem 400 naming each bad one.

    An unknown event id and an event that is switched off are both refused on `customEventId`.
    """
    errors: list[FieldError] = []
    event = CustomEvent.objects.filter(event_id=body.customEventId).first()
    if event is None:
        errors.append(FieldError("customEventId", _("No custom event has this id.")))
    elif not event.is_active:
        errors.append(FieldError("customEventId", _("This custom event is switched off.")))

    customer = _customer(body, errors)
    fields: list[DataField] = []
    seen: set[str] = set()
    for i, field in enumerate(body.dataFields):
        where = f"dataFields[{i}]"
        kind = datafields.canonical_type(field.type)
        if field.name in seen:
            errors.append(FieldError(f"{where}.name", _("Another data field has this name.")))
        seen.add(field.name)
        if kind is None:
            known = ", ".join(datafields.TYPES.values())
            errors.append(FieldError(f"{where}.type", _("Unknown type; use one of %(types)s.") % {"types": known}))
            continue
        wrong = datafields.problem(kind, field.value)
        if wrong:
            errors.append(FieldError(f"{where}.value", wrong))
        fields.append(DataField(field.name, kind, field.value))
    if errors:
        raise invalid(errors)
    assert event is not None and customer is not None  # no errors: both were found
    return event, customer, fields


def _customer(body: CallIn, errors: list[FieldError]) -> Customer | None:
    given = {name: getattr(body, name) for name in CUSTOMER_KINDS if getattr(body, name) not in (None, "")}
    if len(given) != 1:
        message = _("Name the customer by exactly one of customerEmail, customerId, customerPhone.")
        errors.append(FieldError(next(iter(given), "customerEmail") if len(given) <= 1 else "customer", message))
        return None
    [(name, raw)] = given.items()
    value = str(raw).strip()
    if name == "customerEmail":
        try:
            validate_email(value)
        except ValidationError:
            errors.append(FieldError(name, _("Not an e-mail address.")))
            return None
        value = value.lower()  # one customer, one log: the log's filter and the search find it so
    elif name == "customerPhone":
        if set(value) - _PHONE_CHARS or sum(c.isdigit() for c in value) < 7:
            errors.append(FieldError(name, _("Not a phone number (digits, e.g. +48600100200).")))
            return None
        value = ("+" if value.startswith("+") else "") + "".join(c for c in value if c.isdigit())
    elif (isinstance(raw, int) and raw < 1) or len(value) > CUSTOMER_ID_MAX or not value:
        errors.append(
            FieldError(name, _("A positive number or a text of at most %(n)s characters.") % {"n": CUSTOMER_ID_MAX})
        )
        return None
    return Customer(CUSTOMER_KINDS[name], value)
