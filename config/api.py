"""The HTTP API (`/api/v1/`): one `NinjaAPI` made of every app's `api` module.

An app's `api.py` (or `api/` package) holds `router` (a `ninja.Router`) and `PREFIX`
(the path under `/api/v1/` it is mounted at), so that the journal imports no
integration and each integration brings its own endpoints.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from eventlog.api.problems import Problem
from eventlog.discovery import app_modules

api = NinjaAPI(title="Dziennik API", version="1", urls_namespace="api")


@api.exception_handler(Problem)
def problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    return exc.response()


for module in app_modules("api"):
    if hasattr(module, "router"):
        api.add_router(module.PREFIX, module.router)


def urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URL patterns; the API authenticates with keys, never with the panel's login."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace
