"""Forms of the journal's own actions (the list filters are in filters.py, retention in settings_form.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Ids are PostgreSQL bigint (and SQLite INTEGER): 1 to 2**63 - 1.
MAX_ID = 2**63 - 1


class EntryIdsField(forms.Field):
    """The ids of the entries ticked in a list (`ids` repeated in the POST body)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("“%(value)s” is not an entry id.")}

    def to_python(self, value: Any) -> list[int]:
        ids = []
        for text in value or []:
            try:
                pk = int(text)
            except (TypeError, ValueError):
                pk = 0
            if not 0 < pk <= MAX_ID:
                raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": str(text)[:40]})
            ids.append(pk)
        return ids


class DeleteEntriesForm(forms.Form):
    ids = EntryIdsField(required=False)
    next = forms.CharField(required=False, max_length=2000)


class SearchForm(forms.Form):
    """`/journal/search/?q=`: one product, order, offer or e-mail by its id (≤ 128 characters, as object ids)."""

    q = forms.CharField(required=False, max_length=128, strip=True)
