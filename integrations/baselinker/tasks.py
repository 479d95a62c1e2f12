"""Celery tasks of the BaseLinker integration file (thin: the logic is in pulls.py)."""

from celery import shared_task

from . import pulls


@shared_task(name="baselinker.close_quiet_pulls")
def close_quiet_pulls() -> list[int]:
    """Beat, every 30 s: close the pulls BaseLinker stopped asking about; returns their runs' ids."""
    return pulls.close_quiet()
