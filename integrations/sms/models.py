"""The outgoing SMS queue: one row per text message, from queued to its outcome.

A row's status moves waiting → sent / failed / expired (a failed one may be made
waiting again by a shop admin's retry). Each change writes an entry of the SMS tab
(see `tab.py`); this table is the queue's current state, the journal its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eventlog.messages import render


class SmsStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class Sms(models.Model):
    #: When it was queued (the list's date, and what expiry counts from).
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    #: E.164, e.g. "+48600100200" (`validation.normalize_phone`).
    phone = models.CharField(_("recipient"), max_length=16)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=8, choices=SmsStatus.choices, default=SmsStatus.WAITING)
    #: Requests made to the gateway for it (a timeout counts: the gateway may have taken it).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: Why it failed or waits again: a message code of `codes.py` and its parameters (reader's language).
    reason_code = models.CharField(max_length=64, blank=True, default="")
    reason_params = models.JSONField(null=True, blank=True)
    #: What SMSAPI said when it refused it: its numbered error and text (outside text, shown as written).
    gateway_error = models.IntegerField(null=True, blank=True)
    #: SMSAPI's id of the accepted message, the points it cost and its parts.
    gateway_id = models.CharField(max_length=64, blank=True, default="")
    points = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    parts = models.PositiveSmallIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: The send run working on it now; a run that ends releases what it did not finish.
    run = models.ForeignKey("eventlog.Run", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    #: Who queued it: a shop admin by hand, or the shop's code (empty).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        indexes = [
            # The queue page, newest first, with or without its status filter; expiry and the
            # send run's claim (status "waiting", oldest first) walk the same index.
            models.Index(fields=["status", "created_at", "id"], name="sms_status_created"),
            models.Index(fields=["created_at", "id"], name="sms_created"),
        ]

    def __str__(self) -> str:
        return f"SMS #{self.pk} to {self.phone}"

    @property
    def idx(self) -> str:
        """The id SMSAPI keeps for it (`idx`, with `check_idx=1`): a second request for it is refused."""
        return f"dziennik-{self.pk}"

    @property
    def reason(self) -> str:
        """Why it failed or waits again, in the reader's language ("" if nothing went wrong)."""
        return render(self.reason_code, self.reason_params, "") if self.reason_code else ""
