"""Where export jobs keep their files, and who may download them.

A large export's file goes into JOURNAL_EXPORT_DIR, a private folder whose files are
served only by the download view, to the run's creator or a shop admin, and removed
after JOURNAL_EXPORT_KEEP_DAYS days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from .. import roles, runs
from ..models import Run, RunStatus
from .writing import CONTENT_TYPES, download_name

#: `Run.kind` of an export job.
KIND = runs.EXPORT.code


def export_dir() -> Path:
    return Path(settings.JOURNAL_EXPORT_DIR)


def file_of(run: Run) -> Path:
    """Where an export run's file is (the format comes from our own params, checked)."""
    fmt = run.params.get("format")
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    return export_dir() / f"export-{run.pk}.{fmt}"


def open_file(run: Run) -> tuple[IO[bytes], str, str]:
    """A finished export's file, the name to download it as and its content type.

    Raises FileNotFoundError while the run is not done, and once the file was removed.
    """
    if run.kind != KIND or run.status != RunStatus.SUCCEEDED:
        raise FileNotFoundError(f"export run {run.pk} has no file")
    fmt = run.params["format"]
    return file_of(run).open("rb"), download_name(run.tab, fmt, run.finished_at), CONTENT_TYPES[fmt]


def may_download(user: User | AnonymousUser, run: Run) -> bool:
    """An export's file is for whoever started it, and for shop admins."""
    if run.kind != KIND or not user.has_perm("eventlog.export_entry"):
        return False
    return run.created_by_id == user.pk or user.is_superuser or user.groups.filter(name=roles.SHOP_ADMIN).exists()


@dataclass
class ExportStatus:
    """What the run page shows about an export run."""

    run: Run
    format: str
    may_download: bool
    #: Size in bytes of the finished file, None while running or once removed.
    size: int | None

    @property
    def pending(self) -> bool:
        return self.run.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def removed(self) -> bool:
        return self.run.status == RunStatus.SUCCEEDED and self.size is None


def status_of(run: Run, user: User | AnonymousUser) -> ExportStatus | None:
    """The export part of a run page (None for other kinds of run)."""
    if run.kind != KIND:
        return None
    size = None
    if run.status == RunStatus.SUCCEEDED:
        try:
            size = file_of(run).stat().st_size
        except (OSError, ValueError):
            size = None
    return ExportStatus(run, str(run.params.get("format", "")), may_download(user, run), size)


def remove_old_files(now: dt.datetime | None = None) -> int:
    """Beat, daily: export files (and parts a dead worker left) older than the keep days go."""
    cutoff = (now or timezone.now()).timestamp() - settings.JOURNAL_EXPORT_KEEP_DAYS * 86400
    removed = 0
    if not export_dir().is_dir():
        return 0
    for path in export_dir().iterdir():
        if path.is_file() and path.name.startswith("export-") and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
