"""Demo entries of the PrestaShop tab: configuration sections, imports and sync reports."""

from __future__ import annotations

from eventlog import demo

from .tab import PRESTASHOP


@demo.free_entries(PRESTASHOP.slug, weight=5)
def prestashop(d: demo.Draw) -> demo.Row:
    section = d.r.choice(["connection", "mapping", "templates", "import", "linking", "sync_report"])
    sev = d.severity()
    message = {
        "error": "Błąd połączenia z API PrestaShop: 401 Unauthorized (nieprawidłowy klucz).",
        "warning": "Nie zmapowano 3 kategorii — produkty trafią do kategorii domyślnej.",
    }.get(sev, f"Zapisano ustawienia sekcji: {section}.")
    return {
        "severity": sev, "event_type": section, "message": message, "account": "presta.sklep.example.com",
        "message_code": {"error": "PS_AUTH_FAILED", "warning": "PS_UNMAPPED_CATEGORY"}.get(sev, ""),
    }  # fmt: skip
