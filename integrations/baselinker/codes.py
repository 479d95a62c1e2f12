"""Message codes of the BaseLinker tab: the product export's own words, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EXPORT_SUMMARY = "BASELINKER_EXPORT_SUMMARY"
EXPORT_DONE = "BASELINKER_EXPORT_DONE"

MESSAGES = {
    EXPORT_SUMMARY: _("Items: %(received)s, with problems: %(problems)s."),
    EXPORT_DONE: _("Product export to BaseLinker: problems: %(problems)s."),
}

#: The knowledge base's explanation of the codes that can be a warning.
DEFAULTS = [
    {
        "code": EXPORT_DONE,
        "title_en": "Product export to BaseLinker finished",
        "title_pl": "Zakończono eksport produktów do BaseLinker",
        "meaning_en": "The daily product export to BaseLinker finished. It is a warning when some products had "
        "problems: they are the warnings of the same run, each naming the product and what is wrong with it.",
        "meaning_pl": "Zakończył się codzienny eksport produktów do BaseLinker. Ostrzeżenie oznacza, że część "
        "produktów miała problemy: to ostrzeżenia z tego samego przebiegu, każde z nazwą produktu i opisem błędu.",
        "fix_en": "Open the run (the entry's job run) and fix each product its warnings name, in the ERP or the "
        "shop; the next export sends them again.",
        "fix_pl": "Otwórz przebieg (zadanie wpisu) i popraw każdy produkt wskazany w ostrzeżeniach, w ERP lub w "
        "sklepie; następny eksport wyśle je ponownie.",
    },
]
