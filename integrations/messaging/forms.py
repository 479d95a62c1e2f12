"""The mailing form: name, type, content, and recipients pasted or uploaded as CSV."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import recipients
from .models import Mailing

#: Invalid addresses named in the form's error; the rest are counted.
NAMED_INVALID = 20


class MailingForm(forms.ModelForm):
    recipients_text = forms.CharField(
        label=_("Recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("E-mail addresses, one per line (or separated by commas or semicolons)."),
    )
    recipients_file = forms.FileField(
        label=_("…or a CSV file"),
        required=False,
        help_text=_("The first cell with an e-mail address in each row; a header row is skipped."),
    )

    class Meta:
        model = Mailing
        fields = ["name", "kind", "subject", "body_text", "body_html"]
        widgets = {
            "body_text": forms.Textarea(attrs={"rows": 8}),
            "body_html": forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        }
        help_texts = {"body_html": _("Optional: an HTML version of the text, shown by mail programs that can.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parsed: recipients.Parsed | None = None
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        if self.instance.pk and not self.is_bound:
            self.initial["recipients_text"] = "\n".join(self.instance.recipients.values_list("email", flat=True))

    def clean_recipients_file(self) -> Any:
        upload = self.cleaned_data.get("recipients_file")
        if upload and upload.size > recipients.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file has %(size)s; at most %(limit)s can be uploaded."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(recipients.MAX_UPLOAD_BYTES)},
                code="too_large",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("recipients_file")
        parsed = recipients.parse(cleaned.get("recipients_text") or "", upload.read() if upload else b"")
        if parsed.unreadable_row is not None:
            self.add_error(
                "recipients_file",
                _("The CSV file cannot be read at line %(line)s. Save it as CSV (UTF-8) and upload it again.")
                % {"line": parsed.unreadable_row},
            )
        elif parsed.invalid:
            named = ", ".join(f"“{address}”" for address in parsed.invalid[:NAMED_INVALID])
            more = len(parsed.invalid) - NAMED_INVALID
            message = ngettext(
                "This address is not a valid e-mail address: %(named)s.",
                "These addresses are not valid e-mail addresses: %(named)s.",
                len(parsed.invalid),
            ) % {"named": named}
            if more > 0:
                message += " " + ngettext("And %(count)s more.", "And %(count)s more.", more) % {"count": more}
            self.add_error("recipients_text", message)
        elif not parsed.emails:
            self.add_error("recipients_text", _("Add at least one recipient."))
        elif len(parsed.emails) > recipients.MAX_RECIPIENTS:
            self.add_error(
                "recipients_text",
                _("A mailing has at most %(limit)s recipients; this list has %(count)s.")
                % {"limit": recipients.MAX_RECIPIENTS, "count": len(parsed.emails)},
            )
        self.parsed = parsed
        return cleaned
