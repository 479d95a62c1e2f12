"""API keys: issuing, revoking and checking them.

A key reads `dzk_<8 chars>_<43 chars>`: the prefix is shown in the panel so that
people can tell keys apart; the whole key is shown once and only its SHA-256 kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import secrets
import time
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tabs
from ..models import ApiKey
from .problems import Problem

logger = logging.getLogger(__name__)

KEY_START = "dzk_"
#: last_used_at is saved at most this often per key: not one write per request.
LAST_USED_PRECISION = dt.timedelta(seconds=60)


def hash_secret(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue(
    name: str,
    tab_slugs: Iterable[str],
    *,
    expires_at: dt.datetime | None = None,
    created_by: AbstractBaseUser | AnonymousUser | None = None,
) -> tuple[ApiKey, str]:
    """A new key for the integration account `name`; returns (key, the secret to show once).

    Raises ValueError for an unknown tab or no tab at all.
    """
    slugs = list(dict.fromkeys(tab_slugs))
    unknown = [s for s in slugs if tabs.get(s) is None]
    if unknown or not slugs:
        raise ValueError(f"unknown tabs: {', '.join(unknown)}" if unknown else "a key needs at least one tab")
    prefix = secrets.token_urlsafe(6)[:8]
    raw = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        name=name,
        tabs=slugs,
        prefix=f"{KEY_START}{prefix}",
        secret_hash=hash_secret(raw),
        expires_at=expires_at,
        created_by_id=created_by.pk if isinstance(created_by, AbstractBaseUser) else None,
    )
    return key, raw


def revoke(key: ApiKey) -> None:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])


def authenticate(raw: str | None, *, tab: str | None = None, header: str = "Authorization: Bearer <key>") -> ApiKey:
    """The active key `raw`, allowed to use `tab` when one is given; `header` is how the endpoint takes it.

    Raises Problem: 401 when the key is missing or unknown, 403 when it is revoked,
    expired or not allowed the tab, 429 when it made more than
    JOURNAL_API_RATE_PER_MINUTE requests this minute (every endpoint shares the count).
    """
    if not raw:
        raise Problem(
            401, "missing-key", _("API key required"),
            _("Send the key in the header “%(header)s”.") % {"header": header},
            headers={"WWW-Authenticate": 'Bearer realm="dziennik"'},
        )  # fmt: skip
    key = ApiKey.objects.filter(secret_hash=hash_secret(raw.strip())).first()
    if key is None:
        raise Problem(
            401, "invalid-key", _("Unknown API key"), _("No API key matches the one sent."),
            headers={"WWW-Authenticate": 'Bearer realm="dziennik", error="invalid_token"'},
        )  # fmt: skip
    now = timezone.now()
    if key.revoked_at is not None:
        raise Problem(
            403, "revoked-key", _("API key revoked"), _("The key “%(name)s” was revoked.") % {"name": key.name}
        )
    if key.expires_at is not None and key.expires_at <= now:
        raise Problem(
            403, "expired-key", _("API key expired"), _("The key “%(name)s” has expired.") % {"name": key.name}
        )
    if tab is not None:
        check_tab(key, tab)
    limit_rate(key)
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def check_tab(key: ApiKey, tab: str) -> None:
    """Raises Problem 403 unless `key` may write to and read the tab `tab`."""
    if tab not in key.tabs:
        raise Problem(
            403, "tab-not-allowed", _("Tab not allowed"),
            _("The key “%(name)s” may not use the tab “%(tab)s”.") % {"name": key.name, "tab": tab},
        )  # fmt: skip


def limit_rate(key: ApiKey, now: float | None = None) -> None:
    """Count one request of `key` in this minute; raises Problem 429 (with Retry-After) over the limit.

    A fixed one-minute window per key, counted in Django's cache (Redis when
    REDIS_URL is set), so every web process shares it. The count is keyed by the
    key's random prefix, not its id, so that test databases recreated within a
    minute do not inherit each other's counts. Should the cache be down, requests
    pass: the journal keeps taking entries rather than refusing every shop.
    """
    now = time.time() if now is None else now
    window = int(now // 60)
    counter = f"api-rate:{key.prefix}:{window}"
    try:
        cache.add(counter, 0, timeout=120)
        count = cache.incr(counter)
    except Exception:  # any cache failure (Redis down, evicted key): do not turn it into an outage
        logger.warning("API rate limit not counted: the cache is unavailable", exc_info=True)
        return
    limit = settings.JOURNAL_API_RATE_PER_MINUTE
    if count > limit:
        retry_after = max(1, math.ceil((window + 1) * 60 - now))
        raise Problem(
            429, "rate-limited", _("Too many requests"),
            _("The key “%(name)s” may make %(limit)d requests a minute. Try again in %(seconds)d s.")
            % {"name": key.name, "limit": limit, "seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )  # fmt: skip
