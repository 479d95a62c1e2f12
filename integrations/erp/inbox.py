"""The ERP's folders: packages arrive in the inbox, are worked on in processing/, end in done/ or failed/.

A file is claimed by renaming it into processing/ — a rename within one file system
is atomic, so when two workers see the same new file only one rename succeeds and
the other finds the file gone. Uploads from the panel are written straight into
processing/ under their run's name. The ERP should write a package under a name
starting with "." or ending in ".part" and rename it when complete; such files are
never taken.

Only regular files that live in the inbox alone are claimed: a symbolic link (to a
system file, or to a file in a linked folder), a FIFO (opening it would block the
worker), a device or a file with other hard links is left where it is, and the inbox's
own folders must be real folders, never links — so an import reads nothing from outside
the inbox. A package filed away in done/ or failed/ is stamped with the time it was filed
and removed ERP_INBOX_KEEP_DAYS days later (`remove_processed`, daily on beat).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import stat
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

log = logging.getLogger(__name__)

PROCESSING = "processing"
DONE = "done"
FAILED = "failed"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def inbox() -> Path:
    return Path(settings.ERP_INBOX_DIR)


class NotAFolder(OSError):
    """One of the inbox's folders is a symbolic link or a file: nothing is moved through it."""


def folder(name: str) -> Path:
    """The inbox's sub-folder `name`, created if missing; raises NotAFolder if it is a link or a file."""
    path = inbox() / name
    path.mkdir(parents=True, exist_ok=True)
    if not stat.S_ISDIR(os.lstat(path).st_mode):
        raise NotAFolder(f"{path} is not a folder of its own (a symbolic link?)")
    return path


def is_plain_file(mode: int, links: int) -> bool:
    """A regular file with no other name: not a link, FIFO, device or socket, not hard-linked elsewhere."""
    return stat.S_ISREG(mode) and links == 1


def safe_name(name: str) -> str:
    """A file name from outside, reduced to harmless characters (the run page shows the original)."""
    stem = _UNSAFE.sub("_", Path(name).name).strip("._") or "package"
    return stem[-100:]


def _unique(name: str) -> str:
    return f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}-{safe_name(name)}"


def claimed_name(path: Path) -> str:
    """The name a package had before `claim` or `store_upload` made it unique in processing/."""
    return path.name.split("-", 3)[-1]


def waiting() -> list[Path]:
    """Complete packages waiting in the inbox, oldest first: plain files only (`is_plain_file`)."""
    root = inbox()
    if not root.is_dir():
        return []
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith(".part"):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue  # taken meanwhile
            if is_plain_file(info.st_mode, info.st_nlink):
                found.append((info.st_mtime, entry.name))
            elif not entry.is_dir(follow_symlinks=False):
                log.warning("ERP inbox: %s is not a plain file (a link, FIFO or device?); not imported", entry.name)
    return [root / name for _mtime, name in sorted(found)]


def claim(path: Path) -> Path | None:
    """Move a waiting file into processing/; None if another worker took it first, or if what was
    moved turned out not to be a plain file (swapped after `waiting` looked): that goes to failed/."""
    target = folder(PROCESSING) / _unique(path.name)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    info = os.lstat(target)
    if not is_plain_file(info.st_mode, info.st_nlink):
        os.replace(target, folder(FAILED) / target.name)  # a link is moved as a link: its target is untouched
        log.warning("ERP inbox: %s was not a plain file when claimed; moved to failed/", path.name)
        return None
    return target


def left_in_processing(idle_seconds: float) -> list[Path]:
    """Plain files in processing/ untouched for `idle_seconds`, oldest first.

    A worker killed between claiming a package and committing its run (or between its run's
    end and filing it away) leaves one here; `jobs.recover_processing` finds it a run.
    """
    root = inbox() / PROCESSING
    if not root.is_dir() or root.is_symlink():
        return []
    cutoff = time.time() - idle_seconds
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            if is_plain_file(info.st_mode, info.st_nlink) and info.st_mtime < cutoff:
                found.append((info.st_mtime, entry.name))
    return [root / name for _mtime, name in sorted(found)]


def store_upload(upload: UploadedFile) -> Path:
    """Write an uploaded package into processing/ and return its path."""
    target = folder(PROCESSING) / _unique(upload.name or "package.xml")
    with open(target, "wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    return target


def in_processing(path: Path) -> bool:
    """Only files the inbox or an upload put into processing/ are ever moved (never a command's file)."""
    return path.parent.resolve() == (inbox() / PROCESSING).resolve()


def file_away(path: Path, succeeded: bool) -> Path | None:
    """Move a processed package to done/ or failed/; returns its new path (None if it is gone)."""
    target = folder(DONE if succeeded else FAILED) / path.name
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return None
    os.utime(target)  # filed now: ERP_INBOX_KEEP_DAYS count from here, not from when the ERP wrote it
    return target


def remove_processed(now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Remove what was filed in done/ and failed/ more than `keep_days` (ERP_INBOX_KEEP_DAYS) ago.

    Returns how many were removed. Links are removed as links (never followed); folders are left.
    """
    keep = settings.ERP_INBOX_KEEP_DAYS if keep_days is None else keep_days
    cutoff = ((now or timezone.now()) - dt.timedelta(days=keep)).timestamp()
    removed = 0
    for name in (DONE, FAILED):
        path = inbox() / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if not stat.S_ISDIR(mode):
            continue  # a link: nothing is removed through it
        with os.scandir(path) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode) or info.st_mtime >= cutoff:
                    continue
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    continue
                removed += 1
    if removed:
        log.info("ERP inbox: %s processed packages older than %s days removed", removed, keep)
    return removed
