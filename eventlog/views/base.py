"""What every journal view shares: the permission, the tab from the URL, the page cursors."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest
from django.views.generic import TemplateView

from .. import tabs
from ..paging import BadCursor, Cursor


class JournalView(PermissionRequiredMixin, TemplateView):
    permission_required = "eventlog.view_entry"


def get_tab(slug: str) -> tabs.Tab:
    tab = tabs.get(slug)
    if tab is None:
        raise Http404("No such journal tab")
    return tab


def cursors(request: HttpRequest) -> tuple[Cursor | None, Cursor | None]:
    """(older, newer) from the query string; `at=YYYY-MM-DD` jumps to a day."""
    older, newer = request.GET.get("older"), request.GET.get("newer")
    if newer:
        return None, Cursor.decode(newer)
    if older:
        return Cursor.decode(older), None
    if at := request.GET.get("at"):
        try:
            return Cursor.before_day(dt.date.fromisoformat(at)), None
        except ValueError as exc:
            raise BadCursor(at) from exc
    return None, None
