"""The HTTP API (`/api/v1/`): one `NinjaAPI` made of every app's `api` module.

An app's `api.py` (or `api/` package) holds `router` (a `ninja.Router`) and `PREFIX`
(the path under `/api/v1/` it is mounted at), so that the journal imports no
integration and each integration brings its own endpoints.

Every error under `/api/v1/` is `application/problem+json` (RFC 9457, see
eventlog.api.problems): our own problems, ninja's validation and authentication
errors, an unknown path (404), a wrong method (405), the database being down (503)
and any unexpected error (500, logged) — never Django's HTML error pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from eventlog.api.problems import FieldError, Problem
from eventlog.discovery import app_modules

logger = logging.getLogger("eventlog.api")

#: A client told the database is down retries after this many seconds.
DATABASE_RETRY_AFTER = 30
#: Where ninja's validation errors come from: the query string and path are 400, the body 422.
_REQUEST_PARTS = ("query", "path", "header", "cookie")

# The docs are the panel's page (login required, the panel's layout): see eventlog.views.api_docs.
api = NinjaAPI(
    title="Dziennik API",
    version="1",
    urls_namespace="api",
    docs_url=None,
    description="Write entries to the shop's event journal and read them. Errors are RFC 9457 problem details.",
)


@api.exception_handler(Problem)
def problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return exc.response()


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """No (or a non-Bearer) Authorization header: ninja's auth found no key to check."""
    return Problem(
        401, "missing-key", _("API key required"), _("Send the key as “Authorization: Bearer <key>”."),
        headers={"WWW-Authenticate": 'Bearer realm="dziennik"'},
    ).response()  # fmt: skip


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """ninja's own validation (an endpoint's schema): `loc` is (part, [param], [index], field…)."""
    errors, status = [], 422
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        part = loc.pop(0) if loc else ""
        if part in _REQUEST_PARTS:
            status = 400
        elif part == "body" and len(loc) > 1:
            loc.pop(0)  # the view's parameter name, which the client never sees
        index = loc.pop(0) if loc and isinstance(loc[0], int) else None
        errors.append(FieldError(".".join(str(p) for p in loc), str(error.get("msg", "")), index))
    if status == 400:
        title, detail = _("Invalid query parameters"), _("A query parameter is not valid.")
    else:
        title, detail = _("Invalid request body"), _("The body does not fit the schema; nothing was written.")
    return Problem(status, "invalid-query" if status == 400 else "validation", title, detail, errors).response()


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _not_found().response()


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return Problem(exc.status_code, "http-error", str(exc.message), str(exc.message)).response()


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database cannot be reached: each write is one transaction, so nothing was half-written."""
    logger.warning("API request failed, the database is unavailable: %s", exc)
    return Problem(
        503, "database-unavailable", _("Journal temporarily unavailable"),
        _("The journal's database cannot be reached; nothing was written. Retry later."),
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    ).response()  # fmt: skip


@api.exception_handler(Exception)
def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("API request failed: %s %s", request.method, request.path, exc_info=exc)
    return Problem(
        500, "internal-error", _("Internal error"), _("The request failed on our side; nothing was written.")
    ).response()


for module in app_modules("api"):
    if hasattr(module, "router"):
        api.add_router(module.PREFIX, module.router)


def _not_found() -> Problem:
    return Problem(404, "not-found", _("Not found"), _("There is no such API resource."))


def _method_not_allowed(response: HttpResponseNotAllowed) -> HttpResponse:
    allowed = response["Allow"]
    problem = Problem(
        405, "method-not-allowed", _("Method not allowed"),
        _("This resource accepts: %(methods)s.") % {"methods": allowed}, headers={"Allow": allowed},
    )  # fmt: skip
    return problem.response()


def _problems_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with a plain 405; it becomes a problem like every other error."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return _method_not_allowed(response)
        return response

    for attribute in ("csrf_exempt", "login_required"):
        if hasattr(view, attribute):
            setattr(wrapped, attribute, getattr(view, attribute))
    return wrapped


@csrf_exempt
@login_not_required
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a 404 problem, not the panel's HTML page."""
    return _not_found().response()


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns; the API authenticates with keys, never with the panel's login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(_problems_only(pattern.callback))
    patterns = [*patterns, re_path(r"^(?P<rest>.*)$", unknown_path)]
    return patterns, app_name, namespace
