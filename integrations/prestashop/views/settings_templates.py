"""An account's Settings templates section: the list, adding, editing, deleting (refused while
offers use the template, or while it is the default and others exist), making one the default."""

from __future__ import annotations

import abc
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import actions
from ..forms import TemplateForm
from ..models import SettingsTemplate
from ..tables import TemplateTable
from .base import AccountSectionMixin

CHANGE = "prestashop.change_account"


class _TemplateMixin(AccountSectionMixin):
    section = "templates"

    def template(self) -> SettingsTemplate:
        return get_object_or_404(SettingsTemplate, pk=self.kwargs["pk"], account=self.account)

    def back(self) -> HttpResponse:
        return redirect("prestashop:templates", self.account.pk)


class TemplateListView(_TemplateMixin, TemplateView):
    template_name = "prestashop/templates.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        table = TemplateTable(actions.templates_with_offers(self.account), may_change=context["may_change"])
        table.request = self.request  # the buttons' CSRF token (RequestConfig does no paging here)
        context.update(table=table, default=actions.default_template(self.account))
        return context


class _TemplateFormView(_TemplateMixin, TemplateView, abc.ABC):
    permission_required = CHANGE
    template_name = "prestashop/template_form.html"
    form: TemplateForm | None = None

    @abc.abstractmethod
    def instance(self) -> SettingsTemplate:
        """The template the form edits (a new, unsaved one to add)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = self.form or TemplateForm(instance=self.instance(), account=self.account)
        return super().get_context_data(form=form, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TemplateForm(request.POST, instance=self.instance(), account=self.account)
        if not form.is_valid():
            self.form = form
            return self.render_to_response(self.get_context_data(), status=400)
        self.save(form)
        return self.back()

    @abc.abstractmethod
    def save(self, form: TemplateForm) -> None:
        """Save the valid form through an action and say so."""


class TemplateCreateView(_TemplateFormView):
    def instance(self) -> SettingsTemplate:
        return SettingsTemplate(account=self.account)

    def save(self, form: TemplateForm) -> None:
        template = actions.create_template(account=self.account, values=form.values(), user=self.request.user)
        if template.is_default:
            messages.success(
                self.request,
                _("Template “%(name)s” added; as the account's first, it is the default.") % {"name": template.name},
            )
        else:
            messages.success(self.request, _("Template “%(name)s” added.") % {"name": template.name})


class TemplateUpdateView(_TemplateFormView):
    def instance(self) -> SettingsTemplate:
        return self.template()

    def save(self, form: TemplateForm) -> None:
        actions.update_template(template=form.instance, values=form.values(), user=self.request.user)
        messages.success(self.request, _("Template “%(name)s” saved.") % {"name": form.instance.name})


class TemplateDeleteView(_TemplateMixin, TemplateView):
    """GET: confirm (or say why it cannot be deleted). POST: delete."""

    permission_required = CHANGE
    template_name = "prestashop/template_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        template = self.template()
        return super().get_context_data(template=template, refusal=actions.delete_refusal(template), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = self.template()
        try:
            actions.delete_template(template=template, user=request.user)
        except actions.Refused:
            # The page says why (its refusal), once.
            return self.render_to_response(self.get_context_data(), status=409)
        messages.success(request, _("Template “%(name)s” deleted.") % {"name": template.name})
        return self.back()


class TemplateDefaultView(_TemplateMixin, TemplateView):
    """POST: make the template the account's default."""

    permission_required = CHANGE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        template = self.template()
        if actions.set_default(template=template, user=request.user):
            messages.success(request, _("“%(name)s” is now the default template.") % {"name": template.name})
        else:
            messages.info(request, _("“%(name)s” is the default template already.") % {"name": template.name})
        return self.back()
