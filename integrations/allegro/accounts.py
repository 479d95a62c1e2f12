"""What a shop admin does with Allegro accounts: authorise one (device flow), deactivate one; and the tokens.

Each action owns its transaction; the views only parse and call them. An account that
stops (a shop admin switches it off, or Allegro no longer accepts its refresh token)
writes the Offers tab's "account deactivated" entry (service allegro): undeletable and
hidden after 30 days by the tab's rules (integrations/marketplaces/tab.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from eventlog import writer
from eventlog.messages import Message
from integrations.marketplaces.tab import OFFERS

from . import client, codes, oauth
from .models import AllegroAccount, Authorisation, AuthorisationStatus

#: An access token this close to its expiry is refreshed before a poll uses it.
REFRESH_BEFORE = dt.timedelta(minutes=5)


def start_authorisation(*, user: Any = None) -> Authorisation:
    """Ask Allegro for a device code the seller enters at allegro.pl. Raises client.AllegroError (with a reason)."""
    code = oauth.start()
    return Authorisation.objects.create(
        device_code=code.device_code, user_code=code.user_code, verification_uri=code.verification_uri,
        verification_uri_complete=code.verification_uri_complete, interval=max(1, code.interval),
        expires_at=timezone.now() + dt.timedelta(seconds=code.expires_in),
        created_by=user if user is not None and user.is_authenticated else None,
    )  # fmt: skip


def check_authorisation(authorisation: Authorisation) -> Authorisation:
    """One check at Allegro of a pending authorisation: it stays pending, or ends authorised (its account
    connected: created, or reactivated with new tokens), refused or expired.

    Raises client.AllegroError when Allegro does not answer usefully (the authorisation stays pending).
    """
    if authorisation.status != AuthorisationStatus.PENDING:
        return authorisation
    if authorisation.expired:
        Authorisation.objects.filter(pk=authorisation.pk).update(status=AuthorisationStatus.EXPIRED)
        authorisation.status = AuthorisationStatus.EXPIRED
        return authorisation
    answer = oauth.check(authorisation.device_code)
    now = timezone.now()
    fields: dict[str, Any] = {"checked_at": now}
    if isinstance(answer, oauth.Pending):
        if answer.slow_down:
            fields["interval"] = authorisation.interval + 5  # RFC 8628 §3.5
    elif isinstance(answer, oauth.Denied):
        fields["status"] = AuthorisationStatus.DENIED
    elif isinstance(answer, oauth.Expired):
        fields["status"] = AuthorisationStatus.EXPIRED
    else:
        me = client.Api(answer.access_token).me()
        login = str(me.get("login") or "").strip()
        if not login:
            raise client.Unavailable(codes.message(codes.REASON_BAD_ANSWER))
        with transaction.atomic():
            account, _ = AllegroAccount.objects.select_for_update().get_or_create(
                login=login[:100], defaults={"created_by": authorisation.created_by}
            )
            account.allegro_id = str(me.get("id") or "")[:40]
            _store(account, answer)
            account.active, account.deactivated_at, account.deactivated_reason, account.paused_until = (
                True, None, "", None
            )  # fmt: skip
            account.save()
            fields.update(status=AuthorisationStatus.AUTHORISED, account=account)
            Authorisation.objects.filter(pk=authorisation.pk, status=AuthorisationStatus.PENDING).update(**fields)
        authorisation.refresh_from_db()
        return authorisation
    Authorisation.objects.filter(pk=authorisation.pk, status=AuthorisationStatus.PENDING).update(**fields)
    authorisation.refresh_from_db()
    return authorisation


def _store(account: AllegroAccount, tokens: oauth.Tokens) -> None:
    account.access_token, account.refresh_token = tokens.access_token, tokens.refresh_token
    account.access_expires_at = tokens.expires_at()


def fresh_token(account: AllegroAccount, *, force: bool = False) -> str:
    """The account's access token, refreshed first when it expires within REFRESH_BEFORE (or `force`).

    The refresh holds the account's row (Allegro rotates the refresh token: two refreshes
    at once would lose one). Raises oauth.TokenExpired (invalid_grant: deactivate the
    account), client.Unavailable, client.Refused or client.RateLimited.
    """
    with transaction.atomic():
        locked = AllegroAccount.objects.select_for_update().get(pk=account.pk)
        due = locked.access_expires_at is None or locked.access_expires_at <= timezone.now() + REFRESH_BEFORE
        if (force and locked.access_token == account.access_token) or due:
            _store(locked, oauth.refresh(locked.refresh_token))
            locked.save(update_fields=["access_token", "refresh_token", "access_expires_at"])
    account.access_token, account.refresh_token = locked.access_token, locked.refresh_token
    account.access_expires_at = locked.access_expires_at
    return account.access_token


def deactivate(account: AllegroAccount, reason: Message, *, user: Any = None, severity: str = "warning") -> bool:
    """Stop reading `account` and write its "account deactivated" entry; False when it was inactive already."""
    now = timezone.now()
    with transaction.atomic():
        if not AllegroAccount.objects.filter(pk=account.pk, active=True).update(
            active=False,
            deactivated_at=now,
            deactivated_reason=reason.stored()[:300],
            deactivated_message=reason.as_param(),
        ):
            return False
        by = user.get_username() if user is not None and user.is_authenticated else ""
        writer.record(
            tab=OFFERS.slug, severity=severity, event_type="account_deactivated", message=reason, service="allegro",
            account=account.login, initiator="manual" if by else "automatic", actor=by,
            data={"login": account.login, "allegro_id": account.allegro_id},
        )  # fmt: skip
    account.active, account.deactivated_at = False, now
    return True


def deactivate_by_hand(account: AllegroAccount, user: Any) -> bool:
    """A shop admin switches the account off."""
    reason = codes.message(codes.DEACTIVATED_BY_USER, login=account.login, user=user.get_username())
    return deactivate(account, reason, user=user, severity="warning")
