"""Turning what refuses a request (pydantic, the writer, Django forms) into problems naming the field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.forms import Form
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pydantic import ValidationError

from ..writer import JournalError
from .problems import FieldError, Problem


def invalid_json(exc: ValidationError) -> Problem | None:
    """The 400 problem of a body that is not JSON at all, or None when it is JSON with bad content."""
    for error in exc.errors(include_url=False):
        if error["type"] == "json_invalid":
            return Problem(
                400, "invalid-json", _("Body is not valid JSON"),
                _("The body cannot be parsed as JSON: %(error)s") % {"error": error.get("ctx", {}).get("error", "")},
            )  # fmt: skip
    return None


def body_problem(errors: Iterable[Mapping[str, Any]], batch: bool) -> Problem:
    """422 for pydantic's errors of a request body; `loc` is (index, field…) in a batch, (field…) for one entry."""
    found = []
    for error in errors:
        loc = list(error.get("loc", ()))
        index: int | None = 0
        if batch:
            index = loc.pop(0) if loc and isinstance(loc[0], int) else None
        found.append(FieldError(".".join(str(part) for part in loc), str(error.get("msg", "")), index))
    return validation_problem(found)


def journal_problem(refused: list[JournalError]) -> Problem:
    """422 for the entries the writer refused, naming each one's index and field."""
    return validation_problem([FieldError(e.field, e.reason, e.index if e.index is not None else 0) for e in refused])


def validation_problem(errors: list[FieldError]) -> Problem:
    return Problem(
        422, "validation", _("Invalid entries"),
        ngettext("%(count)d problem found; nothing was written.", "%(count)d problems found; nothing was written.",
                 len(errors)) % {"count": len(errors)},
        errors=errors,
    )  # fmt: skip


def query_problem(*forms: Form) -> Problem:
    """400 for a query string that one of `forms` refuses, naming each parameter."""
    errors = [
        FieldError(name, str(message))
        for form in forms
        for name, messages in form.errors.items()
        for message in messages
    ]
    names = ", ".join(dict.fromkeys(e.field for e in errors))
    return Problem(
        400, "invalid-query", _("Invalid query parameters"),
        _("Not valid: %(names)s.") % {"names": names}, errors=errors,
    )  # fmt: skip
