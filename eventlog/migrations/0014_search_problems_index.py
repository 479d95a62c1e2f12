"""Searching warnings and errors: a partial GIN index, and a finer statistics target for both.

Measured over 10 M entries (`journal_bench`'s database, a plain list's p50 19 ms), each a full
list request, p50 of 5, before and after:

- A common word with `severity=error` that no error holds (`oferte`, in 15 % of the offers):
  133 ms -> 22 ms. The query behind a sparse window (search.first_matches) ANDed the bitmap of
  `entry_search`, which holds every entry with the word (65,000 a month), with the severity
  index. `entry_search_problems` holds only warnings and errors, so for a search among them it
  reads only their postings. The writer indexes a problem's document twice for it.
- A rare word with `account=` (an offer id in 0.009 % of the offers): 92 ms -> 25 ms. PostgreSQL
  estimated 981 matches a month where there were 40, and ANDed them with the account's 111,000
  entries. ANALYZE keeps the frequencies of `statistics target x 10` lexemes of the index's
  expression (PostgreSQL manual, 14.2 "Statistics Used by the Planner", most_common_elems):
  at 1,000 instead of the default 100 the rare words' estimate falls to what they are.

Both indexes are built without blocking the writer: the parent's index is created ON ONLY the
parent (invalid), each partition's CONCURRENTLY, then attached (the manual's CREATE INDEX, "Building
Indexes Concurrently" on partitioned tables). A statistics target set on a partitioned index reaches
the partitions that exist only; eventlog.partitions.created gives it to new ones.
"""

from django.db import migrations

#: What `entry_search_problems` indexes: the document of eventlog/search.py, for warnings and errors.
DOCUMENT = "eventlog_search_document(message, message_code, object_id, account)"
PREDICATE = "severity IN ('warning', 'error')"
STATISTICS = 1000


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(
        f"CREATE INDEX IF NOT EXISTS entry_search_problems ON ONLY eventlog_entry USING gin ({DOCUMENT}) WHERE {PREDICATE}"
    )
    with schema_editor.connection.cursor() as cursor:
        # The partitions without their index yet (one created meanwhile got it from the parent's).
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'eventlog_entry'::regclass"
            " AND inhrelid NOT IN (SELECT indrelid FROM pg_index JOIN pg_inherits ON inhrelid = indexrelid"
            " WHERE inhparent = 'entry_search_problems'::regclass)"
        )
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        index = f"{name.strip(chr(34))}_search_problems"
        execute(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{index}" ON {name} USING gin ({DOCUMENT}) WHERE {PREDICATE}')
        execute(f'ALTER INDEX entry_search_problems ATTACH PARTITION "{index}"')
    for index in ("entry_search", "entry_search_problems"):
        execute(f"ALTER INDEX {index} ALTER COLUMN 1 SET STATISTICS {STATISTICS}")
    execute("ANALYZE eventlog_entry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER INDEX entry_search ALTER COLUMN 1 SET STATISTICS -1")
    schema_editor.execute("DROP INDEX IF EXISTS entry_search_problems")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("eventlog", "0013_search_numeric_words")]

    operations = [migrations.RunPython(create, drop)]
