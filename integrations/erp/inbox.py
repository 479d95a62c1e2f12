"""The ERP's folders: packages arrive in the inbox, are worked on in processing/, end in done/ or failed/.

A file is claimed by renaming it into processing/ — a rename within one file system
is atomic, so when two workers see the same new file only one rename succeeds and
the other finds the file gone. Uploads from the panel are written straight into
processing/ under their run's name. The ERP should write a package under a name
starting with "." or ending in ".part" and rename it when complete; such files are
never taken.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

PROCESSING = "processing"
DONE = "done"
FAILED = "failed"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def inbox() -> Path:
    return Path(settings.ERP_INBOX_DIR)


def folder(name: str) -> Path:
    path = inbox() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def safe_name(name: str) -> str:
    """A file name from outside, reduced to harmless characters (the run page shows the original)."""
    stem = _UNSAFE.sub("_", Path(name).name).strip("._") or "package"
    return stem[-100:]


def _unique(name: str) -> str:
    return f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}-{safe_name(name)}"


def waiting() -> list[Path]:
    """Complete packages waiting in the inbox, oldest first."""
    root = inbox()
    if not root.is_dir():
        return []
    files = [p for p in root.iterdir() if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".part")]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def claim(path: Path) -> Path | None:
    """Move a waiting file into processing/; None if another worker took it first."""
    target = folder(PROCESSING) / _unique(path.name)
    try:
        os.rename(path, target)
    except FileNotFoundError:
        return None
    return target


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
    return target
