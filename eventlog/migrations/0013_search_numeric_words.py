"""Words that mix letters and digits fold their diacritics too: `zamowienie2026` finds `Zamówienie2026`.

PostgreSQL's parser reads a token with letters and digits as `numword` (`Łódź2`), and the
parts of a hyphenated one as `numhword` / `hword_numpart` (`2x` in `Łódź-2x`). Migration 0012
sent only the letters-only token types through the `unaccent` dictionary, so these were
indexed as typed (lower case, diacritics kept) and a search without the diacritics missed
them. The documents already indexed change, so the index is rebuilt: `REINDEX CONCURRENTLY`
(PostgreSQL 14+ on a partitioned index), which lets the writer go on meanwhile; it cannot
run inside a transaction, hence `atomic = False`.
"""

from django.db import migrations

#: The token types 0012 left to `simple` alone that can hold letters.
TOKEN_TYPES = "numword, numhword, hword_numpart"


def fold(apps, schema_editor):
    _map(schema_editor, "unaccent, simple")


def unfold(apps, schema_editor):
    _map(schema_editor, "simple")


def _map(schema_editor, dictionaries: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION eventlog_search ALTER MAPPING FOR {TOKEN_TYPES} WITH {dictionaries}"
    )
    schema_editor.execute("REINDEX INDEX CONCURRENTLY entry_search")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("eventlog", "0012_full_text_search")]

    operations = [migrations.RunPython(fold, unfold)]
