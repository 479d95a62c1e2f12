"""Strict reading of the environment: a mistyped value stops the start instead of being guessed.

django-environ's `bool` reads anything it does not know ("treu", "ture", "y3s") as
False, so a typo in `SESSION_COOKIE_SECURE` quietly turns the hardening off. Here a
boolean is one of 1/0, true/false, yes/no, on/off (any case), an integer is a whole
number and a float a number; anything else raises `ImproperlyConfigured` naming the
variable and its value. An empty value counts as unset (`VAR=` in a compose file),
so the default holds.
"""

from __future__ import annotations

import builtins
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


class Env(environ.Env):
    """`environ.Env` whose `bool` and `int` refuse what they cannot read exactly."""

    def _raw(self, var: str) -> str | None:
        value = self.ENVIRON.get(var)
        return None if value is None or not value.strip() else value.strip()

    def _missing(self, var: str, default: Any) -> Any:
        if default is environ.Env.NOTSET:
            raise ImproperlyConfigured(f"Set the environment variable {var}.")
        return default

    def bool(self, var: str, default: Any = environ.Env.NOTSET) -> builtins.bool:
        raw = self._raw(var)
        if raw is None:
            return self._missing(var, default)
        if raw.lower() in TRUE:
            return True
        if raw.lower() in FALSE:
            return False
        raise ImproperlyConfigured(
            f"{var}={raw!r} is not a boolean; use one of {', '.join(sorted(TRUE | FALSE))} (any case)."
        )

    def int(self, var: str, default: Any = environ.Env.NOTSET, *, minimum: builtins.int | None = None) -> builtins.int:
        """A whole number; with `minimum`, one below it stops the start too."""
        raw = self._raw(var)
        if raw is None:
            return self._missing(var, default)
        try:
            value = builtins.int(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{var}={raw!r} is not a whole number.") from None
        if minimum is not None and value < minimum:
            raise ImproperlyConfigured(f"{var}={raw!r} is below its least value, {minimum}.")
        return value

    def float(self, var: str, default: Any = environ.Env.NOTSET) -> builtins.float:
        raw = self._raw(var)
        if raw is None:
            return self._missing(var, default)
        try:
            return builtins.float(raw)
        except ValueError:
            raise ImproperlyConfigured(f"{var}={raw!r} is not a number.") from None
