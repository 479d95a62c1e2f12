"""The journal's HTTP API (`/api/v1/`, django-ninja): entries in and out, keys, problems.

The `NinjaAPI` itself is assembled in `config/api.py` from every app's `api` module
(`router` mounted at `PREFIX`), so that the journal imports no integration.
"""
