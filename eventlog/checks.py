"""`manage.py check` warns an operator about a production setup (DEBUG off) that cannot work as meant.

- dziennik.W001: the Celery broker is the file-system (or in-memory) one. Its queue is a folder of
  this machine, so a worker in another container or on another machine never sees the jobs the panel
  sends.
- dziennik.W002: a file storage that web and workers share ("exports", "erp_inbox", "erp_outbox") is
  a local folder on the same file system as the code, while the broker is on another host. The
  broker's address is the one signal a process has that its peers may run elsewhere: a broker on
  loopback (or a socket) means every process is on this machine, where one folder is shared. A
  folder on a file system of its own (a mounted volume: compose's named volume, NFS) is taken as
  shared. So a stack whose containers each write into their own image layer is warned about, and
  one that mounts a volume, or keeps files in S3, is not. An operator whose processes share the
  folder otherwise silences the warning with SILENCED_SYSTEM_CHECKS.
- dziennik.W003: SECRET_KEY (or one of SECRET_KEY_FALLBACKS) is weak, by Django's own rule
  (`check --deploy`'s security.W009/W025), which plain `check`, `migrate` and `runserver` do not run.
  Stored credentials are encrypted with a key derived from it (integrations/credentials.py).

Messages are for operators and in English, as Django's own checks.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.checks.security import base as django_security
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages

#: The storages that web, worker and beat all read and write (config/settings.py, STORAGES).
SHARED_STORAGES = ("exports", "erp_inbox", "erp_outbox")
#: Brokers whose queue only this machine (or this process) sees.
LOCAL_BROKERS = ("filesystem", "memory")

TAG = "dziennik"


def _transport(url: str) -> str:
    """The broker URL's transport name: `redis`, `amqp`, `filesystem` …"""
    return url.partition("://")[0].lower()


def _broker_urls() -> list[str]:
    """Each broker URL (Celery takes several, separated by `;`, for failover)."""
    value = getattr(settings, "CELERY_BROKER_URL", "") or "amqp://"
    urls = value if isinstance(value, list | tuple) else str(value).split(";")
    return [url.strip() for url in urls if url.strip()]


def _on_this_machine(url: str) -> bool:
    """Whether the broker at `url` can only be reached from this machine (loopback, a socket, a folder)."""
    if _transport(url) in LOCAL_BROKERS or "socket" in _transport(url):
        return True
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host or host == "localhost":
        return True  # kombu's default host
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: another container or machine


def _device(folder: Path) -> int:
    """The file system holding `folder`, or the nearest existing folder above it (one not made yet)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.stat(folder).st_dev


@checks.register(TAG)
def check_broker(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """dziennik.W001 when DEBUG is off and a broker is the file-system or in-memory one."""
    if settings.DEBUG:
        return []
    local = sorted({_transport(url) for url in _broker_urls()} & set(LOCAL_BROKERS))
    if not local:
        return []
    return [
        checks.Warning(
            f"Celery's broker is the {local[0]} transport (CELERY_BROKER_URL) while DEBUG is off.",
            hint=(
                "Its queue is only on this machine: a worker in another container or on another machine never "
                "receives the jobs the panel sends (exports, ERP imports, retention). Set CELERY_BROKER_URL to a "
                "Redis that web, worker and beat all reach, e.g. redis://redis:6379/0."
            ),
            id="dziennik.W001",
        )
    ]


@checks.register(TAG)
def check_shared_storages(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """dziennik.W002 when DEBUG is off, the broker is on another host and a shared storage is a local
    folder on the code's own file system (see the module)."""
    remote = [url for url in _broker_urls() if not _on_this_machine(url)]
    if settings.DEBUG or not remote:
        return []
    code = _device(Path(settings.BASE_DIR))
    local = []
    for name in SHARED_STORAGES:
        try:
            storage = storages[name]
        except InvalidStorageError:
            continue  # not configured here
        if isinstance(storage, FileSystemStorage) and _device(Path(storage.location)) == code:
            local.append(f"{name} ({storage.location})")
    if not local:
        return []
    host = urlsplit(remote[0]).hostname
    return [
        checks.Warning(
            f"The file storages {', '.join(local)} are folders on this machine's own disk, while the Celery broker "
            f"({host}) may serve workers on other machines, which cannot read these files.",
            hint=(
                "Web, worker and beat must share these folders as one volume: mount the same volume at "
                "JOURNAL_EXPORT_DIR, ERP_INBOX_DIR and ERP_OUTBOX_DIR in every container (docker-compose.yml does), "
                "or keep the files in S3-compatible object storage (set AWS_STORAGE_BUCKET_NAME). If every process "
                "runs on this machine and shares these folders, add 'dziennik.W002' to SILENCED_SYSTEM_CHECKS."
            ),
            id="dziennik.W002",
        )
    ]


@checks.register(TAG, checks.Tags.security)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """dziennik.W003 for SECRET_KEY and each of SECRET_KEY_FALLBACKS that is weak, when DEBUG is off."""
    if settings.DEBUG:
        return []
    keys = [("SECRET_KEY", settings.SECRET_KEY)]
    keys += [(f"SECRET_KEY_FALLBACKS[{i}]", key) for i, key in enumerate(getattr(settings, "SECRET_KEY_FALLBACKS", []))]
    return [
        checks.Warning(
            f"{name} is weak: shorter than {django_security.SECRET_KEY_MIN_LENGTH} characters, fewer than "
            f"{django_security.SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones, or a key Django generated "
            f"('{django_security.SECRET_KEY_INSECURE_PREFIX}…'), while DEBUG is off.",
            hint=(
                "Sessions, password reset links and the integrations' stored credentials (encrypted with a key "
                "derived from it) are only as safe as this key. Generate one, e.g. "
                '`python -c "import secrets; print(secrets.token_urlsafe(50))"`; keep a replaced key in '
                "SECRET_KEY_FALLBACKS only until what was made with it is renewed."
            ),
            id="dziennik.W003",
        )
        for name, key in keys
        # Django's own rule for a weak key (`check --deploy`), not a copy; private, so not in django-stubs.
        if not django_security._check_secret_key(str(key))  # type: ignore[attr-defined]
    ]
