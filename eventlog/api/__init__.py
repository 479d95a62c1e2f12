"""The journal's HTTP API (`/api/v1/`, django-ninja): entries in and out, keys, problems.

The `NinjaAPI` itself is assembled in `config/api.py` from every app's `api` module
(`router` mounted at `PREFIX`), so that the journal imports no integration.
"""

from . import demo  # noqa: F401  (registers the API's demo with eventlog.demo)
from .entries import router

PREFIX = ""

__all__ = ["PREFIX", "router"]
