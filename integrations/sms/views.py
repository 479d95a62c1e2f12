"""The SMS queue page (every message with its status, a status filter), adding a message by hand, retrying one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from eventlog.chips import active_filters
from eventlog.personal import can_see_personal

from . import actions
from .forms import AddForm, SmsFilterSet
from .models import Sms
from .tab import SMS
from .tables import SmsTable


class QueueView(PermissionRequiredMixin, SingleTableMixin, FilterView):
    """GET: the queue, newest first, filtered by status and recipient. POST (shop admins): add a message."""

    permission_required = "sms.view_sms"
    template_name = "sms/queue.html"
    table_class = SmsTable
    filterset_class = SmsFilterSet
    strict = True
    form: AddForm | None = None

    def get_queryset(self) -> QuerySet[Sms]:
        # Uses index: sms_created (sms_status_created with the status filter).
        return Sms.objects.order_by("-created_at", "-id")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("sms.add_sms"):
            raise PermissionDenied
        form = AddForm(request.POST)
        if form.is_valid():
            sms, run = actions.add_by_hand(phone=form.cleaned_data["phone"], text=form.cleaned_data["text"],
                                           user=request.user)  # fmt: skip
            messages.success(
                request, _("The message to %(phone)s was queued; run #%(run)s sends it.") % {"phone": sms.phone,
                                                                                             "run": run.pk}
            )  # fmt: skip
            return redirect("sms:queue")
        self.form = form
        response = self.get(request, *args, **kwargs)
        response.status_code = 400
        return response

    def get_table_kwargs(self) -> dict[str, Any]:
        return {
            "may_retry": self.request.user.has_perm("sms.change_sms"),
            "personal": can_see_personal(self.request.user),
            "query": self.request.GET.urlencode(),
        }

    def get_template_names(self) -> list[str]:
        return ["sms/queue_results.html" if self.request.htmx else self.template_name]

    def get_table(self, **kwargs: Any) -> SmsTable:
        table = super().get_table(**kwargs)
        if active_filters(self.filterset, self.request.GET):
            table.empty_text = _("No message matches these filters.")
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        may_add = self.request.user.has_perm("sms.add_sms")
        form = self.form or (AddForm() if may_add else None)
        return super().get_context_data(
            chips=active_filters(self.filterset, self.request.GET), form=form, tab=SMS,
            parts=form.parts() if form is not None and form.is_bound else None,
            token_missing=not settings.SMSAPI_TOKEN, gateway_url=settings.SMSAPI_URL, **kwargs,
        )  # fmt: skip


class RetryView(PermissionRequiredMixin, View):
    """POST (shop admins): a failed message waits again, and a send run starts."""

    permission_required = "sms.change_sms"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sms = get_object_or_404(Sms, pk=kwargs["pk"])
        run = actions.retry(sms=sms, user=request.user)
        if run is None:
            messages.error(request, _("The message to %(phone)s has not failed, so it was not retried.")
                           % {"phone": sms.phone})  # fmt: skip
        else:
            messages.success(request, _("The message to %(phone)s waits again; run #%(run)s sends it.")
                             % {"phone": sms.phone, "run": run.pk})  # fmt: skip
        back = reverse("sms:queue")
        query = request.GET.urlencode()
        return redirect(f"{back}?{query}" if query else back)
