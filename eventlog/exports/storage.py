"""Where export jobs keep their files, and who may download them.

A large export's file is kept in the "exports" file storage (`STORAGES["exports"]`, see
config/settings.py): a private local folder, or a prefix of an S3 bucket that every web and
worker machine shares. Its name is `export-<run id>.<format>`. Only the download view hands it
out, to the run's creator or a shop admin, and beat removes it after JOURNAL_EXPORT_KEEP_DAYS.

Nothing here knows which backend the storage is. A download is served by capability:
a storage that signs its URLs — `querystring_auth` true and a `url(name, parameters=…)` that
takes S3's GetObject parameters, as django-storages' S3 backend does for AWS and every
S3-compatible server — gets a redirect to a URL signed for its `querystring_expire` seconds
(AWS_QUERYSTRING_EXPIRE) that makes the object storage itself answer as an attachment with the
download's name and type; any other storage (a local folder) is streamed through `open`.

A storage that does not answer (S3 down, a folder unreadable) raises `Unreachable`, never
the backend's own exception: the run page then says the file cannot be reached right now,
which is not "removed".
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeGuard

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils import timezone
from django.utils.http import content_disposition_header

from .. import roles, runs
from ..models import Run, RunStatus
from .writing import CONTENT_TYPES, download_name

log = logging.getLogger(__name__)

#: `Run.kind` of an export job.
KIND = runs.EXPORT.code
#: The named file storage of export files (config/settings.py, STORAGES).
STORAGE = "exports"
#: Prefix of the local temporary file a job writes its rows into before the file goes into the storage.
PART_PREFIX = "dziennik-export-"


class Unreachable(Exception):
    """The exports storage did not answer (its own error is chained as `__cause__` and logged)."""


def storage() -> Storage:
    """The exports storage, as configured now (the handler caches it; tests that change STORAGES reset it)."""
    return storages[STORAGE]


def file_of(run: Run) -> str:
    """The name of an export run's file in the storage (the format comes from our own params, checked).

    Raises ValueError for a format that is not an export format.
    """
    fmt = run.params.get("format")
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    return f"export-{run.pk}.{fmt}"


def save(run: Run, content: File) -> None:
    """Put a finished export's file into the storage under `file_of(run)`, replacing one of that name.

    An earlier attempt of the run may have saved its file and then lost its transaction (the
    database went away before the commit): that file goes first, so that a local folder (which
    never overwrites) does not file this one under another name. The S3 backend uploads large
    files in parts (boto3's multipart upload); an upload cut off halfway leaves no object.
    """
    name = file_of(run)
    store = storage()
    store.delete(name)
    saved = store.save(name, content)
    if saved != name:  # another process saved one in between: ours would never be found
        store.delete(saved)
        raise RuntimeError(f"export run {run.pk}: its file was saved as {saved!r}, not {name!r}")


def local_parts_of(run_id: int) -> list[Path]:
    """The local temporary files that attempts of run `run_id` on this machine wrote (and left if killed)."""
    return sorted(Path(tempfile.gettempdir()).glob(f"{PART_PREFIX}{run_id}-*.part"))


class SigningStorage(Protocol):
    """What a storage that signs its URLs offers (django-storages' S3 backend, for one)."""

    querystring_auth: bool

    def exists(self, name: str) -> bool: ...

    def url(self, name: str, parameters: dict[str, str] | None = None) -> str: ...


def signs_urls(store: Storage) -> TypeGuard[SigningStorage]:
    """Whether `store` hands out signed URLs that take S3's response parameters (see the module)."""
    if not getattr(store, "querystring_auth", False):
        return False
    try:
        return "parameters" in inspect.signature(store.url).parameters
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Download:
    """A finished export's file as the download view serves it: either `url` (a signed address to
    redirect to) or `file` (an open file to stream), with the name and content type to serve it as."""

    name: str
    content_type: str
    url: str | None = None
    file: File | None = None


def download_of(run: Run) -> Download:
    """A finished export's file, to redirect to or to stream (see the module).

    Raises FileNotFoundError while the run is not done and once the file was removed;
    Unreachable when the storage does not answer.
    """
    if run.kind != KIND or run.status != RunStatus.SUCCEEDED:
        raise FileNotFoundError(f"export run {run.pk} has no file")
    fmt = run.params["format"]
    name, content_type = download_name(run.tab, fmt, run.finished_at), CONTENT_TYPES[fmt]
    store, key = storage(), file_of(run)
    try:
        if signs_urls(store):
            # Signing is local arithmetic: ask first, so that a removed file is our 404, not the bucket's.
            if not store.exists(key):
                raise FileNotFoundError(key)
            parameters = {
                "ResponseContentDisposition": content_disposition_header(True, name),
                "ResponseContentType": content_type,
            }
            return Download(name, content_type, url=store.url(key, parameters=parameters))
        return Download(name, content_type, file=store.open(key, "rb"))
    except FileNotFoundError:
        raise
    except Exception as exc:
        log.warning("export run %s: the exports storage did not answer: %r", run.pk, exc)
        raise Unreachable(key) from exc


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
    #: Size in bytes of the finished file, None while running, once removed, or while the storage is unreachable.
    size: int | None
    #: False when the storage did not answer (the file may well be there).
    reachable: bool = True

    @property
    def pending(self) -> bool:
        return self.run.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def removed(self) -> bool:
        return self.run.status == RunStatus.SUCCEEDED and self.reachable and self.size is None


def status_of(run: Run, user: User | AnonymousUser) -> ExportStatus | None:
    """The export part of a run page (None for other kinds of run): one `size` asked of the storage."""
    if run.kind != KIND:
        return None
    size, reachable = None, True
    if run.status == RunStatus.SUCCEEDED:
        try:
            size = storage().size(file_of(run))
        except (FileNotFoundError, ValueError):
            size = None
        except Exception as exc:
            log.warning("export run %s: the exports storage did not answer: %r", run.pk, exc)
            reachable = False
    return ExportStatus(run, str(run.params.get("format", "")), may_download(user, run), size, reachable)


def remove_old_files(now: dt.datetime | None = None) -> int:
    """Beat, daily: export files older than the keep days go; returns how many.

    Lists the storage's top level (`listdir`) and asks each export file its age
    (`get_modified_time`: one HEAD request each on S3); other names are left alone. Local
    temporary files that killed workers left on this machine go too (they are never counted).
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.JOURNAL_EXPORT_KEEP_DAYS)
    store = storage()
    try:
        _folders, names = store.listdir("")
    except FileNotFoundError:  # a local folder that no export has created yet
        names = []
    removed = 0
    for name in names:
        if name.startswith("export-") and store.get_modified_time(name) < cutoff:
            store.delete(name)
            removed += 1
    for part in Path(tempfile.gettempdir()).glob(f"{PART_PREFIX}*.part"):
        try:
            if part.stat().st_mtime < cutoff.timestamp():
                part.unlink()
        except FileNotFoundError:  # removed meanwhile (the job that wrote it ended)
            pass
    return removed
