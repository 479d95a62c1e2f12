"""The ERP's two file storages, `storages["erp_inbox"]` and `storages["erp_outbox"]` (config/settings.py),
and the few things the inbox needs of a storage beyond Django's API.

Both are a local folder by default (ERP_INBOX_DIR, ERP_OUTBOX_DIR) and a prefix of an S3 bucket
(erp/inbox/, erp/outbox/) with AWS_STORAGE_BUCKET_NAME set. Names are storage names ("processing/x.xml"),
never paths: product code opens, lists, copies and deletes through the storage only.

The local inbox is `InboxFolderStorage`: the ERP's users can write into that folder, so it reads only
plain files that live in it alone — a symbolic link (to a system file, or to a file in a linked folder),
a FIFO (opening it would block the worker), a device or a file with other hard links is never opened,
listed as a package or moved — and the inbox's own folders (processing/, done/, failed/) must be real
folders, never links, so nothing is read from or written to outside the inbox. Object storage has none
of these: an object is always a plain sequence of bytes.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import stat
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

log = logging.getLogger(__name__)

INBOX = "erp_inbox"
OUTBOX = "erp_outbox"


def inbox() -> Storage:
    """The storage ERP packages arrive in (and are worked on, filed away and removed in)."""
    return storages[INBOX]


def outbox() -> Storage:
    """The storage order packages are written to for the ERP."""
    return storages[OUTBOX]


class NotAFolder(OSError):
    """One of the inbox's folders is a symbolic link or a file: nothing is read or written through it."""


class NotAPlainFile(OSError):
    """A name in the inbox is a link, FIFO, device or a hard-linked file: it is never opened."""


def is_plain_file(mode: int, links: int) -> bool:
    """A regular file with no other name: not a link, FIFO, device or socket, not hard-linked elsewhere."""
    return stat.S_ISREG(mode) and links == 1


class InboxFolderStorage(FileSystemStorage):
    """The local ERP inbox: a FileSystemStorage that never follows a link (see the module)."""

    def _check_folders(self, name: str, *, create: bool = False) -> None:
        """Every folder between the inbox and `name` must be a real folder (`create`: made if missing).

        Raises NotAFolder. The inbox folder itself is the operator's choice and may be anywhere.
        """
        folder = self.path("")
        for part in PurePosixPath(name).parent.parts:
            folder = os.path.join(folder, part)
            try:
                mode = os.lstat(folder).st_mode
            except FileNotFoundError:
                if not create:
                    return  # nothing below it exists either
                os.makedirs(folder, mode=self.directory_permissions_mode or 0o777, exist_ok=True)
                mode = os.lstat(folder).st_mode
            if not stat.S_ISDIR(mode):
                raise NotAFolder(f"{folder} is not a folder of its own (a symbolic link?)")

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        """Real folders and plain files only; anything else is logged and left where it is.

        Raises FileNotFoundError if the folder does not exist, NotAFolder if it is a link.
        """
        self._check_folders(os.path.join(path, "x"))
        directories, files = [], []
        with os.scandir(self.path(path)) as entries:
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue  # taken meanwhile
                if stat.S_ISDIR(info.st_mode):
                    directories.append(entry.name)
                elif is_plain_file(info.st_mode, info.st_nlink):
                    files.append(entry.name)
                else:
                    log.warning("ERP inbox: %s is not a plain file (a link, FIFO or device?); left alone", entry.path)
        return directories, files

    def _open(self, name: str, mode: str = "rb") -> File:
        if mode != "rb":
            raise ValueError("the ERP inbox opens its files for reading only (writing is `save`)")
        self._check_folders(name)
        try:
            # O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK: opening a FIFO returns at once.
            fd = os.open(self.path(name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise NotAPlainFile(f"{name} is a symbolic link") from exc
            raise
        info = os.fstat(fd)  # of what was opened: nothing can be swapped in between
        if not is_plain_file(info.st_mode, info.st_nlink):
            os.close(fd)
            raise NotAPlainFile(f"{name} is not a plain file (a FIFO, device or hard link?)")
        return File(os.fdopen(fd, "rb"), name)

    def _save(self, name: str, content: Any) -> str:
        self._check_folders(name, create=True)
        return super()._save(name, content)  # type: ignore[misc]  # django-stubs omit _save

    def delete(self, name: str) -> None:
        self._check_folders(name)  # unlinking removes a link, never its target; but not through a link
        super().delete(name)


def size_of(file: IO[bytes]) -> int:
    """Bytes in an open, seekable file (left at its start)."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _missing(exc: Exception) -> bool:
    """An S3 error (botocore's ClientError) that says the object does not exist."""
    error = getattr(exc, "response", None) or {}
    return error.get("Error", {}).get("Code") in ("404", "NoSuchKey") or (
        error.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404
    )


def modified(storage: Storage, name: str) -> dt.datetime:
    """When `name` was last written (aware); FileNotFoundError if it is gone, on every backend.

    (django-storages' S3 backend lets a missing object's 404 through as botocore's ClientError.)
    """
    try:
        return storage.get_modified_time(name)
    except FileNotFoundError:
        raise
    except Exception as exc:
        if _missing(exc):
            raise FileNotFoundError(f"{name} is gone") from exc
        raise


def copy(storage: Storage, old: str, new: str) -> str:
    """Copy `old` to `new` within `storage` and return the name saved; the original stays.

    On S3 the copy is made by the server (no bytes through this process); elsewhere the file
    is streamed through `storage.open` and `storage.save`. Raises FileNotFoundError if `old` is gone.
    """
    bucket = getattr(storage, "bucket", None)
    if bucket is not None and hasattr(storage, "_normalize_name"):  # django-storages' S3Storage
        from storages.utils import clean_name

        source = storage._normalize_name(clean_name(old))
        target = storage._normalize_name(clean_name(new))
        try:
            bucket.copy({"Bucket": bucket.name, "Key": source}, target)
        except Exception as exc:
            if _missing(exc):
                raise FileNotFoundError(f"{old} is gone") from exc
            raise
        return new
    with storage.open(old, "rb") as file:
        return storage.save(new, file)


def move(storage: Storage, old: str, new: str) -> str:
    """Move `old` to `new` within `storage` (replacing `new`); returns the name moved to.

    Its modified time is then now, on every backend (on object storage the copy's is). A local
    folder renames (atomic); object storage copies, then deletes the original — a process killed
    in between leaves both, and moving again finishes the move.
    """
    if isinstance(storage, FileSystemStorage):
        if isinstance(storage, InboxFolderStorage):
            storage._check_folders(old)
            storage._check_folders(new, create=True)
        else:
            os.makedirs(os.path.dirname(storage.path(new)), exist_ok=True)
        os.replace(storage.path(old), storage.path(new))
        os.utime(storage.path(new))
        return new
    saved = copy(storage, old, new)
    storage.delete(old)
    return saved


def save_whole(storage: Storage, name: str, content: IO[bytes]) -> str:
    """Save `content` as `name` so that a reader never sees half of it; returns the name saved.

    An object appears in S3 only when its upload completed; a local folder gets the file under a
    temporary name starting with "." (which the ERP skips) and renamed.
    """
    if isinstance(storage, FileSystemStorage):
        parent, base = os.path.split(name)
        temporary = storage.save(os.path.join(parent, f".{base}.part"), File(content))
        try:
            return move(storage, temporary, name)
        except BaseException:
            storage.delete(temporary)
            raise
    return storage.save(name, File(content))
