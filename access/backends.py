"""The first authentication backend: django-axes' lockout check, for logins that come with a request."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked login (raises PermissionDenied) before any password is checked.

    Authentication without a request (`authenticate(username=…, password=…)` in a shell or
    a management command) has no address to throttle and cannot be repeated from the web:
    it is let through to the next backend instead of failing as axes' own backend does.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
