"""The forms of the module's configuration sections: connection, mappings, order settings,
product fields and settings templates. Each validates everything it is given (a bad value is
a form error, shown with a 400), and the rules that need the database ask `actions`."""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import actions
from .models import KEY_LENGTH, Account, MethodKind, RemoteChoice, SettingsTemplate, ShopMethod

#: A webservice key as PrestaShop generates it (Advanced Parameters → Webservice → "Generate").
_KEY = re.compile(rf"[A-Za-z0-9]{{{KEY_LENGTH}}}")


def _bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap 5 classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class ConnectionForm(forms.Form):
    """The shop's address and webservice key. On an existing account an empty key keeps the saved one."""

    url = forms.URLField(
        label=_("Shop URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_("The shop's address, starting with https://, e.g. https://sklep.example.pl."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )
    key = forms.CharField(
        label=_("Webservice key"),
        max_length=200,
        strip=True,
        # Never rendered back into the page (render_value=False): the key is shown only as its hint.
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}, render_value=False),
    )

    def __init__(self, *args: Any, account: Account | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        if account is not None:
            self.fields["key"].required = False
            self.fields["key"].help_text = _(
                "The saved key ends in %(hint)s. Leave this empty to keep it, or paste a new key."
            ) % {"hint": account.key_hint or "—"}
        else:
            self.fields["key"].help_text = _(
                "32 characters, from PrestaShop's back office: Advanced Parameters → Webservice."
            )
        _bootstrap(self)

    def clean_url(self) -> str:
        # Kept as typed but without a trailing slash (the API is under <url>/api/). An http://
        # address is saved: the connection test then says it must start with https://.
        url = self.cleaned_data["url"].rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise forms.ValidationError(_("The address must start with https://."), code="scheme")
        # The journal names an account by its shop's host: one account per shop.
        others = Account.objects.all()
        if self.account is not None:
            others = others.exclude(pk=self.account.pk)
        if any(other.label == parts.netloc for other in others.only("url")):
            raise forms.ValidationError(
                _("An account for the shop %(host)s exists already."), params={"host": parts.netloc}, code="unique"
            )
        return url

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if key and not _KEY.fullmatch(key):
            raise forms.ValidationError(
                _("A webservice key is %(length)s letters and digits; this one has %(count)s characters."),
                params={"length": KEY_LENGTH, "count": len(key)},
                code="key",
            )
        return key


class MappingForm(forms.Form):
    """One select per RemoteChoice row of the account (field `m<id>`), offering the shop's own
    methods or statuses of the row's kind; empty = unmapped. Built from the rows, so a posted
    id of another account's row is ignored."""

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        self.rows = list(RemoteChoice.objects.filter(account=account).order_by("kind", "-used_by_orders", "name", "id"))
        methods: dict[str, list[ShopMethod]] = {kind: [] for kind in MethodKind.values}
        for method in ShopMethod.objects.all():
            methods[method.kind].append(method)
        self.methods = {method.pk: method for group in methods.values() for method in group}
        for row in self.rows:
            self.fields[f"m{row.pk}"] = forms.TypedChoiceField(
                label=row.name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", _("— not mapped —")), *((m.pk, m.name) for m in methods[row.kind])],
                initial=row.mapped_to_id,
            )
        _bootstrap(self)

    def groups(self) -> list[tuple[str, Any, list[tuple[RemoteChoice, forms.BoundField]]]]:
        """(kind, its label, [(row, its bound field)]) for the three lists, in MethodKind's order."""
        return [
            (kind, label, [(row, self[f"m{row.pk}"]) for row in self.rows if row.kind == kind])
            for kind, label in MethodKind.choices
        ]

    def mapping(self) -> dict[int, ShopMethod | None]:
        return {
            row.pk: self.methods.get(self.cleaned_data[f"m{row.pk}"]) if self.cleaned_data[f"m{row.pk}"] else None
            for row in self.rows
        }


class OrderedChoiceField(forms.TypedMultipleChoiceField):
    """Choices in the order picked: the page shows a row of selects, one per position, all with the
    same name; empty ones are skipped, the same choice twice is an error."""

    def to_python(self, value: Any) -> list[str]:
        return [v for v in super().to_python(value) if v not in ("", None)]

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(set(value)) != len(value):
            raise forms.ValidationError(_("Choose each status once."), code="duplicate")


class OrderSettingsForm(forms.ModelForm):
    orders_update_statuses = OrderedChoiceField(
        label=_("Statuses in which orders still update"),
        required=False,
        coerce=int,
        help_text=_(
            "In the order you choose. A downloaded order takes updates from PrestaShop while it is in one of "
            "these statuses; an order in the first selected status counts as started and takes no more updates."
        ),
    )

    class Meta:
        model = Account
        fields = list(actions.ORDER_FIELDS)
        widgets = {"orders_from": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
        help_texts = {
            "orders_from": _("Orders changed since then are downloaded. Default: when the account was added."),
            "orders_into_status": _("The status a downloaded order gets in the shop."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = list(ShopMethod.objects.filter(kind=MethodKind.ORDER_STATUS))
        self.statuses = statuses
        into = cast(forms.ModelChoiceField, self.fields["orders_into_status"])
        into.queryset = ShopMethod.objects.filter(kind=MethodKind.ORDER_STATUS)
        into.empty_label = _("— choose —")
        cast(OrderedChoiceField, self.fields["orders_update_statuses"]).choices = [(s.pk, s.name) for s in statuses]
        since = cast(forms.DateTimeField, self.fields["orders_from"])
        since.input_formats = ["%Y-%m-%dT%H:%M", *settings.DATETIME_INPUT_FORMATS]
        if self.instance.orders_from is None:
            self.initial["orders_from"] = timezone.localtime(self.instance.created_at)
        _bootstrap(self)

    def slots(self) -> list[int | None]:
        """The selected status ids by position (bound data or saved), padded with None to one slot per status."""
        if self.is_bound:
            data = cast(QueryDict, self.data)
            picked: list[Any] = [v for v in data.getlist(self.add_prefix("orders_update_statuses")) if v]
        else:
            picked = list(self.instance.orders_update_statuses or [])
        values: list[int | None] = []
        for value in picked[: len(self.statuses)]:
            try:
                values.append(int(value))
            except (TypeError, ValueError):
                values.append(None)
        return values + [None] * (len(self.statuses) - len(values))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("orders_enabled"):
            if not data.get("orders_into_status"):
                self.add_error("orders_into_status", _("Choose the status downloaded orders get."))
            missing = actions.unmapped_in_use(self.instance)
            if missing:
                self.add_error("orders_enabled", actions.describe_unmapped(missing))
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in actions.ORDER_FIELDS}


class ProductFieldsForm(forms.ModelForm):
    """Which PrestaShop field is the EAN, symbol and catalogue number (PROTOCOLS.md §1.2)."""

    class Meta:
        model = Account
        fields = list(actions.PRODUCT_FIELD_NAMES)
        help_texts = {
            "product_catalogue_field": _(
                "PrestaShop 8 has the mpn field (the manufacturer's part number); shops that kept the catalogue "
                "number in the supplier's reference choose supplier_reference."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in actions.PRODUCT_FIELD_NAMES}


class TemplateForm(forms.ModelForm):
    class Meta:
        model = SettingsTemplate
        fields = list(actions.TEMPLATE_FIELDS)
        labels = {
            "sync_description": _("Description"),
            "sync_delivery_prices": _("Delivery price list"),
            "sync_price": _("Product price"),
            "sync_stock": _("Stock"),
        }

    def __init__(self, *args: Any, account: Account, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account
        _bootstrap(self)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = SettingsTemplate.objects.filter(account=self.account, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This account has a template with this name already."), code="unique")
        return name

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in actions.TEMPLATE_FIELDS}
