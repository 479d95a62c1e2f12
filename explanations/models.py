"""The knowledge base of message codes: what a code means and how to fix it.

Integrations write entries with a `message_code` (e.g. PS_AUTH_FAILED); an
`Explanation` tells a shop admin, in Polish and English, what the code means for
the shop and what to do. Seeded from `integrations/<name>/codes.py`, then edited
by shop admins in the panel; an edited explanation is never overwritten by seeding.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Path segments of the knowledge base that cannot double as a code (see urls.py).
RESERVED_CODES = frozenset({"new", "unexplained"})

# A code is one segment of the explanation's URL: no slash, no spaces.
code_validator = RegexValidator(r"^[^/\s]+$", _("A message code has no spaces and no slash."))


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_CODES:
        raise ValidationError(_("This word cannot be a message code."))


class Explanation(models.Model):
    """One message code explained; texts in both languages, shown in the reader's."""

    code = models.CharField(
        _("message code"), max_length=64, unique=True, validators=[code_validator, validate_not_reserved]
    )
    title_pl = models.CharField(_("title (Polish)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    meaning_pl = models.TextField(_("what it means (Polish)"), blank=True)
    meaning_en = models.TextField(_("what it means (English)"), blank=True)
    fix_pl = models.TextField(_("how to fix it (Polish)"), blank=True)
    fix_en = models.TextField(_("how to fix it (English)"), blank=True)
    # False while the text is the one an integration ships: seeding may then refresh it.
    edited = models.BooleanField(_("edited by a person"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("changed by")
    )

    class Meta:
        verbose_name = _("message explanation")
        verbose_name_plural = _("message explanations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("explanations:detail", args=[self.code])

    def clean(self) -> None:
        if not (self.title_pl.strip() or self.title_en.strip()):
            raise ValidationError(_("Give a title in at least one language."))

    def _localized(self, field: str) -> str:
        """The text in the reader's language, else the other one: half a translation beats none."""
        first, second = ("en", "pl") if (get_language() or settings.LANGUAGE_CODE).startswith("en") else ("pl", "en")
        return getattr(self, f"{field}_{first}") or getattr(self, f"{field}_{second}")

    @property
    def title(self) -> str:
        return self._localized("title")

    @property
    def meaning(self) -> str:
        return self._localized("meaning")

    @property
    def fix(self) -> str:
        return self._localized("fix")
