"""The integration file's parameters (validated, so bad input is an answer, never a 500) and the settings form."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import server

_LIMIT = re.compile(r"^\s*(\d{1,9})\s*(?:,\s*(\d{1,9})\s*)?$")
_SORT = re.compile(r"^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$", re.IGNORECASE)
_IDS = re.compile(r"^\s*\d{1,18}(\s*,\s*\d{1,18})*\s*,?\s*$")


class _Params(forms.Form):
    """Parameters BaseLinker sends; the first error becomes an `invalid_parameter` refusal (in English:
    BaseLinker's panel shows it)."""

    def refusal(self) -> server.Refusal:
        name, errors = next(iter(self.errors.items()))
        text = f"{name}: {errors[0]}" if name != "__all__" else str(errors[0])
        return server.Refusal("invalid_parameter", text)


class PageForm(_Params):
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)

    def clean_page(self) -> int:
        return self.cleaned_data["page"] or 1


class ListForm(PageForm):
    category_id = forms.CharField(required=False, max_length=20)
    filter_limit = forms.CharField(required=False, max_length=40)
    filter_sort = forms.CharField(required=False, max_length=40)
    filter_id = forms.IntegerField(required=False, min_value=0)
    filter_ean = forms.CharField(required=False, max_length=14)
    filter_sku = forms.CharField(required=False, max_length=64)
    filter_name = forms.CharField(required=False, max_length=255)
    filter_price_from = forms.DecimalField(required=False, max_digits=12, decimal_places=2)
    filter_price_to = forms.DecimalField(required=False, max_digits=12, decimal_places=2)
    filter_quantity_from = forms.DecimalField(required=False, max_digits=15, decimal_places=3)
    filter_quantity_to = forms.DecimalField(required=False, max_digits=15, decimal_places=3)
    filter_available = forms.TypedChoiceField(required=False, choices=[("", ""), ("0", "0"), ("1", "1")])

    def clean_category_id(self) -> int | None:
        value = self.cleaned_data["category_id"].strip()
        if value in ("", "all"):
            return None
        if not value.isdigit():
            raise ValidationError("must be 'all' or a category id")
        return int(value)

    def clean_filter_limit(self) -> tuple[int, int | None]:
        value = self.cleaned_data["filter_limit"]
        if not value.strip():
            return 0, None
        match = _LIMIT.match(value)
        if not match:
            raise ValidationError("must be 'count' or 'skip, count'")
        first, second = match.groups()
        return (int(first), int(second)) if second is not None else (0, int(first))

    def clean_filter_sort(self) -> tuple[str, bool]:
        value = self.cleaned_data["filter_sort"]
        if not value.strip():
            return "id", False
        match = _SORT.match(value)
        if not match or match.group(1).lower() not in server.SORTS:
            raise ValidationError(f"must be one of {', '.join(server.SORTS)}, then ASC or DESC")
        return match.group(1).lower(), (match.group(2) or "asc").lower() == "desc"

    def query(self) -> server.ListQuery:
        data = self.cleaned_data
        skip, count = data["filter_limit"]
        sort, descending = data["filter_sort"]
        return server.ListQuery(
            category_id=data["category_id"], skip=skip, count=count, sort=sort, descending=descending,
            filter_id=data["filter_id"], filter_ean=data["filter_ean"].strip(), filter_sku=data["filter_sku"].strip(),
            filter_name=data["filter_name"].strip(), price_from=data["filter_price_from"],
            price_to=data["filter_price_to"], quantity_from=data["filter_quantity_from"],
            quantity_to=data["filter_quantity_to"], available=data["filter_available"] == "1", page=data["page"],
        )  # fmt: skip


class DataForm(_Params):
    products_id = forms.CharField(max_length=20_000)
    # "fields" (the names wanted, comma-separated) cannot be a declared field: a form's `fields` is its fields.

    def clean_products_id(self) -> list[int]:
        value = self.cleaned_data["products_id"]
        if not _IDS.match(value):
            raise ValidationError("must be product ids separated by commas")
        ids = list(dict.fromkeys(int(part) for part in value.split(",") if part.strip()))
        if len(ids) > server.DATA_MAX_IDS:
            raise ValidationError(f"at most {server.DATA_MAX_IDS} ids at once")
        return ids

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wanted = str(self.data.get("fields", ""))
        if len(wanted) > 1000:
            self.add_error(None, "fields: at most 1000 characters")
        data["fields"] = [name.strip() for name in wanted[:1000].split(",") if name.strip()]
        return data


class PasswordForm(forms.Form):
    """A shop admin sets the password BaseLinker sends (or has one generated)."""

    password = forms.CharField(
        label=_("New password"),
        required=False,
        min_length=12,
        max_length=128,
        strip=True,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Leave it empty and tick “Generate” to get a random one."),
    )
    generate = forms.BooleanField(label=_("Generate a random password"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("generate"):
            data["password"] = secrets.token_urlsafe(24)
        elif not data.get("password"):
            raise ValidationError(_("Enter a password or tick “Generate”."))
        return data
