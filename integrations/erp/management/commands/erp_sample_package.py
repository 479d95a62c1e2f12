import time
from pathlib import Path

from django.core.management.base import BaseCommand

from integrations.erp import sample


class Command(BaseCommand):
    help = "Write a made-up catalogue package (for demos and for measuring the import's speed)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--products", type=int, default=100_000)
        parser.add_argument("--problems-every", type=int, default=50, help="one product in N has a fault (0: none)")

    def handle(self, *args, path, products, problems_every, **options):
        started = time.monotonic()
        size = sample.write_catalogue(Path(path), products, problems_every)
        self.stdout.write(f"Wrote {products:,} products ({size:,} bytes) in {time.monotonic() - started:.1f} s")
