"""`/api/v1/entries`: write entries (one or a batch, all or none) and read a tab's entries.

Writing: the key is checked (and counted for the rate limit), the body read within
its limit, validated by pydantic straight from the bytes, each record's tab checked
against the key, then the whole batch goes through the one writer
(`writer.prepare` + `writer.write`) in the transaction that also stores the
Idempotency-Key's answer. An entry that names no account or initiator carries the
key's name and "api".

Reading: the tab list's own filters and keyset paging; no count, never an offset.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import ValidationError

from .. import journal, tabs, writer
from ..filters import filterset_for
from ..forms import PositionForm
from ..models import ApiKey, Entry, Initiator
from ..paging import paginate
from . import idempotency, keys
from .body import read_json_body
from .forms import EntryQueryForm
from .schemas import MANY, ONE, Created, EntryIn, EntryPage, ProblemOut, request_body_schema
from .validation import body_problem, invalid_json, journal_problem, query_problem

router = Router(tags=["entries"])


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer <key>`; no header → 401 (ninja's AuthenticationError, a problem in config/api.py)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        return keys.authenticate(token)


auth = ApiKeyAuth()
ERRORS = {code: ProblemOut for code in (400, 401, 403, 409, 413, 415, 422, 429, 503)}


@router.post(
    "/entries",
    auth=auth,
    response={201: Created, **ERRORS},
    summary="Write entries",
    openapi_extra={
        "requestBody": request_body_schema(),
        "parameters": [
            {
                "in": "header",
                "name": idempotency.HEADER,
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
                "description": "Retries with the same key and body get the first answer and write nothing.",
            }
        ],
    },
)
def create_entries(request: HttpRequest, response: HttpResponse) -> Status[Any]:
    """One entry (a JSON object) or a batch of up to 1,000 (an array): all written, or none.

    Answers 201 with the new ids in the order sent.
    """
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    idempotency_key = idempotency.valid_key(request.headers.get(idempotency.HEADER))
    raw = read_json_body(request)
    records = parse_entries(raw)
    for slug in {record["tab"] for record in records}:
        # An unknown tab is the writer's 422 (naming the record); a known one the key lacks is 403.
        if tabs.get(slug) is not None:
            keys.check_tab(key, slug)

    def write() -> idempotency.Answer:
        return idempotency.Answer(201, {"ids": write_entries(key, records)})

    answer = idempotency.once(key, idempotency_key, raw, write)
    if answer.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(answer.status, answer.body)


def parse_entries(raw: bytes) -> list[EntryIn]:
    """The records of a body: a JSON object is one, an array a batch. Raises Problem 400 / 422."""
    batch = raw.lstrip()[:1] == b"["
    try:
        return MANY.validate_json(raw) if batch else [ONE.validate_json(raw)]
    except ValidationError as exc:
        raise invalid_json(exc) or body_problem(exc.errors(include_url=False), batch) from None


def write_entries(key: ApiKey, records: list[EntryIn]) -> list[int]:
    """Write `records` (by default as the key's account, initiator "api"); raises Problem 422 naming the refused one."""
    fields = [{"account": key.name, "initiator": Initiator.API, **record} for record in records]
    try:
        batch = writer.prepare(fields)
    except writer.JournalError:
        # The writer stops at the first refusal; the client is told every refused record at once.
        raise journal_problem(_refusals(fields)) from None
    try:
        return writer.write(batch)
    except writer.JournalError as exc:
        raise journal_problem([exc]) from None


def _refusals(fields: list[dict[str, Any]]) -> list[writer.JournalError]:
    refused = []
    for index, record in enumerate(fields):
        try:
            writer.prepare([record])
        except writer.JournalError as exc:
            exc.index = index
            refused.append(exc)
    return refused


class EntryQuery(Schema):
    """The query parameters, documented; they are checked by the panel's forms (`EntryQueryForm`, the tab's
    FilterSet, `PositionForm`), so a bad one is a 400 naming it."""

    tab: str
    since: str | None = None
    severity: str | None = None
    event_type: str | None = None
    object_id: str | None = None
    account: str | None = None
    service: str | None = None
    initiator: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    q: str | None = None
    older: str | None = None
    limit: int | str | None = None


@router.get("/entries", auth=auth, response={200: EntryPage, **ERRORS}, summary="Read a tab's entries")
def list_entries(request: HttpRequest, query: Query[EntryQuery]) -> dict[str, Any]:
    """A tab's entries, newest first, with the tab list's filters; `next` links to the older page.

    The tab's optional filters (account, service, object_id, initiator) are those its
    list offers. There is no total: follow `next` until it is null.
    """
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    return entry_page(request, key)


def entry_page(request: HttpRequest, key: ApiKey) -> dict[str, Any]:
    form = EntryQueryForm(request.GET)
    position = PositionForm(request.GET)
    if not form.is_valid() or not position.is_valid():
        raise query_problem(form, position)
    tab = tabs.get(form.cleaned_data["tab"])
    if tab is None:  # the form's choices are the tabs, so only a tab unregistered meanwhile
        raise query_problem(form)
    keys.check_tab(key, tab.slug)
    entries = journal.tab_entries(tab)
    if since := form.cleaned_data["since"]:
        entries = entries.filter(occurred_at__gte=since)
    filters = filterset_for(tab)(request.GET, queryset=entries)
    if not filters.is_valid():
        raise query_problem(filters.form)
    older, newer = position.cursors()
    size = form.cleaned_data["limit"] or EntryQueryForm.DEFAULT_LIMIT
    page = paginate(filters.qs, older=older, newer=newer, size=size, search_scope=filters.search_scope)
    next_url = None
    if page.older:
        params = request.GET.copy()
        for name in ("older", "newer", "at"):
            params.pop(name, None)
        params["older"] = page.older
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"entries": [entry_json(e) for e in page.rows], "next": next_url}


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "tab": entry.tab,
        "occurred_at": entry.occurred_at,
        "severity": entry.severity,
        "event_type": entry.event_type,
        # As stored: the shop's language for what the project wrote (an API has no reader's language).
        "message": entry.message,
        "message_code": entry.message_code,
        "initiator": entry.initiator,
        "actor": entry.actor,
        "account": entry.account,
        "service": entry.service,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
        "run_id": entry.run_id,
    }
