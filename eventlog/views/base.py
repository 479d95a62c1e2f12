"""What every journal view shares: the permission, the tab from the URL, the page cursors."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpRequest
from django.views.generic import TemplateView

from .. import tabs
from ..forms import PositionForm
from ..paging import BadCursor, Cursor


class JournalView(PermissionRequiredMixin, TemplateView):
    permission_required = "eventlog.view_entry"


def get_tab(slug: str) -> tabs.Tab:
    tab = tabs.get(slug)
    if tab is None:
        raise Http404("No such journal tab")
    return tab


def cursors(request: HttpRequest) -> tuple[Cursor | None, Cursor | None]:
    """(older, newer) from the query string (`PositionForm`); raises BadCursor saying what is wrong."""
    form = PositionForm(request.GET)
    if not form.is_valid():
        raise BadCursor(request.GET.urlencode()[:200], form.problems())
    return form.cursors()
