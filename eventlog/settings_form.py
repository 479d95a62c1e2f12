"""Settings → Event journal: how long each tab keeps its entries."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import tabs
from .models import TabRetention

MAX_DAYS = 3650


class RetentionForm(forms.Form):
    """One "days kept" field per tab, initialised with the current choice."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = dict(TabRetention.objects.values_list("tab", "days"))
        for tab in tabs.all_tabs():
            self.fields[tab.slug] = forms.IntegerField(
                label=tab.title,
                min_value=1,
                max_value=MAX_DAYS,
                initial=current.get(tab.slug, tab.retention_days),
                help_text=_("default: %(days)s") % {"days": tab.retention_days},
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self):
        """(tab, field, days kept now): the statement shows what is in force, not what was typed."""
        for tab in tabs.all_tabs():
            yield tab, self[tab.slug], self.fields[tab.slug].initial

    @transaction.atomic
    def save(self, user) -> None:
        for tab in tabs.all_tabs():
            days = self.cleaned_data[tab.slug]
            if days == tab.retention_days:
                TabRetention.objects.filter(tab=tab.slug).delete()
            else:
                TabRetention.objects.update_or_create(tab=tab.slug, defaults={"days": days, "updated_by": user})
