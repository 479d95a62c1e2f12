"""Message codes of the PrestaShop connector.

Default texts of the knowledge base; `explanations` seeds them after `migrate`
and never overwrites a text a shop admin has edited in the panel.
"""

from django.utils.translation import gettext_lazy as _  # noqa: F401  (used by the MESSAGES blocks)

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

# Texts the module writes itself (shown in the reader's language). One block per part,
# each kept by its owner: the protocol (client, analysis, order download), the
# configuration sections, and the jobs (import, linking, sync reports).
MESSAGES: dict[str, object] = {}

# --- protocol: client.py, analysis.py, orders.py ---
MESSAGES |= {}

# --- configuration: connection test, mappings, order settings, product fields, templates ---
MESSAGES |= {}

# --- jobs: imports.py, linking.py, stock.py ---
MESSAGES |= {}
