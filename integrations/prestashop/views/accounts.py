"""The PrestaShop accounts: their list, adding one, and an account's Connection section
(its address and webservice key, the connection test)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_tables2 import SingleTableView

from eventlog import messages as journal_messages

from .. import actions
from ..forms import ConnectionForm
from ..models import Account
from ..tables import AccountTable
from .base import AccountSectionMixin

CHANGE = "prestashop.change_account"
DELETE = "prestashop.delete_account"


def announce(request: HttpRequest, result: actions.ConnectionResult) -> None:
    """The connection test's outcome as the page's message, in the reader's language."""
    text = journal_messages.text(result.message.code, result.message.params)
    (messages.success if result.ok else messages.error)(request, text)


class AccountListView(PermissionRequiredMixin, SingleTableView):
    """Every PrestaShop account: its address, connection state, version and last check."""

    permission_required = "prestashop.view_account"
    template_name = "prestashop/accounts.html"
    table_class = AccountTable

    def get_queryset(self) -> Any:
        return Account.objects.order_by("url", "id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(may_add=self.request.user.has_perm("prestashop.add_account"), **kwargs)


class AccountCreateView(PermissionRequiredMixin, View):
    """GET: the form. POST: save the account and test its connection (saved even when the test fails)."""

    permission_required = "prestashop.add_account"
    template_name = "prestashop/account_add.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ConnectionForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ConnectionForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        account, result = actions.save_account(
            account=None, url=form.cleaned_data["url"], key=form.cleaned_data["key"], user=request.user
        )
        announce(request, result)
        return redirect("prestashop:connection", account.pk)


class ConnectionView(AccountSectionMixin, TemplateView):
    """The Connection section. POST (shop admins): save the address and key and test them, or
    (button "Test connection", field `test`) test the saved ones again."""

    section = "connection"
    template_name = "prestashop/connection.html"
    form: ConnectionForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = self.form or ConnectionForm(initial={"url": self.account.url}, account=self.account)
        return super().get_context_data(form=form, analysis=actions.latest_analysis(self.account), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        if "test" in request.POST:
            announce(request, actions.test_connection(account=self.account, user=request.user))
            return redirect("prestashop:connection", self.account.pk)
        form = ConnectionForm(request.POST, account=self.account)
        if not form.is_valid():
            self.form = form
            return self.render_to_response(self.get_context_data(), status=400)
        _, result = actions.save_account(
            account=self.account, url=form.cleaned_data["url"], key=form.cleaned_data["key"], user=request.user
        )
        announce(request, result)
        return redirect("prestashop:connection", self.account.pk)


class AccountDeleteView(AccountSectionMixin, TemplateView):
    """GET: what deleting the account removes; POST (shop admins): delete it."""

    permission_required = DELETE
    section = "connection"
    template_name = "prestashop/account_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        account = self.account
        counts = {
            "offers": account.offers.count(),
            "imports": account.imports.count(),
            "orders": account.orders.count(),
        }
        return super().get_context_data(counts=counts, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        label = self.account.label
        actions.delete_account(account=self.account, user=request.user)
        messages.success(request, _("The account %(host)s was deleted.") % {"host": label})
        return redirect("prestashop:accounts")
