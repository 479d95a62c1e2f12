"""The ERP inbox: packages arrive at its top, are worked on in processing/, end in done/ or failed/.

Everything goes through the inbox storage (`storage.inbox()`, `STORAGES["erp_inbox"]`): a local folder
(ERP_INBOX_DIR) or the erp/inbox/ prefix of an S3 bucket that web, workers and beat on any machine
share. Names here are storage names ("processing/20250101-120000-1a2b3c4d-katalog.xml"), never paths.

Claiming. Two checks (beat on two machines, or a worker and beat) may see one new package; it must be
imported once. A rename would be atomic in a folder, but S3 has none (a copy and a delete), so the claim
is a database row: `claim` inserts an `InboxClaim` with the package's name (unique) in the transaction
that queues its run and copies it into processing/ under a name of its own. A second check inserting the
same name waits on the unique index until the first commits, then fails (IntegrityError) and leaves the
package alone; a check that lists it only after the first one deleted the original finds it gone when it
copies. After the commit the original and its claim row are deleted (`finish_claims`, under the row's
lock), so a package the ERP later drops under the same name is claimed anew. What a killed process leaves:

- killed before the commit: no run and no claim. The original is still at the top and the next check
  claims it; the copy in processing/ that no run knows is removed once idle (`jobs.recover_processing`).
- killed after the commit, before the original was deleted: the claim row is left. The next check deletes
  the original — only the file claimed (same size and modified time), never one the ERP dropped over it
  since — and the row; the run imports its copy.
- killed after its run ended, before the package was filed away: the next check files it.

Uploads from the panel are saved straight into processing/ under their own unique name, then their run is
queued. The ERP should write a package under a name starting with "." or ending in ".part" and rename it
when complete; such names are never taken. On the local backend only plain files living in the inbox alone
are read or claimed, and the inbox's own folders must be real folders (`storage.InboxFolderStorage`).

A package filed away in done/ or failed/ is stamped with the time it was filed (its modified time) and
removed ERP_INBOX_KEEP_DAYS days later (`remove_processed`, daily on beat).
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import re
import uuid
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from eventlog.models import Run

from . import storage
from .models import InboxClaim
from .storage import NotAFolder, NotAPlainFile

__all__ = ["NotAFolder", "NotAPlainFile"]

log = logging.getLogger(__name__)

PROCESSING = "processing"
DONE = "done"
FAILED = "failed"
#: The longest name at the top of the inbox that can be claimed (a file name's limit on most file systems).
NAME_MAX = 255

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str) -> str:
    """A file name from outside, reduced to harmless characters (the run page shows the original)."""
    stem = _UNSAFE.sub("_", PurePosixPath(name.replace("\\", "/")).name).strip("._") or "package"
    return stem[-100:]


def _unique(name: str) -> str:
    """processing/<time>-<random>-<safe name>: a name of its own for one package."""
    return f"{PROCESSING}/{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}-{safe_name(name)}"


def claimed_name(name: str) -> str:
    """The (safe) name a package had before `claim` or `store_upload` made it unique in processing/."""
    return posixpath.basename(name).split("-", 3)[-1]


def waiting() -> list[str]:
    """Complete packages waiting at the top of the inbox, oldest first (names in the inbox storage)."""
    box = storage.inbox()
    try:
        _folders, files = box.listdir("")
    except FileNotFoundError:
        return []
    found = []
    for name in files:
        if name.startswith(".") or name.endswith(".part"):
            continue
        if len(name) > NAME_MAX:
            log.warning("ERP inbox: a name of %s characters cannot be claimed: %.80s…", len(name), name)
            continue
        try:
            found.append((storage.modified(box, name), name))
        except FileNotFoundError:
            continue  # taken meanwhile
    return [name for _modified, name in sorted(found)]


def claim(name: str, queue: Callable[[str, str], Run]) -> Run | None:
    """Claim the package `name` at the top of the inbox for a run of its own (see the module).

    `queue(file_name, stored_as)` queues the run (its task sent on commit) in the claim's transaction.
    Returns that run, or None if another check claimed the package first, it is gone, or it is not a
    plain file (left where it is). Raises NotAFolder if processing/ is a link.
    """
    box = storage.inbox()
    if InboxClaim.objects.filter(name=name).exists():
        return None  # claimed, its original not yet deleted: `finish_claims` sees to it
    target = _unique(name)
    try:
        with transaction.atomic():
            size, modified = box.size(name), storage.modified(box, name)
            run = queue(name, target)
            # Waits here for a concurrent claim of the same name, then raises IntegrityError.
            InboxClaim.objects.create(name=name, run=run, size=size, modified_at=modified)
            saved = storage.copy(box, name, target)
            if saved != target:
                raise IntegrityError(f"{target} exists already")  # never: the name is unique
    except (IntegrityError, FileNotFoundError):
        return None
    except NotAPlainFile as refused:
        log.warning("ERP inbox: %s; not imported", refused)
        return None
    finish_claims([name])
    return run


def finish_claims(names: Iterable[str] | None = None) -> int:
    """Delete the originals of claimed packages (all, or those `names`) and their claim rows.

    Each under its row's lock: two checks never both act on one. An original that changed since its
    claim (another package dropped under the same name) is left to be claimed anew. Returns how many rows went.
    """
    box = storage.inbox()
    claims = InboxClaim.objects.all() if names is None else InboxClaim.objects.filter(name__in=list(names))
    finished = 0
    for pk in list(claims.values_list("pk", flat=True)):
        with transaction.atomic():
            row = InboxClaim.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:
                continue  # finished meanwhile, or another check is at it
            try:
                same = box.size(row.name) == row.size and storage.modified(box, row.name) == row.modified_at
            except FileNotFoundError:
                same = False
            if same:
                box.delete(row.name)
            row.delete()
            finished += 1
    return finished


def store_upload(upload: UploadedFile) -> str:
    """Save an uploaded package into processing/ and return its name there."""
    return storage.inbox().save(_unique(upload.name or "package.xml"), upload)


def in_processing(name: str) -> bool:
    """Only packages the inbox or an upload put into processing/ are ever moved (never a command's file)."""
    return posixpath.dirname(name) == PROCESSING


def left_in_processing(idle_seconds: float) -> list[str]:
    """Packages in processing/ untouched for `idle_seconds`, oldest first.

    A process killed between copying a package there and committing its run, or between its run's
    end and filing it away, leaves one; `jobs.recover_processing` sees to it.
    """
    box = storage.inbox()
    try:
        _folders, files = box.listdir(PROCESSING)
    except (FileNotFoundError, NotAFolder):
        return []
    cutoff = timezone.now() - dt.timedelta(seconds=idle_seconds)
    found = []
    for file in files:
        name = f"{PROCESSING}/{file}"
        try:
            modified = storage.modified(box, name)
        except FileNotFoundError:
            continue
        if modified < cutoff:
            found.append((modified, name))
    return [name for _modified, name in sorted(found)]


def remove_orphan(name: str) -> None:
    """Remove a copy in processing/ that no run knows (its original is still in the inbox)."""
    storage.inbox().delete(name)
    log.warning("ERP inbox: %s was left by a process killed before its run was committed; removed", name)


def file_away(name: str, succeeded: bool) -> str | None:
    """Move a processed package to done/ or failed/; returns its new name (None if it is gone)."""
    target = f"{DONE if succeeded else FAILED}/{posixpath.basename(name)}"
    try:
        return storage.move(storage.inbox(), name, target)
    except FileNotFoundError:
        return None


def open_package(params: dict[str, Any]) -> IO[bytes]:
    """The package of an import run, open for reading: from the inbox storage (`params["package"]`), or
    the local file the operator named to `erp_sync` (`params["path"]`). Raises OSError (FileNotFoundError,
    NotAPlainFile) when it cannot be read.

    On S3 the object is downloaded into a temporary file of the storage's (memory up to its
    max_memory_size, disk beyond), so both passes of the import read it from there.
    """
    if params.get("package"):
        return storage.inbox().open(params["package"], "rb")
    return open(params["path"], "rb")  # the caller closes it


def remove_processed(now: dt.datetime | None = None, keep_days: int | None = None) -> int:
    """Remove what was filed in done/ and failed/ more than `keep_days` (ERP_INBOX_KEEP_DAYS) ago.

    Returns how many were removed. On the local backend links are left alone (never followed).
    """
    keep = settings.ERP_INBOX_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep)
    box = storage.inbox()
    removed = 0
    for folder in (DONE, FAILED):
        try:
            _folders, files = box.listdir(folder)
        except (FileNotFoundError, NotAFolder):
            continue  # a link: nothing is removed through it
        for file in files:
            name = f"{folder}/{file}"
            try:
                if storage.modified(box, name) >= cutoff:
                    continue
            except FileNotFoundError:
                continue
            box.delete(name)
            removed += 1
    if removed:
        log.info("ERP inbox: %s processed packages older than %s days removed", removed, keep)
    return removed
