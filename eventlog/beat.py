"""Celery beat's scheduler: django-celery-beat's, reading only the database, with a heartbeat.

`CELERY_BEAT_SCHEDULER = "eventlog.beat.Scheduler"`. Three changes to `DatabaseScheduler`:

- At start it does not write `app.conf.beat_schedule` (nor Celery's `celery.backend_cleanup`) into the
  database, as the library does: the database is the one source of the schedules (eventlog/schedules.py
  says how they get there), so what a shop admin changed stays changed after a restart.
- It reads every enabled schedule. The library leaves out crontabs whose hour is more than two hours
  away (an optimisation for thousands of rows), so a daily job at 03:35 that fell due while no beat
  ran would wait for the next 03:35 instead of running when beat starts; here there are a dozen rows.
- Every tick (at least every CELERY_BEAT_MAX_LOOP_INTERVAL seconds) stores the time in the cache
  (`HEARTBEAT_KEY`, one SET: Redis in production), which `manage.py check_beat --max-age N` reads. A
  beat process that hangs or is killed stops the heartbeat, unlike a schedule file that stays behind.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "dziennik:beat:heartbeat"


def beat() -> None:
    """Record that beat is alive now (seconds since the epoch, in the cache, kept until overwritten)."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


def last_heartbeat() -> float | None:
    """Seconds since the epoch of beat's last tick, or None if no beat has ticked with this cache."""
    value = cache.get(HEARTBEAT_KEY)
    return float(value) if value is not None else None


class Scheduler(DatabaseScheduler):
    def setup_schedule(self) -> None:
        """Nothing from the configuration: the schedules are those in the database."""

    def enabled_models_qs(self):
        """Every enabled schedule, the crontabs of other hours too (see the module's docstring)."""
        return self.Model.objects.enabled()

    def tick(self, *args, **kwargs) -> float:
        interval = super().tick(*args, **kwargs)
        try:
            beat()
        except Exception:  # the cache is down: beat still sends its tasks, the health check will say so
            logger.warning("Celery beat could not store its heartbeat", exc_info=True)
        return interval
