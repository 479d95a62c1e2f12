"""Mailing pages (shop admins): the list, create and edit while a draft, a mailing's page with its
sending run, the Send button; and the Resend button of a failed e-mail's entry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, View
from django.views.generic.edit import FormView
from django_tables2 import SingleTableView

from eventlog import runs

from . import actions, failures
from .forms import MailingForm
from .models import FailedEmail, Mailing, RecipientState
from .tab import EMAIL
from .tables import MailingTable


class MailingListView(PermissionRequiredMixin, SingleTableView):
    permission_required = "messaging.view_mailing"
    template_name = "messaging/mailing_list.html"
    table_class = MailingTable

    def get_queryset(self) -> QuerySet[Mailing]:
        return Mailing.objects.select_related("run").annotate(recipients_count=Count("recipients"))


class MailingFormView(PermissionRequiredMixin, FormView):
    template_name = "messaging/mailing_form.html"
    form_class = MailingForm
    mailing: Mailing | None = None

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.mailing}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(mailing=self.mailing, **kwargs)

    def form_valid(self, form: MailingForm) -> HttpResponse:
        assert form.parsed is not None
        try:
            mailing = actions.save_mailing(form.instance, form.parsed.emails, user=self.request.user)
        except actions.CannotSend:
            messages.error(self.request, _("The mailing was sent already: it can no longer be changed."))
            return redirect(form.instance.get_absolute_url())
        saved = _("The mailing was saved with %(count)s recipients.") % {"count": len(form.parsed.emails)}
        messages.success(self.request, saved)
        if form.parsed.duplicates:
            messages.info(
                self.request,
                ngettext(
                    "%(count)s repeated address was left out.", "%(count)s repeated addresses were left out.",
                    form.parsed.duplicates,
                ) % {"count": form.parsed.duplicates},
            )  # fmt: skip
        return redirect(mailing.get_absolute_url())


class MailingCreateView(MailingFormView):
    permission_required = "messaging.add_mailing"


class MailingEditView(MailingFormView):
    permission_required = "messaging.change_mailing"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(self.permission_required):
            return self.handle_no_permission()
        self.mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        if not self.mailing.editable:
            messages.warning(request, _("The mailing was sent already: it can no longer be changed."))
            return redirect(self.mailing.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)


class MailingDetailView(PermissionRequiredMixin, DetailView):
    """The mailing, its counts and its sending run's progress (htmx reloads it while it runs)."""

    permission_required = "messaging.view_mailing"
    template_name = "messaging/mailing_detail.html"
    queryset = Mailing.objects.select_related("run", "run__created_by", "run__abort_requested_by")
    context_object_name = "mailing"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        mailing: Mailing = self.object
        run = mailing.run
        user = self.request.user
        return super().get_context_data(
            run=run,
            counts=actions.counts(mailing),
            may_abort=run is not None and runs.may_abort(user, run) and run.abort_requested_at is None,
            may_send=user.has_perm("eventlog.start_job") and user.has_perm("messaging.change_mailing"),
            failed=mailing.recipients.filter(state=RecipientState.FAILED).order_by("id")[:50],
            **kwargs,
        )


class MailingSendView(PermissionRequiredMixin, View):
    """POST (shop admins): queue the sending job; the mailing's page shows its progress."""

    permission_required = ("eventlog.start_job", "messaging.change_mailing")
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        try:
            run = actions.start_sending(mailing, user=request.user)
        except actions.CannotSend:
            messages.warning(request, _("The mailing is being sent, or there is nobody left to send it to."))
        else:
            messages.success(request, _("The mailing was queued for sending as run #%(run)s.") % {"run": run.pk})
        return redirect(mailing.get_absolute_url())


class ResendView(PermissionRequiredMixin, View):
    """POST (shop admins): send a failed e-mail again, from its entry's page."""

    permission_required = "messaging.resend_failedemail"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        failed = get_object_or_404(FailedEmail, entry_id=kwargs["entry_id"])
        back = reverse("eventlog:detail", args=[EMAIL.slug, failed.entry_id])
        try:
            new = failures.resend(failed, user=request.user)
        except failures.NotResendable:
            messages.warning(request, _("This e-mail cannot be sent again: it was sent again already, or not kept."))
            return redirect(back)
        if new:
            messages.error(request, _("Sending failed again; the new failure is entry #%(entry)s.") % {"entry": new[0]})
            return redirect(reverse("eventlog:detail", args=[EMAIL.slug, new[0]]))
        messages.success(request, _("The e-mail was sent again to %(recipient)s.") % {"recipient": failed.recipient})
        return redirect(back)
