"""The forms of the SMS queue page: adding a message by hand, and the list's filters."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from eventlog.filters import PanelFilterSet

from . import validation
from .models import Sms, SmsStatus


class AddForm(forms.Form):
    phone = forms.CharField(
        label=_("Recipient's phone number"),
        max_length=40,
        help_text=_("9 digits of a Polish mobile number, or + and the country code."),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "off"}),
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3, "data-sms-text": ""}),
    )

    def __init__(self, *args, **kwargs) -> None:
        # Its own ids: the queue's filter form on the same page has a "phone" field too.
        kwargs.setdefault("auto_id", "send_%s")
        super().__init__(*args, **kwargs)
        # The page's script counts the parts as the admin types (static/js/sms.js); the server checks them.
        self.fields["text"].widget.attrs["data-max-parts"] = str(settings.SMSAPI_MAX_PARTS)

    def clean_phone(self) -> str:
        return validation.normalize_phone(self.cleaned_data["phone"])

    def clean_text(self) -> str:
        return validation.clean_text(self.cleaned_data["text"])

    def parts(self) -> validation.Parts:
        """The parts of the text as typed (shown under the field after a failed post)."""
        return validation.count_parts(str(self.data.get("text", "") or "").strip())


class SmsFilterSet(PanelFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SmsStatus.choices, empty_label=_("any"))
    phone = django_filters.CharFilter(label=_("Recipient"), method="filter_phone", max_length=40)

    class Meta:
        model = Sms
        fields = ["status", "phone"]

    def filter_phone(self, queryset, name: str, value: str):
        # The number as stored (E.164) when it reads as one, else the digits typed, anywhere in it.
        try:
            return queryset.filter(phone=validation.normalize_phone(value))
        except forms.ValidationError:
            digits = "".join(ch for ch in value if ch.isdigit())
            return queryset.filter(phone__contains=digits) if digits else queryset.none()
