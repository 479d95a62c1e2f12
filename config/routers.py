"""The database router: the journal's lag-tolerant reads to the replica, everything else to the primary.

Which reads qualify, and when, is eventlog/replica.py's to say (opted-in pages and jobs, entries
only, never inside a transaction, not right after the user wrote). Without a replica configured
every answer here is "default", as with no router at all.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

from eventlog import replica


class ReplicaRouter:
    """Reads to "replica" when eventlog.replica allows them; writes, relations and migrations on "default"."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return replica.ALIAS if replica.routes_to_replica(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        # Said outright: left to Django, an object read from the replica would be saved back to it
        # (its `_state.db`), and a standby refuses every write.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: an object read from either relates to one from the other.
        aliases = {DEFAULT_DB_ALIAS, replica.ALIAS}
        return True if {obj1._state.db, obj2._state.db} <= aliases else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        # A streaming replica replays the primary's schema changes; it takes none of its own.
        return db == DEFAULT_DB_ALIAS
