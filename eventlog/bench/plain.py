"""Plain (unpartitioned) tables shaped like the journal, for the side-by-side figures."""

from __future__ import annotations


def create_plain_table(
    cursor, table: str, *, source: str = "eventlog_entry", indexed: bool = True, only: tuple[str, ...] | None = None
) -> None:
    """`table` with the journal's columns and rows of `source` (none for the journal itself),
    and, if `indexed`, the journal's primary key and its indexes (those named in `only`, if given)."""
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    if source == "eventlog_entry":
        cursor.execute(f"CREATE TABLE {table} (LIKE eventlog_entry INCLUDING DEFAULTS)")
    else:
        cursor.execute(f'CREATE TABLE {table} AS SELECT * FROM "{source}"')
    if not indexed:
        return
    for name, definition in journal_indexes(cursor).items():
        if only is not None and name not in only:
            continue
        definition = definition.replace("ON ONLY public.eventlog_entry", f"ON {table}")
        cursor.execute(definition.replace(f"INDEX {name} ON", f"INDEX {table}_{name} ON", 1))
    cursor.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (id, occurred_at)")


def journal_indexes(cursor) -> dict[str, str]:
    """The journal's indexes but its primary key: name -> definition, by name."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes"
        " WHERE tablename = 'eventlog_entry' AND indexname <> 'eventlog_entry_pkey' ORDER BY indexname"
    )
    return dict(cursor.fetchall())
