"""Forms of the journal's own actions (the list filters are in filters.py, retention in settings_form.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .filters import DAY_RANGE
from .paging import BadCursor, Cursor

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
    """Entries ticked in a list. Without `confirm` nothing is deleted: the answer says how many would go."""

    #: Ten list pages (JOURNAL_PAGE_SIZE 50); the audit entry keeps them all (actions.AUDIT_IDS), and
    #: the request stays well under Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1000).
    MAX_IDS = 500

    ids = EntryIdsField(required=False)
    next = forms.CharField(required=False, max_length=2000)
    confirm = forms.BooleanField(required=False)

    def clean_ids(self) -> list[int]:
        ids = self.cleaned_data["ids"]
        if len(ids) > self.MAX_IDS:
            raise ValidationError(
                _("At most %(limit)s entries can be deleted at once."), code="too_many", params={"limit": self.MAX_IDS}
            )
        return ids


class SearchForm(forms.Form):
    """`/journal/search/?q=`: one product, order, offer or e-mail by its id (≤ 128 characters, as object ids)."""

    q = forms.CharField(required=False, max_length=128, strip=True)


class PositionForm(forms.Form):
    """Where a journal list's page starts: after a page link's cursor, or at the end of a day."""

    older = forms.CharField(required=False, max_length=64)
    newer = forms.CharField(required=False, max_length=64)
    at = forms.DateField(required=False, label=_("Jump to date"), validators=DAY_RANGE)

    stale_link = _("The page link is not valid any more. Start again from the newest entries.")

    def _cursor(self, name: str) -> Cursor | None:
        text = self.cleaned_data.get(name)
        if not text:
            return None
        try:
            return Cursor.decode(text)
        except BadCursor:
            raise ValidationError(self.stale_link, code="stale") from None

    def clean_older(self) -> Cursor | None:
        return self._cursor("older")

    def clean_newer(self) -> Cursor | None:
        return self._cursor("newer")

    def cursors(self) -> tuple[Cursor | None, Cursor | None]:
        """(older, newer) of a valid form: a link's cursor first, else the end of the chosen day."""
        data = self.cleaned_data
        if data["newer"]:
            return None, data["newer"]
        if data["older"]:
            return data["older"], None
        if data["at"]:
            return Cursor.before_day(data["at"]), None
        return None, None

    def problems(self) -> list[str]:
        """What is wrong, for people, each once: "Jump to date: Enter a valid date.", or the stale link."""
        problems = [str(error) for name in ("older", "newer") for error in self.errors.get(name, [])]
        problems += [f"{self.fields['at'].label}: {error}" for error in self.errors.get("at", [])]
        return list(dict.fromkeys(problems))
