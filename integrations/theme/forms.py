"""Forms of the shop template pages: the editor, and the version a publish, unpublish or delete acts on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Kind
from .models import CONTENT_MAX_CHARS, NAME_MAX_CHARS


class VersionForm(forms.Form):
    """The version of the template the admin saw: a change of a newer one is refused (actions.StaleVersion)."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class TemplateForm(VersionForm):
    """Create (no version) or edit a template's draft."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_CHARS)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    content = forms.CharField(
        label=_("Content"),
        required=False,
        strip=False,  # indentation and blank lines are part of a template
        max_length=CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 24, "class": "form-control font-monospace", "spellcheck": "false"}),
    )

    def __init__(self, *args, creating: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["version"]
        self.fields["name"].widget.attrs["class"] = "form-control"
        self.fields["kind"].widget.attrs["class"] = "form-select"

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if any(not ch.isprintable() for ch in name):
            raise forms.ValidationError(_("The name may not hold control characters."), code="control")
        return name

    def clean_content(self) -> str:
        content = self.cleaned_data["content"]
        if "\x00" in content:
            raise forms.ValidationError(_("The content may not hold NUL characters."), code="nul")
        # Browsers send a textarea's lines ended by CRLF: store one kind of line end.
        return content.replace("\r\n", "\n").replace("\r", "\n")
