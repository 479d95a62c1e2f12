"""The explanations the integrations ship: `DEFAULTS` in each `<app>/codes.py`.

Each integration knows the codes it emits, so it declares their texts next to its
tab; this module only collects them, in the order of INSTALLED_APPS.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventlog import discovery

TEXT_FIELDS = ("title_en", "title_pl", "meaning_en", "meaning_pl", "fix_en", "fix_pl")
FIELDS = ("code", *TEXT_FIELDS)


@dataclass(frozen=True)
class Declared:
    """One default explanation and the module that declared it (for error messages)."""

    module: str
    values: dict[str, str]

    @property
    def code(self) -> str:
        return self.values["code"]


def declared() -> list[Declared]:
    """Every entry of every `codes.py`, duplicates included (the system check reports them)."""
    return [
        Declared(module.__name__, dict(values))
        for module in discovery.app_modules("codes")
        for values in getattr(module, "DEFAULTS", [])
    ]


def defaults() -> dict[str, dict[str, str]]:
    """code -> texts of the default explanations; the first declaration of a code wins."""
    result: dict[str, dict[str, str]] = {}
    for item in declared():
        result.setdefault(item.code, {name: item.values.get(name, "") for name in TEXT_FIELDS})
    return result
