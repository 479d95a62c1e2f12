"""Showing a customer's personal data in full on an entry's page: a recorded act (eventlog/personal.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from eventlog import personal
from eventlog.views import EntryDetailView

from . import actions


class RevealPersonalDataView(EntryDetailView):
    """POST: record who showed which entry's personal data, then answer the entry's page with it in full.

    The answer is the page itself, not a redirect: each showing in full is one recorded reveal
    (reloading it asks to send the form again, and records again). Only holders of
    `eventlog.view_personal_data` may; others get 403, and nothing is recorded.
    """

    permission_required = ("eventlog.view_entry", personal.PERMISSION)  # type: ignore[assignment]  # both needed
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(**kwargs)  # 404 for an unknown tab or entry
        entry = context["entry"]
        if not context["tab"].has_personal:
            raise Http404("This tab holds no personal data")
        actions.personal_data_revealed(reader=request.user.get_username(), entry=entry)
        context[personal.REVEALED] = entry.pk
        return self.render_to_response(context)
