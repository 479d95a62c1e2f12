"""The integration file BaseLinker calls (POST /baselinker/) and the settings page (/baselinker/settings/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_tables2 import RequestConfig

from eventlog.models import errors_recorded
from eventlog.runs import label

from . import actions, endpoint, server
from .forms import PasswordForm
from .models import BaseLinkerSettings, Pull
from .tab import BASELINKER, EXPORT_RUN
from .tables import PullTable

#: Pulls listed on the settings page.
LAST_PULLS = 14


@csrf_exempt  # BaseLinker's servers post here with the password, not a session
@login_not_required
@never_cache
def integration_file(request: HttpRequest) -> JsonResponse:
    """BaseLinker's requests: JSON in BaseLinker's shapes, HTTP 200 even on error (a GET: no_password).

    Its error texts are in English whatever the shop's language: BaseLinker's panel shows them as sent."""
    if request.method == "POST":
        with translation.override("en"):
            answer = endpoint.handle(request.POST, request.META.get("REMOTE_ADDR", ""))
    else:
        answer = server.Refusal("no_password", "No password given (bl_pass).").answer()
    return JsonResponse(answer, safe=False, json_dumps_params={"ensure_ascii": False})


class SettingsView(PermissionRequiredMixin, View):
    """The address to paste into BaseLinker, the password (shop admins set it) and the last pulls."""

    permission_required = "baselinker.view_baselinkersettings"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, PasswordForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("baselinker.change_baselinkersettings"):
            raise PermissionDenied
        form = PasswordForm(request.POST)
        if not form.is_valid():
            return self.page(request, form, status=400)
        password = form.cleaned_data["password"]
        actions.set_password(password, request.user)
        # Shown once, here (never put into a cookie or the session): BaseLinker needs it pasted.
        return self.page(request, PasswordForm(), new_password=password)

    def page(self, request: HttpRequest, form: PasswordForm, status: int = 200, **extra: Any) -> HttpResponse:
        pulls = Pull.objects.select_related("run").annotate(run_errors=errors_recorded("run_id"))
        table = PullTable(pulls.order_by("-day")[:LAST_PULLS])
        RequestConfig(request, paginate=False).configure(table)
        stored = BaseLinkerSettings.load().password
        context = {
            "address": request.build_absolute_uri(reverse("baselinker:file")),
            "from_environment": endpoint.password_from_environment(),
            "password_set": bool(settings.BASELINKER_PASSWORD or stored),
            "hint": f"…{stored[-4:]}" if stored else "",
            "may_change": request.user.has_perm("baselinker.change_baselinkersettings"),
            "form": form,
            "table": table,
            "tab": BASELINKER,
            "run_kind": label(EXPORT_RUN.code),
            **extra,
        }
        return render(request, "baselinker/settings.html", context, status=status)
