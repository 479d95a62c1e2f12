"""Message codes of the PrestaShop connector.

Default texts of the knowledge base; `explanations` seeds them after `migrate`
and never overwrites a text a shop admin has edited in the panel.
"""

from django.utils.translation import gettext_lazy as _

DEFAULTS = [
    {
        "code": "PS_AUTH_FAILED",
        "title_en": "PrestaShop refused the API key (401 Unauthorized)",
        "title_pl": "PrestaShop odrzucił klucz API (401 Unauthorized)",
        "meaning_en": (
            "The PrestaShop webservice did not accept the API key saved in the connection settings. "
            "Until it does, nothing is exchanged with that PrestaShop store: no imports, no stock or price "
            "synchronisation, no orders."
        ),
        "meaning_pl": (
            "Webservice PrestaShop nie przyjął klucza API zapisanego w ustawieniach połączenia. Dopóki "
            "tego nie zrobi, ze sklepem PrestaShop nic nie jest wymieniane: żadnych importów, synchronizacji "
            "stanów i cen ani zamówień."
        ),
        "fix_en": (
            "1. In the PrestaShop back office open Advanced Parameters → Webservice and check that the "
            "webservice is enabled.\n"
            "2. Check that the key exists, is active, and has the permissions the connector needs (products, "
            "categories, stock, orders).\n"
            "3. Copy the key again into the connection settings here (no spaces at the ends) and save.\n"
            "4. If the store is behind HTTP authentication or a firewall, allow the connector's requests.\n"
            "5. Check the connection: the next entry in the “connection” section should be a success."
        ),
        "fix_pl": (
            "1. W panelu PrestaShop otwórz Zaawansowane → Webservice i sprawdź, czy webservice jest włączony.\n"
            "2. Sprawdź, czy klucz istnieje, jest aktywny i ma uprawnienia potrzebne integracji (produkty, "
            "kategorie, stany, zamówienia).\n"
            "3. Skopiuj klucz ponownie do ustawień połączenia tutaj (bez spacji na końcach) i zapisz.\n"
            "4. Jeśli sklep jest za uwierzytelnianiem HTTP lub zaporą, dopuść zapytania integracji.\n"
            "5. Sprawdź połączenie: następny wpis w sekcji „połączenie” powinien być sukcesem."
        ),
    },
    {
        "code": "PS_UNMAPPED_CATEGORY",
        "title_en": "PrestaShop categories not mapped",
        "title_pl": "Niezmapowane kategorie PrestaShop",
        "meaning_en": (
            "Some categories have no counterpart in the category mapping between the shop and PrestaShop. "
            "Products from those categories are still imported, but land in the default category, where "
            "customers will not find them by browsing."
        ),
        "meaning_pl": (
            "Część kategorii nie ma odpowiednika w mapowaniu kategorii między sklepem a PrestaShop. Produkty "
            "z tych kategorii są importowane, ale trafiają do kategorii domyślnej, gdzie klienci nie znajdą ich, "
            "przeglądając kategorie."
        ),
        "fix_en": (
            "1. Open the PrestaShop connection's “mapping” section.\n"
            "2. Map every category marked as unmapped to a category of the shop (create it first if needed).\n"
            "3. Save the mapping and run the import again, or move the products already imported out of the "
            "default category."
        ),
        "fix_pl": (
            "1. Otwórz sekcję „mapowanie” połączenia z PrestaShop.\n"
            "2. Przypisz każdą kategorię oznaczoną jako niezmapowana do kategorii sklepu (w razie potrzeby "
            "najpierw ją utwórz).\n"
            "3. Zapisz mapowanie i uruchom import ponownie albo przenieś już zaimportowane produkty "
            "z kategorii domyślnej."
        ),
    },
]

# Texts the module writes itself (shown in the reader's language), by part of the module.
MESSAGES: dict[str, object] = {}

# The protocol: client.py, analysis.py, orders.py.
# Why a request to the webservice failed: `PrestaShopError.reason` (client.py), a clause that
# reads after "API error: ". PrestaShop's own error text is quoted as written (`error`).
REASON_NOT_HTTPS = "PS_REASON_NOT_HTTPS"
REASON_UNREACHABLE = "PS_REASON_UNREACHABLE"
REASON_TLS = "PS_REASON_TLS"
REASON_TIMED_OUT = "PS_REASON_TIMED_OUT"
REASON_SERVER_ERROR = "PS_REASON_SERVER_ERROR"
REASON_KEY_EMPTY = "PS_REASON_KEY_EMPTY"
REASON_KEY_LENGTH = "PS_REASON_KEY_LENGTH"
REASON_KEY_INACTIVE = "PS_REASON_KEY_INACTIVE"
REASON_KEY_REFUSED = "PS_REASON_KEY_REFUSED"
REASON_NOT_PRESTASHOP = "PS_REASON_NOT_PRESTASHOP"
REASON_WEBSERVICE_OFF = "PS_REASON_WEBSERVICE_OFF"
REASON_TOO_OLD = "PS_REASON_TOO_OLD"
REASON_API_ERROR = "PS_REASON_API_ERROR"
# The analysis and the order download (analysis.py, orders.py).
ANALYSIS_DONE = "PS_ANALYSIS_DONE"
ANALYSIS_FAILED = "PS_ANALYSIS_FAILED"
ORDERS_DONE = "PS_ORDERS_DONE"
ORDERS_FAILED = "PS_ORDERS_FAILED"
ORDER_UNMAPPED = "PS_ORDER_UNMAPPED"
MESSAGES |= {
    REASON_NOT_HTTPS: _("the shop's address must start with https:// (it is %(url)s)"),
    REASON_UNREACHABLE: _("no connection to %(host)s (the server does not answer or its name is unknown)"),
    REASON_TLS: _(
        "the secure connection (TLS) to %(host)s failed: the address does not serve HTTPS, or its certificate "
        "is not valid"
    ),
    REASON_TIMED_OUT: _("%(host)s did not answer within %(seconds)s s"),
    REASON_SERVER_ERROR: _("the shop answered HTTP %(status)s (a server error), also when asked again"),
    REASON_KEY_EMPTY: _("401 Unauthorized: the webservice key is empty (PrestaShop error 17)"),
    REASON_KEY_LENGTH: _(
        "401 Unauthorized: a webservice key has 32 characters, this one has %(length)s (PrestaShop error 18)"
    ),
    REASON_KEY_INACTIVE: _(
        "401 Unauthorized: the shop does not know this webservice key, or it is not active or has no "
        "permissions (PrestaShop error %(code)s: %(error)s)"
    ),
    REASON_KEY_REFUSED: _("401 Unauthorized: the shop refused the webservice key"),
    REASON_NOT_PRESTASHOP: _(
        "%(url)s is not a PrestaShop webservice (HTTP %(status)s without PrestaShop's answer); check the address"
    ),
    REASON_WEBSERVICE_OFF: _(
        "the shop's webservice is switched off (503, PrestaShop error 22); enable it in Advanced Parameters → "
        "Webservice"
    ),
    REASON_TOO_OLD: _(
        "the shop runs PrestaShop %(version)s; the module needs PrestaShop 8.0 or newer, so the shop must be updated"
    ),
    REASON_API_ERROR: _("HTTP %(status)s: %(error)s"),
    ANALYSIS_DONE: _(
        "Analysis of %(orders)s orders: %(payments)s payment methods, %(carriers)s carriers and %(states)s order "
        "states found; %(new)s new, %(unmapped)s to map."
    ),
    ANALYSIS_FAILED: _("The analysis of orders stopped: %(reason)s"),
    ORDERS_DONE: _(
        "Orders downloaded: %(created)s created, %(updated)s updated, %(skipped)s skipped (changed since %(since)s)."
    ),
    ORDERS_FAILED: _("Order download stopped after %(created)s created and %(updated)s updated: %(reason)s"),
    ORDER_UNMAPPED: _("Order %(reference)s (#%(id)s) uses an unmapped %(kind)s “%(name)s”: downloaded without it."),
}

# The configuration sections: the connection test, mappings, order settings, product fields, templates.
# Why a connection test failed: the code of its error entry (explained in the knowledge base).
# Every one reads "The integration data is incorrect. API error: <cause>", the cause being
# the client's `PrestaShopError.reason` (a message of the protocol block) given as `reason`.
CONNECTION_FAILED = "PS_API_ERROR"
CONNECTION_BAD_KEY = "PS_AUTH_FAILED"
CONNECTION_NOT_HTTPS = "PS_NOT_HTTPS"
CONNECTION_UNREACHABLE = "PS_UNREACHABLE"
CONNECTION_TIMED_OUT = "PS_TIMED_OUT"
CONNECTION_NOT_PRESTASHOP = "PS_NOT_PRESTASHOP"
CONNECTION_WEBSERVICE_OFF = "PS_WEBSERVICE_OFF"
CONNECTION_TOO_OLD = "PS_TOO_OLD"
_INCORRECT = _("The integration data is incorrect. API error: %(reason)s")
MESSAGES |= {
    code: _INCORRECT
    for code in (
        CONNECTION_FAILED,
        CONNECTION_BAD_KEY,
        CONNECTION_NOT_HTTPS,
        CONNECTION_UNREACHABLE,
        CONNECTION_TIMED_OUT,
        CONNECTION_NOT_PRESTASHOP,
        CONNECTION_WEBSERVICE_OFF,
        CONNECTION_TOO_OLD,
    )
}
ACCOUNT_ADDED = "PS_ACCOUNT_ADDED"
ACCOUNT_DELETED = "PS_ACCOUNT_DELETED"
CONNECTION_SAVED = "PS_CONNECTION_SAVED"
CONNECTION_SAVED_KEY = "PS_CONNECTION_SAVED_KEY"
CONNECTION_OK = "PS_CONNECTION_OK"
CONNECTION_OK_FIRST = "PS_CONNECTION_OK_FIRST"
MAPPING_SAVED = "PS_MAPPING_SAVED"
ANALYSIS_REQUESTED = "PS_ANALYSIS_REQUESTED"
ORDER_SETTINGS_ON = "PS_ORDER_SETTINGS_ON"
ORDER_SETTINGS_OFF = "PS_ORDER_SETTINGS_OFF"
PRODUCT_FIELDS_SAVED = "PS_PRODUCT_FIELDS_SAVED"
TEMPLATE_CREATED = "PS_TEMPLATE_CREATED"
TEMPLATE_CREATED_DEFAULT = "PS_TEMPLATE_CREATED_DEFAULT"
TEMPLATE_UPDATED = "PS_TEMPLATE_UPDATED"
TEMPLATE_DELETED = "PS_TEMPLATE_DELETED"
TEMPLATE_DEFAULT = "PS_TEMPLATE_DEFAULT"
MESSAGES |= {
    ACCOUNT_ADDED: _("Account %(url)s added."),
    ACCOUNT_DELETED: _(
        "Account %(url)s deleted by %(user)s, with its settings, links to products (%(offers)s), imports "
        "(%(imports)s) and downloaded orders (%(orders)s); the local products stay."
    ),
    CONNECTION_SAVED: _("Connection settings saved: address %(url)s, the webservice key unchanged."),
    CONNECTION_SAVED_KEY: _("Connection settings saved: address %(url)s, a new webservice key ending in %(hint)s."),
    CONNECTION_OK: _("The connection is correct (PrestaShop %(version)s)."),
    CONNECTION_OK_FIRST: _(
        "The connection is correct (PrestaShop %(version)s). First login: run #%(run)s analyses the orders and "
        "products to collect the payment methods, carriers and order states for the mappings."
    ),
    MAPPING_SAVED: _("Mappings saved: %(changed)s changed, %(unmapped)s still unmapped."),
    ANALYSIS_REQUESTED: _("Collecting the payment methods, carriers and order states again (run #%(run)s)."),
    ORDER_SETTINGS_ON: _(
        "Order settings saved: order download is on, for orders changed since %(since)s, into status “%(status)s”."
    ),
    ORDER_SETTINGS_OFF: _("Order settings saved: order download is off."),
    PRODUCT_FIELDS_SAVED: _(
        "Product field mapping saved: EAN %(ean)s, symbol %(symbol)s, catalogue number %(catalogue)s; "
        "combinations: EAN %(combination_ean)s, symbol %(combination_symbol)s, "
        "catalogue number %(combination_catalogue)s."
    ),
    TEMPLATE_CREATED: _("Settings template “%(name)s” created."),
    TEMPLATE_CREATED_DEFAULT: _("Settings template “%(name)s” created; as the account's first, it is the default."),
    TEMPLATE_UPDATED: _("Settings template “%(name)s” changed."),
    TEMPLATE_DELETED: _("Settings template “%(name)s” deleted."),
    TEMPLATE_DEFAULT: _("“%(name)s” is now the default settings template (instead of “%(previous)s”)."),
}

# Knowledge-base texts of the connection test's other causes (PS_AUTH_FAILED is above).
_CHECK_AGAIN_EN = "Then open the account's Connection section and press “Test connection”."
_CHECK_AGAIN_PL = "Potem otwórz sekcję Połączenie konta i naciśnij „Testuj połączenie”."
DEFAULTS += [
    {
        "code": CONNECTION_NOT_HTTPS,
        "title_en": "The PrestaShop address does not start with https://",
        "title_pl": "Adres PrestaShop nie zaczyna się od https://",
        "meaning_en": (
            "The module sends the webservice key with every request, so it talks to a shop only over HTTPS. "
            "The address saved in the connection settings starts with http:// (or another scheme), so no "
            "request was sent."
        ),
        "meaning_pl": (
            "Moduł wysyła klucz webservice w każdym zapytaniu, więc rozmawia ze sklepem tylko przez HTTPS. "
            "Adres zapisany w ustawieniach połączenia zaczyna się od http:// (lub innego schematu), więc "
            "nie wysłano żadnego zapytania."
        ),
        "fix_en": (
            "1. Check that the shop opens at https:// in a browser (it needs an SSL certificate).\n"
            "2. Enter the address starting with https:// in the connection settings and save. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Sprawdź, czy sklep otwiera się w przeglądarce pod adresem https:// (potrzebny jest certyfikat SSL).\n"
            "2. Wpisz adres zaczynający się od https:// w ustawieniach połączenia i zapisz. " + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_UNREACHABLE,
        "title_en": "No connection to the PrestaShop shop",
        "title_pl": "Brak połączenia ze sklepem PrestaShop",
        "meaning_en": (
            "The server could not connect to the shop's address: the name does not resolve, the server refuses "
            "the connection, or the certificate is not valid."
        ),
        "meaning_pl": (
            "Serwer nie mógł połączyć się z adresem sklepu: nazwa się nie rozwiązuje, serwer odrzuca połączenie "
            "albo certyfikat jest nieważny."
        ),
        "fix_en": (
            "1. Open the address in a browser and check for typos.\n"
            "2. Check that the shop is up and its SSL certificate is valid.\n"
            "3. If a firewall protects the shop, allow this server's requests. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Otwórz adres w przeglądarce i sprawdź, czy nie ma literówki.\n"
            "2. Sprawdź, czy sklep działa i ma ważny certyfikat SSL.\n"
            "3. Jeśli sklep chroni zapora, dopuść zapytania tego serwera. " + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_TIMED_OUT,
        "title_en": "The PrestaShop shop did not answer in time",
        "title_pl": "Sklep PrestaShop nie odpowiedział na czas",
        "meaning_en": (
            "The shop accepted the connection but gave no answer within PRESTASHOP_TIMEOUT_SECONDS, even after "
            "the retries. The shop is overloaded or a module slows its webservice down."
        ),
        "meaning_pl": (
            "Sklep przyjął połączenie, ale nie odpowiedział w czasie PRESTASHOP_TIMEOUT_SECONDS, także po "
            "ponownych próbach. Sklep jest przeciążony albo jakiś moduł spowalnia jego webservice."
        ),
        "fix_en": (
            "1. Check that the shop's pages load quickly.\n"
            "2. Ask the shop's host about the server's load; disable modules that slow the webservice.\n"
            "3. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Sprawdź, czy strony sklepu ładują się szybko.\n"
            "2. Zapytaj hosting sklepu o obciążenie serwera; wyłącz moduły spowalniające webservice.\n"
            "3. " + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_NOT_PRESTASHOP,
        "title_en": "The address is not a PrestaShop webservice",
        "title_pl": "Pod adresem nie ma webservice PrestaShop",
        "meaning_en": (
            "The address answered, but not as the PrestaShop webservice does (no XML of the webservice under "
            "/api/, e.g. an HTML page). The address may point at another site, or a redirect or a maintenance "
            "page stands in the way."
        ),
        "meaning_pl": (
            "Adres odpowiedział, ale nie tak jak webservice PrestaShop (brak XML webservice pod /api/, np. "
            "strona HTML). Adres może wskazywać inną stronę albo na drodze stoi przekierowanie lub strona "
            "przerwy technicznej."
        ),
        "fix_en": (
            "1. Enter the shop's main address (the one of its front office), without /api/ or a page path.\n"
            "2. Check that the shop is not in maintenance mode and that /api/ is not redirected. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Wpisz główny adres sklepu (adres jego strony), bez /api/ i ścieżki podstrony.\n"
            "2. Sprawdź, czy sklep nie jest w trybie przerwy technicznej i czy /api/ nie jest przekierowane. "
            + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_WEBSERVICE_OFF,
        "title_en": "The PrestaShop webservice is disabled",
        "title_pl": "Webservice PrestaShop jest wyłączony",
        "meaning_en": "The shop answered 503 with error 22: its webservice is switched off.",
        "meaning_pl": "Sklep odpowiedział 503 z błędem 22: jego webservice jest wyłączony.",
        "fix_en": (
            "1. In the PrestaShop back office open Advanced Parameters → Webservice.\n"
            "2. Set “Enable PrestaShop's webservice” to Yes and save. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. W panelu PrestaShop otwórz Zaawansowane → Webservice.\n"
            "2. Ustaw „Włącz webservice PrestaShop” na Tak i zapisz. " + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_TOO_OLD,
        "title_en": "The PrestaShop shop is older than 8.0",
        "title_pl": "Sklep PrestaShop jest starszy niż 8.0",
        "meaning_en": (
            "The webservice's PSWS-Version header names a version below 8.0. The module needs PrestaShop 8.0 or "
            "newer (its webservice's fields and behaviour), so it does not work with this shop."
        ),
        "meaning_pl": (
            "Nagłówek PSWS-Version webservice podaje wersję niższą niż 8.0. Moduł wymaga PrestaShop 8.0 lub "
            "nowszego (pól i zachowania jego webservice), więc z tym sklepem nie działa."
        ),
        "fix_en": (
            "1. Update the shop to PrestaShop 8.0 or newer (back up first; the 1-Click Upgrade module does it).\n"
            "2. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Zaktualizuj sklep do PrestaShop 8.0 lub nowszego (najpierw kopia zapasowa; robi to moduł "
            "1-Click Upgrade).\n"
            "2. " + _CHECK_AGAIN_PL
        ),
    },
    {
        "code": CONNECTION_FAILED,
        "title_en": "The PrestaShop webservice answered with an error",
        "title_pl": "Webservice PrestaShop odpowiedział błędem",
        "meaning_en": (
            "The connection test reached the webservice, which answered with an error of its own (quoted in the "
            "entry, as PrestaShop wrote it)."
        ),
        "meaning_pl": (
            "Test połączenia dotarł do webservice, który odpowiedział własnym błędem (przytoczonym we wpisie tak, "
            "jak napisał go PrestaShop)."
        ),
        "fix_en": (
            "1. Read the error in the entry; PrestaShop's error codes are listed in its webservice documentation.\n"
            "2. Check the key's permissions in Advanced Parameters → Webservice. " + _CHECK_AGAIN_EN
        ),
        "fix_pl": (
            "1. Przeczytaj błąd we wpisie; kody błędów PrestaShop opisuje dokumentacja jego webservice.\n"
            "2. Sprawdź uprawnienia klucza w Zaawansowane → Webservice. " + _CHECK_AGAIN_PL
        ),
    },
]

# The jobs: imports.py, linking.py, stock.py.
MESSAGES |= {
    "PS_IMPORT_NO_TEMPLATE": _(
        "The import cannot start: the account has no default settings template. Add one under Settings templates."
    ),
    "PS_IMPORT_NOT_NOW": _("The import is under way or finished already: it cannot be started again."),
    "PS_IDENTIFIER_EAN": _("EAN"),
    "PS_IDENTIFIER_SYMBOL": _("symbol"),
    "PS_IDENTIFIER_CATALOGUE_NUMBER": _("catalogue number"),
    "PS_IMPORT_PREPARED": _("Import #%(import)s prepared: %(count)s products and combinations to import."),
    "PS_IMPORT_STARTED": _("Import #%(import)s started: %(count)s products and combinations to import."),
    "PS_IMPORT_SUMMARY": _(
        "Import #%(import)s finished: created %(created)s, linked to existing %(linked)s, skipped %(skipped)s, "
        "failed %(failed)s."
    ),
    "PS_IMPORT_FAILED": _("Import #%(import)s stopped: %(reason)s. Start it again to go on with what is left."),
    "PS_IMPORT_ITEM_SKIPPED": _("PrestaShop product %(product)s (%(name)s) skipped: %(reason)s"),
    "PS_IMPORT_ITEM_FAILED": _("PrestaShop product %(product)s (%(name)s) failed: %(reason)s"),
    "PS_REASON_NO_IDENTIFIER": _("it has no %(identifier)s (PrestaShop field %(field)s)"),
    "PS_REASON_DUPLICATE": _("another PrestaShop product of this import has the same %(identifier)s %(value)s"),
    "PS_REASON_PRODUCT_TAKEN": _("the local product %(code)s is already linked to PrestaShop product %(other)s"),
    "PS_REASON_GONE": _("PrestaShop no longer has this product"),
    "PS_REASON_INVALID": _("its data do not fit a local product: %(error)s"),
    "PS_LINK_SUMMARY": _(
        "Automatic linking by %(identifier)s: %(linked)s linked, %(already)s already linked, %(unlinked)s not linked."
    ),
    "PS_LINK_NOT_LINKED": _("PrestaShop product %(product)s (%(name)s) not linked: %(reason)s"),
    "PS_REASON_NO_LOCAL": _("no local product has the %(identifier)s %(value)s"),
    "PS_LINK_UPLOAD_SUMMARY": _(
        "Linking file %(file)s: %(linked)s rows linked, %(unchanged)s unchanged, %(errors)s rows with errors."
    ),
    "PS_ROW_BAD_EXTERNAL": _("the PrestaShop product id %(value)s is not a whole number above 0"),
    "PS_ROW_BAD_COMBINATION": _("the PrestaShop combination id %(value)s is not a whole number"),
    "PS_ROW_BAD_LOCAL": _("the local id %(value)s is not a whole number"),
    "PS_ROW_NO_LOCAL": _("neither the local id nor the symbol is filled in"),
    "PS_ROW_LOCAL_MISSING": _("there is no local product %(value)s"),
    "PS_ROW_REMOTE_MISSING": _("PrestaShop has no product %(product)s"),
    "PS_ROW_COMBINATION_MISSING": _("PrestaShop product %(product)s has no combination %(combination)s"),
    "PS_ROW_REPEATED": _("PrestaShop product %(product)s is already in row %(row)s"),
    "PS_ROW_REPEATED_LOCAL": _("the local product %(code)s is already in row %(row)s"),
    "PS_ROW_REMOTE_TAKEN": _("PrestaShop product %(product)s is linked to the local product %(code)s"),
    "PS_STOCK_PUSH_SUMMARY": _(
        "Stock sent to PrestaShop: %(sent)s products, accepted %(accepted)s, refused %(refused)s."
    ),
    "PS_STOCK_NO_ROW": _("PrestaShop has no stock row for this product"),
}
