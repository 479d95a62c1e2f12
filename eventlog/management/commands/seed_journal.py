import time

from django.core.management.base import BaseCommand, CommandError

from eventlog import demo


class Command(BaseCommand):
    help = "Fill every journal tab with realistic demo entries (through the journal's writer)."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=5000, help="number of entries (default 5000)")
        parser.add_argument("--days", type=int, default=30, help="spread over the last D days (default 30)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable data")

    def handle(self, *args, entries, days, seed, **options):
        if entries < 0 or days < 1:
            raise CommandError("--entries must be 0 or more and --days at least 1")
        started = time.monotonic()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            self.stderr.write(f"  {done:,} entries ({rate:,.0f}/s)")

        written = demo.seed(entries, days, seed=seed, progress=progress if entries >= 100_000 else None)
        # Tabs whose runs are genuine jobs (the ERP's imports of the example packages): once.
        demo.seed_real_runs()
        elapsed = time.monotonic() - started
        self.stdout.write(f"Wrote {written:,} entries in {elapsed:.1f} s ({written / max(elapsed, 1e-6):,.0f}/s).")
