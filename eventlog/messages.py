"""Messages the project writes itself, shown in the reader's language.

An entry Dziennik writes about its own work (an import's summary, a problem found
in a package, a deletion, an export) carries its message code and parameters next
to its text. The text is stored once, in the shop's language (`LANGUAGE_CODE`), so
that free-text search and readers without the catalogue (SQL, Django admin) see a
sentence; lists, entry pages, run pages and exports render it again from the code
in the reader's language. An entry that arrives from outside (the HTTP API, an API
error a connector quotes) has no parameters and is shown as it was written.

The catalogue: each integration declares its texts as `MESSAGES` in its `codes.py`
(code -> lazily translated text with `%(name)s` placeholders), found like its
`tab.py`; the journal's own are declared here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from . import discovery

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Parameters of a message: names to JSON values (numbers, text).
Params = Mapping[str, Any]

# The journal's own entries.
ENTRIES_DELETED = "JOURNAL_ENTRIES_DELETED"
ENTRIES_EXPORTED = "JOURNAL_ENTRIES_EXPORTED"

_catalogue: dict[str, StrOrPromise] = {
    ENTRIES_DELETED: _("Entries deleted by hand: %(count)s (user %(user)s)."),
    ENTRIES_EXPORTED: _("Entries exported to %(format)s: %(count)s (user %(user)s)."),
}
_discovered = False


class UnknownMessage(KeyError):
    """A message code with no text in the catalogue."""


@dataclass(frozen=True)
class Message:
    """A message the project writes: its code and the values of its placeholders (JSON)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def stored(self) -> str:
        """Its text in the shop's language, as the journal stores it."""
        return stored(self.code, self.params)

    def as_param(self) -> dict[str, Any]:
        """To use it as the parameter of another message (an import's reason for failing)."""
        return {"code": self.code, "params": self.params}


def register(messages: Mapping[str, StrOrPromise]) -> None:
    """Add texts to the catalogue; a code declared twice with another text is a mistake."""
    for code, text in messages.items():
        known = _catalogue.get(code)
        if known is not None and known is not text and str(known) != str(text):
            raise ValueError(f"message code {code!r} is declared twice with different texts")
        _catalogue[code] = text


def discover() -> None:
    """Collect `MESSAGES` from every installed app's `codes.py` (once; `EventlogConfig.ready`)."""
    global _discovered
    if _discovered:
        return
    for module in discovery.app_modules("codes"):
        register(getattr(module, "MESSAGES", {}))
    _discovered = True


def is_known(code: str) -> bool:
    return code in _catalogue


def text(code: str, params: Params) -> str:
    """The message in the active language. A parameter may itself be a message,
    `{"code": …, "params": {…}}` (an import's reason for failing), rendered the same way.

    Raises UnknownMessage, or KeyError/TypeError/ValueError when `params` do not fill
    the text's placeholders.
    """
    try:
        template = _catalogue[code]
    except KeyError:
        raise UnknownMessage(code) from None
    return str(template) % {name: _shown(value) for name, value in params.items()}


def _shown(value: Any) -> Any:
    if _is_message(value):
        return text(value["code"], value.get("params") or {})
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)  # 12 345,5 in Polish, 12,345.5 in English
    return value


def _is_message(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("code"), str) and set(value) <= {"code", "params"}


def stored(code: str, params: Params) -> str:
    """The text as the journal stores it: in the shop's language, whoever's request wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return text(code, params)


def render(code: str, params: Params | None, written: str) -> str:
    """What a reader sees: the message in their language when the project wrote it itself
    (it has parameters and a known code), else the text as written."""
    if params is None or not code:
        return written
    try:
        return text(code, params)
    except (KeyError, TypeError, ValueError):
        # A code retired from the catalogue, or parameters of an older release.
        return written
