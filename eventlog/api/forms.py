"""The query string of `GET /api/v1/entries`, checked by Django forms like the panel's lists.

The tab's own filters (severity, event type, account, object id, date range, text…)
are its list's FilterSet (`filters.filterset_for`), the page position is the list's
`PositionForm`; this form adds what only the API has: which tab, `since` and `limit`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import tabs


def _tab_choices() -> list[tuple[str, str]]:
    return [(tab.slug, tab.slug) for tab in tabs.all_tabs()]


class EntryQueryForm(forms.Form):
    tab = forms.ChoiceField(label="tab", choices=_tab_choices)
    since = forms.DateTimeField(
        label="since", required=False, help_text=_("Entries at or after this time (ISO 8601, e.g. 2026-05-01T08:00Z).")
    )
    limit = forms.IntegerField(label="limit", required=False, min_value=1, max_value=500)

    #: Entries a page holds when `limit` is not given.
    DEFAULT_LIMIT = 100
