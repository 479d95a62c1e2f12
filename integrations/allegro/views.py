"""Allegro accounts: the list, adding one through Allegro's device flow, deactivating one, reading one now.

Adding: a shop admin presses "Add account"; Dziennik asks Allegro for a device code and
shows the code and the link to allegro.pl, where the seller logs in and allows it; the
authorisation page checks at Allegro (its button, and htmx every `interval` seconds) until
the account is connected, refused or the code expires.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import SingleTableView

from eventlog.messages import render as render_message

from . import accounts, client, poller
from .models import AllegroAccount, Authorisation, AuthorisationStatus
from .tables import AccountTable


def _reason(error: client.AllegroError) -> str:
    if isinstance(error, client.Unauthorized | client.Refused):
        return f"{render_message(error.reason.code, error.reason.params, '')}: {error.error}"
    return render_message(error.reason.code, error.reason.params, str(error))


class AccountsView(PermissionRequiredMixin, SingleTableView):
    """GET: the accounts, with the authorisations still waiting for a seller."""

    permission_required = "allegro.view_allegroaccount"
    template_name = "allegro/accounts.html"
    table_class = AccountTable

    def get_queryset(self) -> QuerySet[AllegroAccount]:
        return AllegroAccount.objects.prefetch_related("cursors").order_by("login", "id")

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"may_change": self.request.user.has_perm("allegro.change_allegroaccount")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pending = Authorisation.objects.filter(status=AuthorisationStatus.PENDING).order_by("-created_at", "-id")[:10]
        return super().get_context_data(
            may_add=self.request.user.has_perm("allegro.add_allegroaccount"),
            pending=[a for a in pending if not a.expired], **kwargs,
        )  # fmt: skip


class AddView(PermissionRequiredMixin, View):
    """POST (shop admins): ask Allegro for a device code and show it."""

    permission_required = "allegro.add_allegroaccount"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            authorisation = accounts.start_authorisation(user=request.user)
        except client.AllegroError as error:
            messages.error(request, _("Allegro did not give a code: %(reason)s") % {"reason": _reason(error)})
            return redirect("allegro:accounts")
        return redirect("allegro:authorisation", pk=authorisation.pk)


class AuthorisationView(PermissionRequiredMixin, View):
    """GET: the code and the link for the seller. POST: check at Allegro (the button, or htmx's polling)."""

    permission_required = "allegro.add_allegroaccount"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        authorisation = get_object_or_404(Authorisation, pk=kwargs["pk"])
        return self._page(request, authorisation)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        authorisation = get_object_or_404(Authorisation, pk=kwargs["pk"])
        error = ""
        try:
            authorisation = accounts.check_authorisation(authorisation)
        except client.AllegroError as failed:
            error = _("Allegro did not answer the check: %(reason)s") % {"reason": _reason(failed)}
        if authorisation.status == AuthorisationStatus.AUTHORISED and authorisation.account is not None:
            messages.success(request, _("Allegro account %(login)s is connected; its events are read every minute.")
                             % {"login": authorisation.account.login})  # fmt: skip
            target = reverse("allegro:accounts")
            if getattr(request, "htmx", False):  # django-htmx middleware
                response = HttpResponse(status=204)
                response["HX-Redirect"] = target
                return response
            return redirect(target)
        return self._page(request, authorisation, error=error)

    def _page(self, request: HttpRequest, authorisation: Authorisation, error: str = "") -> HttpResponse:
        if authorisation.status == AuthorisationStatus.PENDING and authorisation.expired:
            authorisation.status = AuthorisationStatus.EXPIRED
        partial = bool(getattr(request, "htmx", False))
        template = "allegro/authorisation_status.html" if partial else "allegro/authorisation.html"
        return render(request, template, {"authorisation": authorisation, "error": error,
                                          "pending": authorisation.status == AuthorisationStatus.PENDING})  # fmt: skip


class DeactivateView(PermissionRequiredMixin, View):
    """POST (shop admins): stop reading the account; the Offers tab gets its "account deactivated" entry."""

    permission_required = "allegro.change_allegroaccount"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = get_object_or_404(AllegroAccount, pk=kwargs["pk"])
        if accounts.deactivate_by_hand(account, request.user):
            messages.success(request, _("Allegro account %(login)s is deactivated; its events are no longer read.")
                             % {"login": account.login})  # fmt: skip
        else:
            messages.error(request, _("Allegro account %(login)s was deactivated already.") % {"login": account.login})
        return redirect("allegro:accounts")


class PollView(PermissionRequiredMixin, View):
    """POST (shop admins): read the account's events now (a poll run), unless one is under way."""

    permission_required = "allegro.change_allegroaccount"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = get_object_or_404(AllegroAccount, pk=kwargs["pk"], active=True)
        if account.pk in poller.pending_accounts():
            messages.info(request, _("Events of %(login)s are being read already.") % {"login": account.login})
            return redirect("allegro:accounts")
        with transaction.atomic():
            run = poller.queue_poll(account, user=request.user, source="panel")
        return redirect("eventlog:run", pk=run.pk)
