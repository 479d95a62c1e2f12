"""Errors of the API as RFC 9457 problem details (`application/problem+json`).

Source: RFC 9457 §3 — members `type`, `title`, `status`, `detail`; extension members
allowed. Ours adds `errors`: `[{"index": int | None, "field": str, "message": str}]`
for validation problems (`index` is the record's position in a batch).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json"
#: Our problem types are relative URIs under this path (the API docs list them).
TYPE_BASE = "/api/v1/problems/"


@dataclass
class FieldError:
    field: str
    message: str
    index: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message}


@dataclass
class Problem(Exception):
    """Raise anywhere under the API to answer with this problem.

    `slug` names the problem type ("invalid-key", "validation"…), `title` is short and
    fixed for the type, `detail` says what happened this time. `headers` go out with it
    (`Retry-After`, `WWW-Authenticate`).
    """

    status: int
    slug: str
    title: str
    detail: str = ""
    errors: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.title}: {self.detail}"

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": TYPE_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = [e.as_json() for e in self.errors]
        return body

    def response(self) -> HttpResponse:
        response = HttpResponse(
            json.dumps(self.as_json(), ensure_ascii=False), status=self.status, content_type=CONTENT_TYPE
        )
        for name, value in self.headers.items():
            response[name] = value
        return response
