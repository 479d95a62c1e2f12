"""Message codes of the BaseLinker tab: what the integration file says about a pull, in the reader's language.

`MESSAGES` are the texts Dziennik writes itself; `DEFAULTS` seed the knowledge base
(explanations) and never overwrite a text a shop admin edited.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The pull's summary (entry product_export and the run's summary).
PULL_DONE = "BASELINKER_PULL_DONE"
PULL_DONE_QUIET = "BASELINKER_PULL_DONE_QUIET"
# A second full pull the same day, refused.
DAILY_LIMIT = "BASELINKER_DAILY_LIMIT"
# Products that cannot be served (errors: left out of the file).
NO_PRICE = "BASELINKER_NO_PRICE"
NO_NAME = "BASELINKER_NO_NAME"
# Products served with a problem (warnings).
NO_EAN = "BASELINKER_NO_EAN"
EAN_INVALID = "BASELINKER_EAN_INVALID"
NO_CATEGORY = "BASELINKER_NO_CATEGORY"
STOCK_NEGATIVE = "BASELINKER_STOCK_NEGATIVE"
# BaseLinker (or someone) sent a wrong password.
WRONG_PASSWORD = "BASELINKER_WRONG_PASSWORD"
# A shop admin changed the password.
PASSWORD_CHANGED = "BASELINKER_PASSWORD_CHANGED"

MESSAGES = {
    PULL_DONE: _(
        "BaseLinker pull: %(listed)s products served, first served: %(added)s, served again with changes: "
        "%(updated)s, unchanged: %(unchanged)s, with problems: %(problems)s."
    ),
    PULL_DONE_QUIET: _(
        "BaseLinker pull closed after %(seconds)s s without a request: %(listed)s products served, first served: "
        "%(added)s, served again with changes: %(updated)s, unchanged: %(unchanged)s, with problems: %(problems)s."
    ),
    DAILY_LIMIT: _(
        "BaseLinker asked for a second full product list today (%(day)s); it was refused: at most one pull a day."
    ),
    NO_PRICE: _("Product “%(name)s” (code %(code)s) has no price: it was not served to BaseLinker."),
    NO_NAME: _("Product with code %(code)s has no name: it was not served to BaseLinker."),
    NO_EAN: _("Product “%(name)s” (code %(code)s) has no EAN: BaseLinker cannot match it to marketplace offers."),
    EAN_INVALID: _("Product “%(name)s” (code %(code)s) has an invalid EAN “%(ean)s”: it was served without it."),
    NO_CATEGORY: _("Product “%(name)s” (code %(code)s) has no category."),
    STOCK_NEGATIVE: _("Product “%(name)s” (code %(code)s) has a negative stock (%(stock)s): it was served as 0."),
    PASSWORD_CHANGED: _("%(user)s changed the password of the BaseLinker integration file."),
    WRONG_PASSWORD: _("A request to the BaseLinker integration file came with a wrong password (from %(address)s)."),
}


def _explain(code: str, title_en: str, title_pl: str, meaning_en: str, meaning_pl: str, fix_en: str, fix_pl: str):
    return {"code": code, "title_en": title_en, "title_pl": title_pl, "meaning_en": meaning_en,
            "meaning_pl": meaning_pl, "fix_en": fix_en, "fix_pl": fix_pl}  # fmt: skip


#: The knowledge base's explanation of the codes that can be a warning or an error.
DEFAULTS = [
    _explain(
        PULL_DONE,
        "BaseLinker pull finished",
        "Zakończono pobieranie przez BaseLinker",
        "BaseLinker read the product list. 'First served' and 'served again with changes' are Dziennik's view "
        "(what it served before); only BaseLinker knows what it added or updated on its side. It is a warning "
        "when some products had problems: they are the entries of the same run.",
        "BaseLinker pobrał listę produktów. „Podane po raz pierwszy” i „podane ponownie ze zmianami” to widok "
        "Dziennika (co podał wcześniej); tylko BaseLinker wie, co u siebie dodał lub zaktualizował. Ostrzeżenie "
        "oznacza, że część produktów miała problemy: to wpisy tego samego przebiegu.",
        "Open the run and fix each product its entries name, in the ERP; the next pull serves them again.",
        "Otwórz przebieg i popraw w ERP każdy produkt wskazany we wpisach; następne pobranie poda je ponownie.",
    ),
    _explain(
        PULL_DONE_QUIET,
        "BaseLinker pull closed after a pause",
        "Pobieranie przez BaseLinker zamknięte po przerwie",
        "BaseLinker stopped asking before it had read every product's data; the pull was closed after a pause "
        "with what it had served.",
        "BaseLinker przestał pytać, zanim pobrał dane wszystkich produktów; pobieranie zamknięto po przerwie z "
        "tym, co zostało podane.",
        "Usually nothing: BaseLinker reads only what it needs. If products are missing in BaseLinker, check its "
        "import log for errors.",
        "Zwykle nic: BaseLinker pobiera tylko to, czego potrzebuje. Jeśli w BaseLinker brakuje produktów, sprawdź "
        "błędy w jego dzienniku importu.",
    ),
    _explain(
        DAILY_LIMIT,
        "Second BaseLinker pull the same day refused",
        "Odmówiono drugiego pobrania przez BaseLinker tego dnia",
        "The shop serves BaseLinker one full product list a day (as Comarch e-Sklep does); a second one the "
        "same day got an error.",
        "Sklep podaje BaseLinkerowi pełną listę produktów raz dziennie (jak Comarch e-Sklep); drugie pobranie "
        "tego samego dnia dostało błąd.",
        "Set BaseLinker to import from the shop once a day; the next day's pull works as usual.",
        "Ustaw w BaseLinker import ze sklepu raz dziennie; pobranie następnego dnia zadziała normalnie.",
    ),
    _explain(
        WRONG_PASSWORD,
        "Wrong password from BaseLinker",
        "Błędne hasło od BaseLinker",
        "A request to the integration file sent a password that is not the one set in Dziennik, and was refused. "
        "Recorded at most once every 10 minutes.",
        "Żądanie do pliku integracyjnego przyszło z hasłem innym niż ustawione w Dzienniku i zostało odrzucone. "
        "Zapisywane najwyżej raz na 10 minut.",
        "If the password was changed in Dziennik, enter the new one in BaseLinker's shop integration. If the "
        "address is not BaseLinker's, someone is guessing: keep the password long.",
        "Jeśli hasło zmieniono w Dzienniku, wpisz nowe w integracji sklepu w BaseLinker. Jeśli adres nie należy do "
        "BaseLinkera, ktoś zgaduje hasło: utrzymuj długie hasło.",
    ),
    _explain(
        NO_PRICE,
        "Product without a price",
        "Produkt bez ceny",
        "A product with no price (0) is not served to BaseLinker, which would list it for free.",
        "Produkt bez ceny (0) nie jest podawany do BaseLinker, który wystawiłby go za darmo.",
        "Set the product's price in the ERP.",
        "Ustaw cenę produktu w ERP.",
    ),
    _explain(
        NO_NAME,
        "Product without a name",
        "Produkt bez nazwy",
        "A product with no name is not served to BaseLinker.",
        "Produkt bez nazwy nie jest podawany do BaseLinker.",
        "Give the product a name in the ERP.",
        "Nadaj produktowi nazwę w ERP.",
    ),
    _explain(
        NO_EAN,
        "Product without an EAN",
        "Produkt bez EAN",
        "The product was served without an EAN; marketplaces match offers by it.",
        "Produkt podano bez kodu EAN; serwisy sprzedażowe dopasowują po nim oferty.",
        "Enter the product's EAN (GTIN) in the ERP.",
        "Wpisz kod EAN (GTIN) produktu w ERP.",
    ),
    _explain(
        EAN_INVALID,
        "Product with an invalid EAN",
        "Produkt z błędnym EAN",
        "The EAN has the wrong length or check digit (GTIN-8, -12, -13 or -14); it was left out.",
        "Kod EAN ma złą długość lub cyfrę kontrolną (GTIN-8, -12, -13 lub -14); pominięto go.",
        "Correct the EAN in the ERP.",
        "Popraw kod EAN w ERP.",
    ),
    _explain(
        NO_CATEGORY,
        "Product without a category",
        "Produkt bez kategorii",
        "The product was served with no category; BaseLinker puts it in none.",
        "Produkt podano bez kategorii; BaseLinker nie przypisze go do żadnej.",
        "Assign a category in the ERP.",
        "Przypisz kategorię w ERP.",
    ),
    _explain(
        STOCK_NEGATIVE,
        "Product with a negative stock",
        "Produkt z ujemnym stanem",
        "A negative stock was served as 0.",
        "Ujemny stan magazynowy podano jako 0.",
        "Correct the stock in the ERP.",
        "Popraw stan magazynowy w ERP.",
    ),
]
