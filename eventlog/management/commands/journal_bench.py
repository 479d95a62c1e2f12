import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from eventlog import demo
from eventlog.bench.api import measure_api
from eventlog.bench.export import measure_export
from eventlog.bench.hot_group import HOT, measure_hot_group
from eventlog.bench.lists import TAB, measure_lists
from eventlog.bench.render import measure_render
from eventlog.bench.retention import measure_retention
from eventlog.bench.writes import measure_writes

#: Days the seeded journal spans: several whole months, so one can expire.
SEED_DAYS = 200
#: The parts of the bench, in the order they run (`--only` picks some).
PARTS = ("render", "lists", "writes", "hot_group", "api", "export", "retention")


class Command(BaseCommand):
    help = (
        "Measure the journal at scale on PostgreSQL: a list table's render, writer against raw COPY, "
        "lists against SQL and Django admin, the collapsed view, a hot group of 2 M entries, "
        "the HTTP API over gunicorn, exports, "
        "retention against DELETE. "
        "Prints progress, then one line of JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000_000, help="journal size (default 10,000,000)")
        parser.add_argument("--repeat", type=int, default=7, help="requests per filter (default 7)")
        parser.add_argument(
            "--only",
            default=",".join(PARTS),
            help=f"comma-separated parts to run, of {', '.join(PARTS)} (default: all)",
        )

    def handle(self, *args, entries: int, repeat: int, only: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("journal_bench measures PostgreSQL: set DATABASE_URL to a PostgreSQL database.")
        if entries < 10_000 or repeat < 2:
            raise CommandError("--entries must be at least 10,000 and --repeat at least 2")
        parts = {p.strip() for p in only.split(",") if p.strip()}
        if not parts or parts - set(PARTS):
            raise CommandError(f"--only takes parts of: {', '.join(PARTS)}")
        started = time.monotonic()
        self._fill(entries)
        result: dict[str, float | int] = {"entries": entries}

        if "render" in parts:
            self.progress("Rendering a list's table (50 rows in memory, no database):")
            result |= measure_render(max(50, repeat * 10))
            self.progress(f"  render_p50_ms {result['render_p50_ms']:.2f}")
        if "lists" in parts:
            self.progress("Lists (full requests, SQL, Django admin), grouped view:")
            result |= measure_lists(repeat, admin_repeat=max(2, repeat // 2), progress=self.progress)
        rows = min(200_000, max(20_000, entries // 50))
        if "writes" in parts:
            self.progress(f"Writes ({rows:,} rows):")
            result |= measure_writes(rows, self.progress)
        if "hot_group" in parts:
            self.progress(f"A hot group ({HOT:,} entries of one offer's error, once a second):")
            result |= measure_hot_group(repeat, self.progress)
        if "api" in parts:
            # At least 40 batches, so that every client sends several.
            api_rows = max(rows, 40_000)
            self.progress(f"API ({api_rows:,} rows in batches of 1,000 over HTTP):")
            result |= measure_api(api_rows, self.progress)
            if "write_rows_per_s" in result:
                result["api_share_of_write"] = result["api_rows_per_s"] / result["write_rows_per_s"]
        if "export" in parts:
            self.progress("Exports:")
            result |= measure_export(TAB, min(100_000, entries // 10), self.progress)
        if "retention" in parts:
            self.progress("Retention:")
            result |= measure_retention(self.progress)

        self.progress(f"Done in {time.monotonic() - started:.0f} s.")
        self.stdout.write(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in result.items()}))

    def progress(self, line: str) -> None:
        self.stderr.write(line)

    def _fill(self, entries: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM eventlog_entry")
            present = cursor.fetchone()[0]
        if present < entries:
            missing = entries - present
            self.progress(f"The journal holds {present:,} entries; writing {missing:,} more over {SEED_DAYS} days.")
            began = time.monotonic()

            def seeded(done: int) -> None:
                self.progress(f"  {done:,} entries ({done / max(time.monotonic() - began, 1e-6):,.0f}/s)")

            demo.seed(missing, SEED_DAYS, seed=int(time.time()), progress=seeded)
        else:
            self.progress(f"The journal holds {present:,} entries; reusing them.")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE eventlog_entry")
            # Write out what seeding left in memory now, not during the measurements.
            try:
                cursor.execute("CHECKPOINT")
            except DatabaseError as exc:
                self.progress(f"  (no CHECKPOINT: {exc}; the first figures may include the seeding's writes)")
