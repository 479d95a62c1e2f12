"""`manage.py check_beat --max-age N`: Celery beat's liveness check (docker-compose.yml's health check).

Exit 0 when beat's last heartbeat (eventlog/beat.py, one each tick) is younger than N seconds, 1 with a
message otherwise: no heartbeat at all, an old one (beat hung or was killed), or the cache unreachable.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from eventlog import beat

#: Caches each process holds for itself: beat's heartbeat cannot reach another process through them.
PRIVATE_CACHES = ("django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache")


class Command(BaseCommand):
    help = "Exit 0 if Celery beat ticked within --max-age seconds, 1 (saying why) otherwise."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-age", type=float, default=60.0,
            help="Seconds the last heartbeat may be old (beat ticks every CELERY_BEAT_MAX_LOOP_INTERVAL s or sooner).",
        )  # fmt: skip

    def handle(self, *args: Any, max_age: float, **options: Any) -> None:
        if settings.CACHES["default"]["BACKEND"] in PRIVATE_CACHES:
            raise CommandError("Beat's heartbeat is in the cache, which here is each process's own: set REDIS_URL.")
        try:
            last = beat.last_heartbeat()
        except Exception as error:  # the cache server is down or refuses: unhealthy, saying so
            raise CommandError(f"The cache holding beat's heartbeat cannot be read: {error}") from error
        if last is None:
            raise CommandError("Celery beat has never ticked with this cache (no heartbeat).")
        age = time.time() - last
        if age > max_age:
            raise CommandError(f"Celery beat's last heartbeat is {age:.0f} s old (more than {max_age:g} s).")
        self.stdout.write(f"Celery beat is alive: last heartbeat {age:.1f} s ago.")
