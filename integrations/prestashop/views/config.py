"""An account's Mappings, Order settings and Product fields sections."""

from __future__ import annotations

import abc
import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import actions
from ..forms import MappingForm, OrderSettingsForm, ProductFieldsForm
from ..models import Account
from .base import AccountSectionMixin

CHANGE = "prestashop.change_account"


class _SectionFormView(AccountSectionMixin, TemplateView, abc.ABC):
    """A section with one form: GET shows it, POST (shop admins) validates and calls `act`."""

    form: Any = None

    @abc.abstractmethod
    def make_form(self, data: Any = None) -> Any:
        """The section's form, bound to `data` (a POST) or unbound."""

    @abc.abstractmethod
    def act(self, form: Any) -> str:
        """Save through an action; returns the page's success message."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form or self.make_form(), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                messages.success(request, self.act(form))
                return redirect(self.request.path)
            except actions.Refused as refusal:
                form.add_error(None, refusal.message)
        self.form = form
        return self.render_to_response(self.get_context_data(), status=400)

    def fresh_account(self) -> Account:
        # A ModelForm writes what it cleans into its instance, valid or not; the page's header
        # keeps showing the saved account.
        return copy.copy(self.account)


class MappingView(_SectionFormView):
    """The shop's payment methods, carriers and order states (collected by the analysis), each
    mapped to the shop's own method or status."""

    section = "mapping"
    activity_types = ("mapping",)
    template_name = "prestashop/mapping.html"

    def make_form(self, data: Any = None) -> MappingForm:
        return MappingForm(data, account=self.account)

    def act(self, form: MappingForm) -> str:
        changed = actions.save_mapping(account=self.account, mapping=form.mapping(), user=self.request.user)
        return _("Mappings saved: %(count)s changed.") % {"count": changed}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(unmapped=actions.unmapped_in_use(self.account), analysis=actions.latest_analysis(self.account))
        return context


class AnalyseView(AccountSectionMixin, View):
    """POST (shop admins): collect the shop's methods and statuses again (the analysis run)."""

    permission_required = CHANGE
    section = "mapping"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = actions.collect_again(account=self.account, user=request.user)
        messages.success(
            request,
            _(
                "Run #%(run)s collects the payment methods, carriers and order states again; "
                "the lists fill when it ends."
            )
            % {"run": run.pk},
        )
        return redirect(reverse("prestashop:mapping", args=[self.account.pk]))


class OrderSettingsView(_SectionFormView):
    section = "order_settings"
    template_name = "prestashop/order_settings.html"

    def make_form(self, data: Any = None) -> OrderSettingsForm:
        return OrderSettingsForm(data, instance=self.fresh_account())

    def act(self, form: OrderSettingsForm) -> str:
        actions.save_order_settings(account=self.account, values=form.values(), user=self.request.user)
        return _("Order settings saved.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["unmapped"] = actions.unmapped_in_use(self.account)
        return context


class ProductFieldsView(_SectionFormView):
    section = "product_fields"
    template_name = "prestashop/product_fields.html"

    def make_form(self, data: Any = None) -> ProductFieldsForm:
        return ProductFieldsForm(data, instance=self.fresh_account())

    def act(self, form: ProductFieldsForm) -> str:
        actions.save_product_fields(account=self.account, values=form.values(), user=self.request.user)
        return _("Product field mapping saved.")
