"""The shop admin's form for a new API key (name, tabs, optional expiry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import tabs
from .models import ApiKey


def _tab_choices() -> list[tuple[str, str]]:
    return [(tab.slug, str(tab.title)) for tab in tabs.all_tabs()]


class ApiKeyForm(forms.Form):
    name = forms.SlugField(
        label=_("Integration account"),
        max_length=ApiKey._meta.get_field("name").max_length,
        help_text=_("Letters, digits, - and _; entries written with the key carry it as their account."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    tabs = forms.MultipleChoiceField(
        label=_("Tabs"),
        choices=_tab_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The tabs the key may write to and read."),
    )
    expires_on = forms.DateField(
        label=_("Expires"),
        required=False,
        help_text=_("Optional: the key stops working at the start of this day."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if ApiKey.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A key named “%(name)s” exists already."), params={"name": name})
        return name

    def clean_expires_on(self) -> dt.date | None:
        day = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return day

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None

    def issue_kwargs(self) -> dict[str, Any]:
        return {
            "name": self.cleaned_data["name"],
            "tab_slugs": self.cleaned_data["tabs"],
            "expires_at": self.expires_at(),
        }
