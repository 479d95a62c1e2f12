"""Allegro accounts the shop reads events of, their OAuth tokens, device-flow authorisations and feed cursors.

An `AllegroAccount` is one seller account, authorised by a shop admin through Allegro's
device flow (`Authorisation` holds one such flow while it waits for the seller to allow
it). Its tokens are kept encrypted (`integrations.credentials`). A `Cursor` per account
and feed ("offer", "order") is the id of the last event written to the journal: it moves
only in the transaction that writes the events up to it (`poller.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrations.credentials import EncryptedTextField


class AllegroAccount(models.Model):
    """One Allegro seller account (its login as Allegro's `GET /me` gives it)."""

    login = models.CharField(_("login"), max_length=100, unique=True)
    #: Allegro's user id of the account (`GET /me` "id").
    allegro_id = models.CharField(_("Allegro user id"), max_length=40, blank=True)
    access_token = EncryptedTextField(_("access token"), blank=True)
    refresh_token = EncryptedTextField(_("refresh token"), blank=True)
    access_expires_at = models.DateTimeField(_("access token expires"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)
    #: Why it was deactivated, in the shop's language (the entry in the Offers tab says it too).
    deactivated_reason = models.CharField(_("why deactivated"), max_length=300, blank=True)
    #: The same reason as a message ({"code", "params"}), shown in the reader's language.
    deactivated_message = models.JSONField(null=True, blank=True)
    #: After a 429, no poll is queued before this time (Allegro's Retry-After).
    paused_until = models.DateTimeField(_("paused until"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["login", "id"]
        verbose_name = _("Allegro account")
        verbose_name_plural = _("Allegro accounts")

    def __str__(self) -> str:
        return self.login


class Feed(models.TextChoices):
    OFFER = "offer", _("Offer events")
    ORDER = "order", _("Order events")


class Cursor(models.Model):
    """Where reading one feed of one account stands: the last event written, and when it was read."""

    account = models.ForeignKey(AllegroAccount, on_delete=models.CASCADE, related_name="cursors")
    feed = models.CharField(_("feed"), max_length=8, choices=Feed.choices)
    #: Allegro's id of the last event written to the journal ("" before the first one).
    last_event_id = models.CharField(_("last event id"), max_length=100, blank=True)
    #: When the feed was last read to its end (a gap is possible when that is older than the feed keeps events).
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        ordering = ["account", "feed"]
        constraints = [models.UniqueConstraint(fields=["account", "feed"], name="allegro_cursor_account_feed")]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.feed}: {self.last_event_id or '-'}"


class AuthorisationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the seller")
    AUTHORISED = "authorised", _("Authorised")
    DENIED = "denied", _("Refused")
    EXPIRED = "expired", _("Expired")


class Authorisation(models.Model):
    """One device-flow authorisation: the code the seller enters at Allegro, until allowed, refused or expired."""

    device_code = EncryptedTextField()
    user_code = models.CharField(_("code"), max_length=40)
    verification_uri = models.URLField(_("address"), max_length=300)
    verification_uri_complete = models.URLField(max_length=400, blank=True)
    #: Seconds to wait between two checks (Allegro's `interval`, raised by its `slow_down`).
    interval = models.PositiveIntegerField(default=5)
    expires_at = models.DateTimeField(_("expires"))
    status = models.CharField(
        _("status"), max_length=12, choices=AuthorisationStatus.choices, default=AuthorisationStatus.PENDING
    )
    account = models.ForeignKey(AllegroAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_code} ({self.status})"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()
