"""API keys in the panel (shop admins): the list, a new key (its secret shown once), revoking one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_tables2 import SingleTableView

from ..api import keys
from ..apikey_forms import ApiKeyForm
from ..models import ApiKey
from ..tables.apikeys import ApiKeyTable


class ApiKeyListView(PermissionRequiredMixin, SingleTableView):
    permission_required = "eventlog.view_apikey"
    template_name = "eventlog/apikeys/list.html"
    table_class = ApiKeyTable
    model = ApiKey

    def get_queryset(self):
        return ApiKey.objects.order_by("name")

    def get_table_kwargs(self) -> dict[str, Any]:
        return {"can_revoke": self.request.user.has_perm("eventlog.change_apikey")}


class ApiKeyCreateView(PermissionRequiredMixin, TemplateView):
    """GET: the form; POST: issue the key and show its secret, once (the page is not cached)."""

    permission_required = "eventlog.add_apikey"
    template_name = "eventlog/apikeys/create.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=ApiKeyForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ApiKeyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        key, secret = keys.issue(**form.issue_kwargs(), created_by=request.user)
        response = self.render_to_response(self.get_context_data(key=key, secret=secret, form=None))
        # The secret exists only in this answer: no cache, no "back" showing it again.
        response["Cache-Control"] = "no-store"
        return response


class ApiKeyRevokeView(PermissionRequiredMixin, TemplateView):
    """GET: ask; POST: revoke (the key answers 403 from then on)."""

    permission_required = "eventlog.change_apikey"
    template_name = "eventlog/apikeys/revoke.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(key=get_object_or_404(ApiKey, pk=kwargs["pk"]), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = get_object_or_404(ApiKey, pk=kwargs["pk"])
        keys.revoke(key)
        messages.success(request, _("The key “%(name)s” was revoked.") % {"name": key.name})
        return redirect("apikeys:list")
