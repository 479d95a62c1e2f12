"""Stable message codes of the ERP sync, what each means and how to fix it in the ERP.

A code never changes meaning once released: journal entries, problem lists and the
message-code knowledge base (which seeds itself from `DEFAULTS`) refer to it. The
journal's message text is rendered from `MESSAGES` in the shop's language.

Severity says what happened to the item: an *error* item was not imported (the
shop keeps what it had), a *warning* item was imported with the faulty field left
out (no category, no EAN, stock 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from eventlog import messages

# The package as a whole.
PACKAGE_UNREADABLE = "ERP_PACKAGE_UNREADABLE"
PACKAGE_VERSION_UNSUPPORTED = "ERP_PACKAGE_VERSION_UNSUPPORTED"
PACKAGE_WRONG_TYPE = "ERP_PACKAGE_WRONG_TYPE"
PACKAGE_ENCODING_UNKNOWN = "ERP_PACKAGE_ENCODING_UNKNOWN"
EXPORT_FAILED = "ERP_EXPORT_FAILED"
# Products.
PRODUCT_CODE_INVALID = "ERP_PRODUCT_CODE_INVALID"
PRODUCT_CODE_DUPLICATE = "ERP_PRODUCT_CODE_DUPLICATE"
PRODUCT_CODE_INVISIBLE = "ERP_PRODUCT_CODE_INVISIBLE"
PRODUCT_CODE_CASE_CLASH = "ERP_PRODUCT_CODE_CASE_CLASH"
PRODUCT_NAME_MISSING = "ERP_PRODUCT_NAME_MISSING"
PRODUCT_NAME_TOO_LONG = "ERP_PRODUCT_NAME_TOO_LONG"
PRODUCT_NO_CATEGORY = "ERP_PRODUCT_NO_CATEGORY"
PRODUCT_CATEGORY_UNKNOWN = "ERP_PRODUCT_CATEGORY_UNKNOWN"
EAN_INVALID = "ERP_EAN_INVALID"
EAN_DUPLICATE = "ERP_EAN_DUPLICATE"
PRICE_MISSING = "ERP_PRICE_MISSING"
PRICE_INVALID = "ERP_PRICE_INVALID"
PRICE_NEGATIVE = "ERP_PRICE_NEGATIVE"
STOCK_NEGATIVE = "ERP_STOCK_NEGATIVE"
STOCK_INVALID = "ERP_STOCK_INVALID"
# Categories.
CATEGORY_CODE_INVALID = "ERP_CATEGORY_CODE_INVALID"
CATEGORY_CODE_DUPLICATE = "ERP_CATEGORY_CODE_DUPLICATE"
CATEGORY_CODE_INVISIBLE = "ERP_CATEGORY_CODE_INVISIBLE"
CATEGORY_CODE_CASE_CLASH = "ERP_CATEGORY_CODE_CASE_CLASH"
CATEGORY_NAME_MISSING = "ERP_CATEGORY_NAME_MISSING"
CATEGORY_NAME_TOO_LONG = "ERP_CATEGORY_NAME_TOO_LONG"
CATEGORY_PARENT_MISSING = "ERP_CATEGORY_PARENT_MISSING"
CATEGORY_CYCLE = "ERP_CATEGORY_CYCLE"

# The sync's own outcome entries (their severity follows what happened).
IMPORT_SUMMARY = "ERP_IMPORT_SUMMARY"
IMPORT_STOPPED = "ERP_IMPORT_STOPPED"
IMPORT_ABORTED = "ERP_IMPORT_ABORTED"
EXPORT_SUMMARY = "ERP_EXPORT_SUMMARY"
EXPORT_NOTHING = "ERP_EXPORT_NOTHING"

#: Why a package cannot be read: the `reason` of PACKAGE_UNREADABLE (a message of its own,
#: so that it is shown in the reader's language like the sentence around it).
REASON_DTD = "ERP_REASON_DTD"
REASON_ROOT = "ERP_REASON_ROOT"
REASON_HEADER_FIRST = "ERP_REASON_HEADER_FIRST"
REASON_CATEGORIES_FIRST = "ERP_REASON_CATEGORIES_FIRST"
REASON_NOT_WELL_FORMED = "ERP_REASON_NOT_WELL_FORMED"
REASON_EMPTY = "ERP_REASON_EMPTY"
REASON_NO_HEADER = "ERP_REASON_NO_HEADER"
REASON_OS = "ERP_REASON_OS"
REASON_ENCODING = "ERP_REASON_ENCODING"
REASON_ENTITIES = "ERP_REASON_ENTITIES"
REASON_ARCHIVE = "ERP_REASON_ARCHIVE"
REASON_BINARY = "ERP_REASON_BINARY"
REASON_BOM_CONFLICT = "ERP_REASON_BOM_CONFLICT"
REASON_NO_BOM = "ERP_REASON_NO_BOM"
REASON_NOT_UTF8 = "ERP_REASON_NOT_UTF8"
REASON_LOOKS_UTF8 = "ERP_REASON_LOOKS_UTF8"

#: Where a code that clashes with another one is (`%(where)s` of the *_CASE_CLASH messages).
WHERE_PACKAGE = "ERP_WHERE_PACKAGE"
WHERE_SHOP = "ERP_WHERE_SHOP"

#: Codes whose item is not imported; every other item code is a warning (imported without the field).
ERRORS = frozenset(
    {
        PACKAGE_UNREADABLE, PACKAGE_VERSION_UNSUPPORTED, PACKAGE_WRONG_TYPE, PACKAGE_ENCODING_UNKNOWN, EXPORT_FAILED,
        PRODUCT_CODE_INVALID, PRODUCT_CODE_DUPLICATE, PRODUCT_CODE_INVISIBLE, PRODUCT_CODE_CASE_CLASH,
        PRODUCT_NAME_MISSING, PRODUCT_NAME_TOO_LONG, PRICE_MISSING, PRICE_INVALID, PRICE_NEGATIVE,
        CATEGORY_CODE_INVALID, CATEGORY_CODE_DUPLICATE, CATEGORY_CODE_INVISIBLE, CATEGORY_CODE_CASE_CLASH,
        CATEGORY_NAME_MISSING, CATEGORY_NAME_TOO_LONG,
    }
)  # fmt: skip

#: The journal message of each code; placeholders are filled from the problem's fields.
MESSAGES = {
    PACKAGE_UNREADABLE: _("The package %(file)s cannot be read: %(reason)s. Nothing was imported."),
    PACKAGE_VERSION_UNSUPPORTED: _(
        "The package %(file)s has format version “%(version)s”; the shop reads versions %(supported)s. "
        "Nothing was imported."
    ),
    PACKAGE_WRONG_TYPE: _("The package %(file)s holds “%(type)s”, not a catalogue. Nothing was imported."),
    PACKAGE_ENCODING_UNKNOWN: _(
        "The package %(file)s is written in the character encoding “%(encoding)s”, which the shop cannot read "
        "(it reads UTF-8, UTF-16 and single-byte encodings such as windows-1250 or ISO-8859-2). Nothing was imported."
    ),
    EXPORT_FAILED: _("The orders package could not be written: %(reason)s. The orders wait for the next export."),
    PRODUCT_CODE_INVALID: _(
        "Product no. %(position)s (“%(name)s”) has no code or one longer than %(limit)s characters; "
        "it was not imported."
    ),
    PRODUCT_CODE_DUPLICATE: _(
        "Product code %(code)s appears again (product no. %(position)s, “%(name)s”); "
        "only its first occurrence was imported."
    ),
    PRODUCT_CODE_INVISIBLE: _(
        "Product code %(code)s (product no. %(position)s, “%(name)s”) contains an invisible or control character "
        "(%(character)s); it was not imported."
    ),
    PRODUCT_CODE_CASE_CLASH: _(
        "Product code %(code)s (product no. %(position)s, “%(name)s”) differs from product code %(other)s, which "
        "the %(where)s already has, only in upper and lower case; codes are compared ignoring case, so it was not "
        "imported."
    ),
    PRODUCT_NAME_MISSING: _("Product %(code)s has no name; it was not imported."),
    PRODUCT_NAME_TOO_LONG: _(
        "The name of product %(code)s has %(length)s characters, the limit is %(limit)s; it was not imported."
    ),
    PRODUCT_NO_CATEGORY: _("Product %(code)s (“%(name)s”) has no category; it was imported without one."),
    PRODUCT_CATEGORY_UNKNOWN: _(
        "Product %(code)s (“%(name)s”) is in category %(category)s, which neither the package nor the shop has; "
        "it was imported without a category."
    ),
    EAN_INVALID: _(
        "The EAN “%(ean)s” of product %(code)s (“%(name)s”) is not a valid EAN/GTIN; "
        "the product was imported without an EAN."
    ),
    EAN_DUPLICATE: _(
        "The EAN %(ean)s of product %(code)s (“%(name)s”) already belongs to product %(other)s; "
        "the product was imported without an EAN."
    ),
    PRICE_MISSING: _("Product %(code)s (“%(name)s”) has no price; it was not imported."),
    PRICE_INVALID: _(
        "The price “%(price)s” of product %(code)s (“%(name)s”) is not an amount like 129.99; it was not imported."
    ),
    PRICE_NEGATIVE: _("The price %(price)s of product %(code)s (“%(name)s”) is negative; it was not imported."),
    STOCK_NEGATIVE: _(
        "The stock %(stock)s of product %(code)s (“%(name)s”) is negative; it was imported with stock 0."
    ),
    STOCK_INVALID: _(
        "The stock “%(stock)s” of product %(code)s (“%(name)s”) is not a number; it was imported with stock 0."
    ),
    CATEGORY_CODE_INVALID: _(
        "Category no. %(position)s (“%(name)s”) has no code or one longer than %(limit)s characters; "
        "it was not imported."
    ),
    CATEGORY_CODE_DUPLICATE: _(
        "Category code %(code)s appears again (“%(name)s”); only its first occurrence was imported."
    ),
    CATEGORY_CODE_INVISIBLE: _(
        "Category code %(code)s (“%(name)s”) contains an invisible or control character (%(character)s); "
        "it was not imported."
    ),
    CATEGORY_CODE_CASE_CLASH: _(
        "Category code %(code)s (“%(name)s”) differs from category code %(other)s, which the %(where)s already "
        "has, only in upper and lower case; codes are compared ignoring case, so it was not imported."
    ),
    CATEGORY_NAME_MISSING: _("Category %(code)s has no name; it was not imported."),
    CATEGORY_NAME_TOO_LONG: _(
        "The name of category %(code)s has %(length)s characters, the limit is %(limit)s; it was not imported."
    ),
    CATEGORY_PARENT_MISSING: _(
        "The parent category %(parent)s of category %(code)s (“%(name)s”) is neither in the package nor in the shop; "
        "it was imported as a top-level category."
    ),
    CATEGORY_CYCLE: _(
        "Category %(code)s (“%(name)s”) is its own ancestor (%(path)s); it was imported as a top-level category."
    ),
    # Counts follow a colon, so one sentence reads right for 1 and for 1,000 in both languages.
    IMPORT_SUMMARY: _(
        "Import from ERP: products: %(products)s (new: %(created)s, changed: %(updated)s, unchanged: "
        "%(unchanged)s, skipped: %(skipped)s), categories: %(categories)s; problems: products: "
        "%(product_problems)s, categories: %(category_problems)s."
    ),
    IMPORT_STOPPED: _("The import stopped on an unexpected error: %(error)s"),
    IMPORT_ABORTED: _("Import from ERP aborted by %(user)s after %(done)s of %(total)s items."),
    EXPORT_SUMMARY: _("Export to ERP: orders: %(orders)s (lines: %(lines)s) in %(file)s."),
    EXPORT_NOTHING: _("Export to ERP: no new orders to send."),
    REASON_DTD: _("a document type declaration (DTD) is not allowed"),
    REASON_ROOT: _("the root element is <%(tag)s>, not <%(root)s>"),
    REASON_HEADER_FIRST: _("the <header> must come before the data"),
    REASON_CATEGORIES_FIRST: _("categories must come before products"),
    # `error` is the XML parser's own description (line and column), as the parser words it.
    REASON_NOT_WELL_FORMED: _("not well-formed XML (%(error)s)"),
    REASON_EMPTY: _("the file is empty"),
    REASON_NO_HEADER: _("the package has no <header>"),
    # `error` is Python's description of the encoding problem.
    REASON_ENCODING: _("its character encoding cannot be read (%(error)s)"),
    REASON_ENTITIES: _("it declares or refers to entities, which are not allowed"),
    REASON_ARCHIVE: _(
        "it is a compressed archive (ZIP, an XLSX workbook, or gzip), not an XML package; unpack it first"
    ),
    REASON_BINARY: _("it is a binary file, not XML text"),
    # `bom` and `declared` are encoding names such as UTF-8 or windows-1250 (XML 1.0, appendix F).
    REASON_BOM_CONFLICT: _("the byte order mark says %(bom)s, the declaration says %(declared)s"),
    REASON_NO_BOM: _("the declaration says %(declared)s, but the file has no byte order mark and is not in it"),
    # `offset` counts bytes from 1.
    REASON_NOT_UTF8: _("the text is not UTF-8 (byte %(offset)s), and the declaration names no other encoding"),
    REASON_LOOKS_UTF8: _("the declaration says %(declared)s, but the text is UTF-8"),
    # Where a clashing code already is.
    WHERE_PACKAGE: _("package"),
    WHERE_SHOP: _("shop"),
    # `error` is the operating system's description of the failure.
    REASON_OS: _("the file cannot be opened (%(error)s)"),
}


def reason(code: str, /, **params: Any) -> dict[str, Any]:
    """A message used as the parameter of another (see `eventlog.messages`)."""
    return messages.Message(code, params).as_param()


def severity(message_code: str) -> str:
    return "error" if message_code in ERRORS else "warning"


def message(message_code: str, /, **params: Any) -> messages.Message:
    """A message of the ERP sync: written with its code and parameters, shown in the reader's language."""
    return messages.Message(message_code, params)


def import_summary(counts: Mapping[str, int]) -> messages.Message:
    """The one line an import leaves in the journal, the run and the command's output."""
    return message(
        IMPORT_SUMMARY,
        products=counts.get("products_received", 0),
        created=counts.get("products_created", 0),
        updated=counts.get("products_updated", 0),
        unchanged=counts.get("products_unchanged", 0),
        skipped=counts.get("products_skipped", 0),
        categories=counts.get("categories_received", 0),
        product_problems=counts.get("products_with_problems", 0),
        category_problems=counts.get("categories_with_problems", 0),
    )


def _entry(code: str, title_en: str, title_pl: str, meaning_en: str, meaning_pl: str, fix_en: str, fix_pl: str):
    return {
        "code": code, "title_en": title_en, "title_pl": title_pl, "meaning_en": meaning_en,
        "meaning_pl": meaning_pl, "fix_en": fix_en, "fix_pl": fix_pl,
    }  # fmt: skip


#: One entry per code for the message-code knowledge base: what it means and how to fix it in the ERP.
DEFAULTS = [
    _entry(
        PACKAGE_UNREADABLE,
        "ERP package cannot be read",
        "Nie można odczytać paczki z ERP",
        "The file is not a well-formed XML data package: it is cut short, is not XML at all, has the wrong root "
        "element, declares a DTD (refused for safety) or lacks the header. The whole sync stopped before changing "
        "anything in the shop.",
        "Plik nie jest poprawną paczką danych XML: jest ucięty, w ogóle nie jest XML-em, ma niewłaściwy element "
        "główny, deklaruje DTD (odrzucane ze względów bezpieczeństwa) albo nie ma nagłówka. Synchronizacja "
        "zatrzymała się, zanim cokolwiek zmieniła w sklepie.",
        "Export the package from the ERP again and check that the transfer finished (compare file sizes). Open "
        "the file in a browser or an XML editor: it shows the line of the error. The exporter in the ERP must "
        "write UTF-8 XML without <!DOCTYPE>.",
        "Wyeksportuj paczkę z ERP ponownie i sprawdź, czy przesyłanie się zakończyło (porównaj rozmiary plików). "
        "Otwórz plik w przeglądarce lub edytorze XML — wskaże wiersz z błędem. Eksport w ERP musi zapisywać XML "
        "w UTF-8 bez <!DOCTYPE>.",
    ),
    _entry(
        PACKAGE_VERSION_UNSUPPORTED,
        "Unsupported package format version",
        "Nieobsługiwana wersja formatu paczki",
        "The package's format-version attribute names a version of the ERP package format this shop does not "
        "read. Nothing was imported, because fields could mean something else in that version.",
        "Atrybut format-version paczki wskazuje wersję formatu, której sklep nie obsługuje. Nic nie zostało "
        "zaimportowane, bo pola mogą w tej wersji znaczyć co innego.",
        "Set the ERP connector to write format version 1.0 (see docs/erp-package.md), or update the shop "
        "before switching the ERP to a newer format.",
        "Ustaw w konektorze ERP zapis formatu w wersji 1.0 (zob. docs/erp-package.md) albo najpierw zaktualizuj "
        "sklep, a dopiero potem przełącz ERP na nowszy format.",
    ),
    _entry(
        PACKAGE_WRONG_TYPE,
        "Package is not a catalogue",
        "Paczka nie jest katalogiem",
        "The import reads catalogue packages (products, categories, prices, stock). This file holds another kind "
        "of data, for example orders the shop sent to the ERP.",
        "Import czyta paczki katalogowe (produkty, kategorie, ceny, stany). Ten plik zawiera inne dane, np. "
        "zamówienia wysłane przez sklep do ERP.",
        'Put only catalogue packages (type="catalogue") into the ERP inbox; orders packages go the other way.',
        'Wrzucaj do skrzynki ERP tylko paczki katalogowe (type="catalogue"); paczki zamówień idą w drugą stronę.',
    ),
    _entry(
        PACKAGE_ENCODING_UNKNOWN,
        "Package in a character encoding the shop cannot read",
        "Paczka w kodowaniu znaków, którego sklep nie odczyta",
        "The package's XML declaration (or its byte order mark) names a character encoding the shop cannot read: "
        "a name Python does not know, a multi-byte encoding other than UTF-8 and UTF-16 (Shift-JIS, UTF-7) or "
        "UTF-32. Nothing was imported, so no text was stored in a guessed encoding.",
        "Deklaracja XML paczki (albo jej znacznik kolejności bajtów) wskazuje kodowanie znaków, którego sklep nie "
        "odczyta: nazwę nieznaną Pythonowi, kodowanie wielobajtowe inne niż UTF-8 i UTF-16 (Shift-JIS, UTF-7) "
        "albo UTF-32. Nic nie zaimportowano, więc żaden tekst nie został zapisany w zgadniętym kodowaniu.",
        'Set the ERP connector to write UTF-8 (<?xml version="1.0" encoding="UTF-8"?>, no byte order mark '
        "needed) and export the package again.",
        'Ustaw w konektorze ERP zapis w UTF-8 (<?xml version="1.0" encoding="UTF-8"?>, znacznik kolejności '
        "bajtów niepotrzebny) i wyeksportuj paczkę ponownie.",
    ),
    _entry(
        EXPORT_FAILED,
        "Orders package could not be written",
        "Nie udało się zapisać paczki zamówień",
        "The export could not write the orders package into the outbox folder (no space, no permission, or the "
        "folder is missing). No order was marked as sent.",
        "Eksport nie mógł zapisać paczki zamówień w folderze wyjściowym (brak miejsca, uprawnień albo folderu). "
        "Żadne zamówienie nie zostało oznaczone jako wysłane.",
        "Check the ERP_OUTBOX_DIR folder: it must exist on a disk with free space and be writable by the worker. "
        "The next export sends the waiting orders.",
        "Sprawdź folder ERP_OUTBOX_DIR: musi istnieć, mieć wolne miejsce i prawo zapisu dla workera. Następny "
        "eksport wyśle oczekujące zamówienia.",
    ),
    _entry(
        IMPORT_SUMMARY,
        "Summary of an ERP import",
        "Podsumowanie importu z ERP",
        "One import from the ERP finished: how many products and categories arrived, what changed and how many "
        "have problems. It is a warning when some items were imported without a faulty field, an error when some "
        "were skipped.",
        "Zakończył się jeden import z ERP: ile produktów i kategorii przyszło, co się zmieniło i ile ma problemy. "
        "Ostrzeżenie oznacza, że część pozycji zaimportowano bez błędnego pola, błąd — że część pominięto.",
        "Open the run's Details: it lists every product and category to fix, new or still failing, and downloads "
        "them as XLSX for the ERP team.",
        "Otwórz Szczegóły przebiegu: są tam wszystkie produkty i kategorie do poprawy, nowe lub wciąż błędne, do "
        "pobrania jako XLSX dla zespołu ERP.",
    ),
    _entry(
        IMPORT_STOPPED,
        "ERP import stopped on an unexpected error",
        "Import z ERP przerwany nieoczekiwanym błędem",
        "The import stopped on an error that is not a problem of the package: the database or the disk refused, "
        "or a program error. Whole batches of 5,000 products were imported; the rest was not.",
        "Import zatrzymał się na błędzie, który nie jest problemem paczki: odmówiła baza danych lub dysk albo "
        "wystąpił błąd programu. Zaimportowano całe partie po 5000 produktów, resztę nie.",
        "Send the same package again (a re-import changes nothing that is already right). If it stops again, give "
        "the administrator the run's number and the error on its page.",
        "Wyślij tę samą paczkę ponownie (ponowny import nie zmienia tego, co już jest dobrze). Jeśli znów się "
        "zatrzyma, przekaż administratorowi numer przebiegu i błąd z jego strony.",
    ),
    _entry(
        IMPORT_ABORTED,
        "ERP import aborted by a shop admin",
        "Import z ERP przerwany przez administratora sklepu",
        "A shop admin pressed Abort on the run's page. The batches before the abort were imported; the package "
        "was moved to the failed/ folder.",
        "Administrator sklepu nacisnął Przerwij na stronie przebiegu. Partie sprzed przerwania zostały "
        "zaimportowane; paczka trafiła do folderu failed/.",
        "Send the package again when it should be imported; the import continues where the catalogue stands.",
        "Wyślij paczkę ponownie, gdy ma zostać zaimportowana; import zacznie od obecnego stanu katalogu.",
    ),
    _entry(
        PRODUCT_CODE_INVALID,
        "Product without a valid code",
        "Produkt bez poprawnego kodu",
        "The product has no code (symbol) or its code is longer than 64 characters. The code is how the shop "
        "recognises a product between syncs, so the product was skipped.",
        "Produkt nie ma kodu (symbolu) albo kod jest dłuższy niż 64 znaki. Po kodzie sklep rozpoznaje produkt "
        "między synchronizacjami, więc produkt został pominięty.",
        "In the ERP, give the product a unique symbol of at most 64 characters and send it again.",
        "W ERP nadaj produktowi unikalny symbol o długości do 64 znaków i wyślij go ponownie.",
    ),
    _entry(
        PRODUCT_CODE_DUPLICATE,
        "Duplicate product code",
        "Zdublowany kod produktu",
        "Two products in one package have the same code. The first one was imported; the others were skipped, "
        "because the shop cannot tell which one is right.",
        "Dwa produkty w jednej paczce mają ten sam kod. Zaimportowano pierwszy, pozostałe pominięto, bo sklep "
        "nie wie, który jest właściwy.",
        "Find the products with this symbol in the ERP, give each its own symbol (or merge the cards) and sync again.",
        "Znajdź w ERP produkty z tym symbolem, nadaj każdemu własny symbol (albo scal kartoteki) i zsynchronizuj "
        "ponownie.",
    ),
    _entry(
        PRODUCT_CODE_INVISIBLE,
        "Invisible character in a product code",
        "Niewidoczny znak w kodzie produktu",
        "The product's code contains a character one cannot see or type: a zero-width space or joiner, a "
        "soft hyphen, a direction mark, a non-breaking or other special space, or a control character. Two codes "
        "that look the same would be different products, so it was skipped.",
        "Kod produktu zawiera znak, którego nie widać ani nie da się wpisać: spację lub łącznik zerowej "
        "szerokości, miękki dywiz, znak kierunku tekstu, spację niełamiącą lub inną specjalną albo znak sterujący. "
        "Dwa kody wyglądające tak samo byłyby różnymi pozycjami, więc ją pominięto.",
        "Retype the code in the ERP (the message names the character, e.g. U+200B) and sync again.",
        "Wpisz kod w ERP od nowa (komunikat podaje znak, np. U+200B) i zsynchronizuj ponownie.",
    ),
    _entry(
        PRODUCT_CODE_CASE_CLASH,
        "Product codes differing only in case",
        "Kody produktu różniące się tylko wielkością liter",
        "The shop compares product codes ignoring upper and lower case (as ERP systems and marketplaces do): "
        "ABC-1 and abc-1 are one code. Another product with the same code in another case is already in the "
        "package or in the shop, so this one was skipped.",
        "Sklep porównuje kody produktu bez względu na wielkość liter (jak systemy ERP i marketplace'y): "
        "ABC-1 i abc-1 to jeden kod. Inny produkt o tym samym kodzie zapisanym inną wielkością liter jest już w "
        "paczce albo w sklepie, więc tę pominięto.",
        "Use one spelling of the code in the ERP — the one the shop already has (the message names it) — "
        "and sync again.",
        "Używaj w ERP jednej pisowni kodu — tej, którą sklep już ma (podaje ją komunikat) — i zsynchronizuj ponownie.",
    ),
    _entry(
        PRODUCT_NAME_MISSING,
        "Product without a name",
        "Produkt bez nazwy",
        "The product has an empty name. The shop cannot show a product without a name, so it was skipped.",
        "Produkt ma pustą nazwę. Sklep nie pokaże produktu bez nazwy, więc został pominięty.",
        "Fill in the product's name (the name used for the web shop, if your ERP keeps a separate one) and sync again.",
        "Uzupełnij nazwę produktu (nazwę do sklepu internetowego, jeśli ERP ma osobne pole) i zsynchronizuj ponownie.",
    ),
    _entry(
        PRODUCT_NAME_TOO_LONG,
        "Product name too long",
        "Za długa nazwa produktu",
        "The product's name is longer than the 255 characters the shop stores. Cutting it could change its "
        "meaning, so the product was skipped.",
        "Nazwa produktu jest dłuższa niż 255 znaków, które przechowuje sklep. Ucięcie mogłoby zmienić jej sens, "
        "więc produkt został pominięty.",
        "Shorten the name in the ERP (move details to the description) and sync again.",
        "Skróć nazwę w ERP (szczegóły przenieś do opisu) i zsynchronizuj ponownie.",
    ),
    _entry(
        PRODUCT_NO_CATEGORY,
        "Product without a category",
        "Produkt bez kategorii",
        "The product has no category. It was imported, but customers browsing categories will not find it.",
        "Produkt nie ma kategorii. Został zaimportowany, ale klienci przeglądający kategorie go nie znajdą.",
        "Assign the product to a category (product group) in the ERP and sync again.",
        "Przypisz produkt do kategorii (grupy towarowej) w ERP i zsynchronizuj ponownie.",
    ),
    _entry(
        PRODUCT_CATEGORY_UNKNOWN,
        "Unknown category",
        "Nieznana kategoria",
        "The product names a category code that is neither in the package nor in the shop. It was imported "
        "without a category.",
        "Produkt wskazuje kod kategorii, którego nie ma ani w paczce, ani w sklepie. Został zaimportowany bez "
        "kategorii.",
        "Send the category in the package (check that the ERP exports all product groups, not only changed "
        "ones), or correct the product's category in the ERP.",
        "Wyślij kategorię w paczce (sprawdź, czy ERP eksportuje wszystkie grupy towarowe, a nie tylko zmienione) "
        "albo popraw kategorię produktu w ERP.",
    ),
    _entry(
        EAN_INVALID,
        "Malformed EAN",
        "Nieprawidłowy kod EAN",
        "The EAN is not 8, 12, 13 or 14 digits with a correct check digit. Marketplaces and price comparison "
        "sites reject such codes, so the product was imported without an EAN.",
        "EAN nie ma 8, 12, 13 lub 14 cyfr z poprawną cyfrą kontrolną. Marketplace'y i porównywarki cen "
        "odrzucają takie kody, więc produkt zaimportowano bez EAN.",
        "Copy the EAN from the product's packaging or the supplier's price list into the ERP (digits only, no "
        "spaces) and sync again.",
        "Przepisz EAN z opakowania lub cennika dostawcy do ERP (same cyfry, bez spacji) i zsynchronizuj ponownie.",
    ),
    _entry(
        EAN_DUPLICATE,
        "Duplicate EAN",
        "Zdublowany kod EAN",
        "Another product (in the package or already in the shop) has the same EAN. An EAN identifies one "
        "product, so this one was imported without it.",
        "Inny produkt (w paczce albo już w sklepie) ma ten sam EAN. EAN oznacza jeden produkt, więc ten "
        "zaimportowano bez niego.",
        "Decide which product the EAN belongs to and remove or correct it on the other one in the ERP. When an "
        "EAN moves between products, send the product that gives it up first.",
        "Ustal, do którego produktu należy EAN, i usuń lub popraw go w drugim w ERP. Gdy EAN przechodzi na inny "
        "produkt, najpierw wyślij produkt, który go oddaje.",
    ),
    _entry(
        PRICE_MISSING,
        "Missing price",
        "Brak ceny",
        "The product has no price. The shop cannot sell it, so it was skipped (an existing product keeps its "
        "previous data).",
        "Produkt nie ma ceny. Sklep nie może go sprzedać, więc został pominięty (istniejący produkt zachowuje "
        "poprzednie dane).",
        "Set the price in the price list the ERP exports to the web shop and sync again.",
        "Ustaw cenę w cenniku, który ERP eksportuje do sklepu internetowego, i zsynchronizuj ponownie.",
    ),
    _entry(
        PRICE_INVALID,
        "Malformed price",
        "Nieprawidłowa cena",
        "The price is not an amount with a dot and at most two decimals (for example 129.99). A comma, a "
        "currency sign or text is not read as a price, so the product was skipped.",
        "Cena nie jest kwotą z kropką i najwyżej dwoma miejscami po przecinku (np. 129.99). Przecinek, znak "
        "waluty ani tekst nie są czytane jako cena, więc produkt został pominięty.",
        "Check the price format in the ERP connector's settings (decimal separator: dot) and sync again.",
        "Sprawdź format ceny w ustawieniach konektora ERP (separator dziesiętny: kropka) i zsynchronizuj ponownie.",
    ),
    _entry(
        PRICE_NEGATIVE,
        "Negative price",
        "Ujemna cena",
        "The price is below zero, which is almost always a typing error or a discount entered as a price. The "
        "product was skipped.",
        "Cena jest mniejsza od zera — to prawie zawsze pomyłka albo rabat wpisany jako cena. Produkt został pominięty.",
        "Correct the price in the ERP and sync again.",
        "Popraw cenę w ERP i zsynchronizuj ponownie.",
    ),
    _entry(
        STOCK_NEGATIVE,
        "Negative stock",
        "Ujemny stan magazynowy",
        "The ERP reports fewer than zero units, usually after selling goods not yet received. The product was "
        "imported with stock 0, so it cannot be ordered.",
        "ERP podaje stan poniżej zera, zwykle po sprzedaży towaru jeszcze nieprzyjętego. Produkt zaimportowano "
        "ze stanem 0, więc nie można go zamówić.",
        "Post the missing goods receipt (PZ) or correct the stock in the ERP; the next sync updates the shop.",
        "Wprowadź brakujące przyjęcie (PZ) lub skoryguj stan w ERP; następna synchronizacja zaktualizuje sklep.",
    ),
    _entry(
        STOCK_INVALID,
        "Malformed stock",
        "Nieprawidłowy stan magazynowy",
        "The stock is not a number (for example it has a unit or a comma). The product was imported with stock 0.",
        "Stan nie jest liczbą (np. zawiera jednostkę lub przecinek). Produkt zaimportowano ze stanem 0.",
        "Check the stock format in the ERP connector's settings (a number with a dot) and sync again.",
        "Sprawdź format stanu w ustawieniach konektora ERP (liczba z kropką) i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_CODE_INVALID,
        "Category without a valid code",
        "Kategoria bez poprawnego kodu",
        "The category has no code or its code is longer than 64 characters, so it was skipped; products in it "
        "will report an unknown category.",
        "Kategoria nie ma kodu albo kod jest dłuższy niż 64 znaki, więc została pominięta; produkty z niej "
        "zgłoszą nieznaną kategorię.",
        "Give the category (product group) a unique code of at most 64 characters in the ERP and sync again.",
        "Nadaj kategorii (grupie towarowej) w ERP unikalny kod do 64 znaków i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_CODE_DUPLICATE,
        "Duplicate category code",
        "Zdublowany kod kategorii",
        "Two categories in one package have the same code. The first one was imported, the others skipped.",
        "Dwie kategorie w jednej paczce mają ten sam kod. Zaimportowano pierwszą, pozostałe pominięto.",
        "Give each category its own code in the ERP (or merge them) and sync again.",
        "Nadaj każdej kategorii w ERP własny kod (albo je scal) i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_CODE_INVISIBLE,
        "Invisible character in a category code",
        "Niewidoczny znak w kodzie kategorii",
        "The category's code contains a character one cannot see or type: a zero-width space or joiner, a "
        "soft hyphen, a direction mark, a non-breaking or other special space, or a control character. Two codes "
        "that look the same would be different categorys, so it was skipped.",
        "Kod kategorii zawiera znak, którego nie widać ani nie da się wpisać: spację lub łącznik zerowej "
        "szerokości, miękki dywiz, znak kierunku tekstu, spację niełamiącą lub inną specjalną albo znak sterujący. "
        "Dwa kody wyglądające tak samo byłyby różnymi pozycjami, więc ją pominięto.",
        "Retype the code in the ERP (the message names the character, e.g. U+200B) and sync again.",
        "Wpisz kod w ERP od nowa (komunikat podaje znak, np. U+200B) i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_CODE_CASE_CLASH,
        "Category codes differing only in case",
        "Kody kategorii różniące się tylko wielkością liter",
        "The shop compares category codes ignoring upper and lower case (as ERP systems and marketplaces do): "
        "ABC-1 and abc-1 are one code. Another category with the same code in another case is already in the "
        "package or in the shop, so this one was skipped.",
        "Sklep porównuje kody kategorii bez względu na wielkość liter (jak systemy ERP i marketplace'y): "
        "ABC-1 i abc-1 to jeden kod. Inna kategoria o tym samym kodzie zapisanym inną wielkością liter jest już w "
        "paczce albo w sklepie, więc tę pominięto.",
        "Use one spelling of the code in the ERP — the one the shop already has (the message names it) — "
        "and sync again.",
        "Używaj w ERP jednej pisowni kodu — tej, którą sklep już ma (podaje ją komunikat) — i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_NAME_MISSING,
        "Category without a name",
        "Kategoria bez nazwy",
        "The category has an empty name and was skipped; products in it will report an unknown category.",
        "Kategoria ma pustą nazwę i została pominięta; produkty z niej zgłoszą nieznaną kategorię.",
        "Fill in the category's name in the ERP and sync again.",
        "Uzupełnij nazwę kategorii w ERP i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_NAME_TOO_LONG,
        "Category name too long",
        "Za długa nazwa kategorii",
        "The category's name is longer than 255 characters and was skipped.",
        "Nazwa kategorii jest dłuższa niż 255 znaków; kategoria została pominięta.",
        "Shorten the category's name in the ERP and sync again.",
        "Skróć nazwę kategorii w ERP i zsynchronizuj ponownie.",
    ),
    _entry(
        CATEGORY_PARENT_MISSING,
        "Missing parent category",
        "Brak kategorii nadrzędnej",
        "The category's parent is neither in the package nor in the shop. It was imported as a top-level "
        "category, so it shows in the wrong place of the category tree.",
        "Kategorii nadrzędnej nie ma ani w paczce, ani w sklepie. Kategorię zaimportowano jako główną, więc "
        "jest w złym miejscu drzewa kategorii.",
        "Send the parent category in the package, or correct the parent in the ERP.",
        "Wyślij kategorię nadrzędną w paczce albo popraw kategorię nadrzędną w ERP.",
    ),
    _entry(
        CATEGORY_CYCLE,
        "Category cycle",
        "Zapętlone kategorie",
        "Following the parents of this category leads back to itself (A is in B, B is in A). Such a tree cannot "
        "be shown, so the category was imported as a top-level category.",
        "Idąc po kategoriach nadrzędnych wraca się do tej samej kategorii (A jest w B, B jest w A). Takiego "
        "drzewa nie da się pokazać, więc kategorię zaimportowano jako główną.",
        "In the ERP, set the parent of one of the categories in the loop to the right place (or to none) and "
        "sync again.",
        "W ERP ustaw kategorię nadrzędną jednej z kategorii w pętli na właściwą (lub żadną) i zsynchronizuj ponownie.",
    ),
]
