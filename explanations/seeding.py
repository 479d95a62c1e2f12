"""Put the integrations' default explanations into the knowledge base.

Runs after every `migrate`: a new code an integration declares appears by itself;
an explanation nobody edited follows its integration's newer text; one a shop admin
edited (`edited=True`) is never touched.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

from .defaults import TEXT_FIELDS, defaults
from .models import Explanation


def seed(using: str = DEFAULT_DB_ALIAS, model: type[Explanation] = Explanation) -> tuple[int, int]:
    """Insert missing codes and refresh unedited ones; returns (created, updated)."""
    wanted = defaults()
    existing = {e.code: e for e in model.objects.using(using).filter(code__in=wanted)}
    new = [model(code=code, **texts) for code, texts in wanted.items() if code not in existing]
    stale = []
    for code, item in existing.items():
        texts = wanted[code]
        if not item.edited and any(getattr(item, name) != texts[name] for name in TEXT_FIELDS):
            for name in TEXT_FIELDS:
                setattr(item, name, texts[name])
            stale.append(item)
    model.objects.using(using).bulk_create(new)
    model.objects.using(using).bulk_update(stale, TEXT_FIELDS)
    return len(new), len(stale)


def seed_after_migrate(sender: Any, using: str = DEFAULT_DB_ALIAS, apps: Any = None, **kwargs: Any) -> None:
    """post_migrate handler; skipped while the table does not exist (e.g. migrating backwards)."""
    try:
        model = apps.get_model("explanations", "Explanation") if apps else Explanation
    except LookupError:
        return
    if model._meta.db_table not in connections[using].introspection.table_names():
        return
    seed(using, model)
