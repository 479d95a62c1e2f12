from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser, User

from .models import Explanation

TEXT_FIELDS = ["title_pl", "title_en", "meaning_pl", "meaning_en", "fix_pl", "fix_en"]


class ExplanationForm(forms.ModelForm):
    """A shop admin's edit; the code is fixed once the explanation exists (entries point at it)."""

    class Meta:
        model = Explanation
        fields = ["code", *TEXT_FIELDS]
        widgets = {
            "meaning_pl": forms.Textarea(attrs={"rows": 5}),
            "meaning_en": forms.Textarea(attrs={"rows": 5}),
            # Steps, one a line: room for several without scrolling.
            "fix_pl": forms.Textarea(attrs={"rows": 9}),
            "fix_en": forms.Textarea(attrs={"rows": 9}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["code"]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(Polish, English) fields side by side, so a translator sees both."""
        return [(self[f"{name}_pl"], self[f"{name}_en"]) for name in ("title", "meaning", "fix")]

    def save_by(self, user: User | AnonymousUser) -> Explanation:
        """Save as a person's text: from now on seeding leaves it alone."""
        explanation = self.save(commit=False)
        explanation.edited = True
        explanation.updated_by = user
        explanation.save()
        return explanation
