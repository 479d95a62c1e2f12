"""A database outage answers 503 "temporarily unavailable", never Django's bare 500.

PostgreSQL restarting, failing over or refusing connections surfaces as
`django.db.OperationalError` or `InterfaceError` (PEP 249's classes for "not the
query's fault"). Two places catch it, because Django hands them different exceptions:

- `DatabaseOutageMiddleware.process_exception` — an error escaping a view (a list's
  query, a context processor reading the user);
- `server_error`, the project's `handler500` — an error raised by a middleware before
  the view (the login check loading the session's user, the session saved on the way
  out), which Django turns into a 500 before any middleware could see it.

Both answer the panel's 503 page (`templates/503.html`, which extends
`standalone_error.html`: no user, no context processor, no URL lookup, so it renders
with the database gone) or, under `/api/`, an RFC 9457 problem; each with
`Retry-After` (RFC 9110 §10.2.3) and `Cache-Control: no-store`, so that no proxy keeps
the outage. Every web process reconnects on its own once the database is back
(`CONN_HEALTH_CHECKS` drops a broken connection at the start of the next request).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from .api.problems import Problem

log = logging.getLogger(__name__)

#: The exceptions that mean "the database cannot be reached", not "this request is wrong".
DATABASE_ERRORS = (OperationalError, InterfaceError)
#: Seconds a browser or an API client is told to wait: PostgreSQL restarts in a few seconds,
#: a failover in tens (the same figure as the API's own handler, config.api).
RETRY_AFTER_SECONDS = 30
#: Paths answered as JSON problems rather than the HTML page.
API_PREFIX = "/api/"


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer to `request`: the API's problem under /api/, the panel's page elsewhere.

    Rendered in the language the request asks for (cookie, Accept-Language), read from the
    request alone: the session, and so the language kept in it, lives in the database.
    """
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith(API_PREFIX):
            response = Problem(
                503, "database-unavailable", _("Journal temporarily unavailable"),
                _("The journal's database cannot be reached; nothing was written. Retry later."),
            ).response()  # fmt: skip
        else:
            page = loader.get_template("503.html").render({"retry_after": RETRY_AFTER_SECONDS})
            response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """A database outage escaping a view answers 503 (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        # A warning, not an error with a traceback per request: the outage is one event, and
        # the health endpoint (/healthz) is what monitoring watches.
        log.warning("%s %s: the database is unavailable: %s", request.method, request.path, exception)
        return unavailable(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a database outage raised before the view is a 503 too; anything else is the 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable(request)
    return defaults.server_error(request)
