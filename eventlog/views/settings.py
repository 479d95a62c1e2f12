"""Settings → Event journal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..settings_form import RetentionForm
from .base import JournalView


class SettingsView(JournalView):
    """Settings → Event journal (shop admins): the retention of every tab."""

    template_name = "eventlog/settings.html"
    permission_required = "eventlog.change_tabretention"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=RetentionForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RetentionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save(request.user)
        messages.success(request, _("Journal settings saved."))
        return redirect("eventlog:settings")
