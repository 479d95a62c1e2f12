"""`manage.py check` tells an integration author at once about a broken `codes.py`."""

from __future__ import annotations

from typing import Any

from django.core import checks

from .defaults import FIELDS, declared


@checks.register()
def check_declared_codes(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    seen: dict[str, str] = {}
    for item in declared():
        code = item.values.get("code")
        if not isinstance(code, str) or not code:
            problems.append(checks.Error(f"An entry of {item.module}.DEFAULTS has no code.", id="explanations.E001"))
            continue
        missing = [name for name in FIELDS if not item.values.get(name)]
        if missing:
            problems.append(
                checks.Warning(f"{code} in {item.module} has no {', '.join(missing)}.", id="explanations.W001")
            )
        if code in seen:
            problems.append(
                checks.Warning(
                    f"{code} is declared in {seen[code]} and again in {item.module}; the first one is used.",
                    id="explanations.W002",
                )
            )
        seen.setdefault(code, item.module)
    return problems
