"""What e-mail and bulk mailing keep beside the journal.

- `FailedEmail`: a message whose send failed, kept whole (MIME bytes) so a shop admin
  can send it again from its E-mail entry; one row per failed recipient, keyed by the
  entry's id (the journal's entries are partitioned, so no foreign key to them). An
  entry's data fields are capped at JOURNAL_DATA_MAX_BYTES; a message is not.
- `Mailing` and `MailingRecipient`: a bulk mailing and its per-recipient state, which
  the sending job marks one recipient at a time (see `jobs`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eventlog.models import Run, RunStatus


class FailedEmail(models.Model):
    """One failed recipient of one message, with the message to resend it."""

    entry_id = models.BigIntegerField(_("journal entry"), unique=True)
    failed_at = models.DateTimeField(_("failed"), auto_now_add=True)
    sender = models.CharField(_("sender"), max_length=320)
    recipient = models.CharField(_("recipient"), max_length=320)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    #: The message as it went to the server (empty when it was larger than RESEND_MAX_BYTES).
    mime = models.BinaryField(_("message"), blank=True)
    resent_at = models.DateTimeField(_("resent"), null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("failed e-mail")
        verbose_name_plural = _("failed e-mails")
        permissions = [("resend_failedemail", _("Can send failed e-mails again"))]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"

    @property
    def resendable(self) -> bool:
        return bool(self.mime)


class MailingKind(models.TextChoices):
    # The bulk mailing tab's event types: an entry's event type is its mailing's kind.
    NEWSLETTER = "newsletter", _("Newsletter")
    DISCOUNT_COUPONS = "discount_coupons", _("Discount coupons")
    NEWSLETTER_SUBSCRIPTION = "newsletter_subscription", _("Newsletter subscription")
    OTHER = "other", _("Other")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    STOPPED = "stopped", _("Stopped")


class Mailing(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=MailingKind, default=MailingKind.NEWSLETTER)
    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The latest sending run; none while the mailing is a draft.
    run = models.ForeignKey(Run, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("messaging:mailing", args=[self.pk])

    @property
    def status(self) -> MailingStatus:
        """Draft until sent; then what its latest run says (stopped: aborted or failed, some left)."""
        if self.run is None:
            return MailingStatus.DRAFT
        if self.run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
            return MailingStatus.SENDING
        if self.run.status == RunStatus.SUCCEEDED:
            return MailingStatus.SENT
        return MailingStatus.STOPPED

    @property
    def editable(self) -> bool:
        return self.run_id is None


class RecipientState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MailingRecipient(models.Model):
    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients")
    email = models.CharField(_("e-mail"), max_length=320)
    state = models.CharField(_("state"), max_length=16, choices=RecipientState, default=RecipientState.PENDING)
    error = models.TextField(_("error"), blank=True)
    done_at = models.DateTimeField(_("sent or failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing recipient")
        verbose_name_plural = _("mailing recipients")
        constraints = [models.UniqueConstraint(fields=["mailing", "email"], name="mailing_recipient_once")]
        indexes = [
            # The sending job's next batch: the pending recipients of one mailing, in order.
            models.Index(fields=["mailing", "id"], name="mailing_recipient_pending", condition=Q(state="pending")),
        ]

    def __str__(self) -> str:
        return self.email
