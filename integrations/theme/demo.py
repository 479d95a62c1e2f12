"""Demo entries of the shop appearance tab: theme and template changes."""

from __future__ import annotations

from eventlog import demo

from .tab import APPEARANCE


@demo.free_entries(APPEARANCE.slug, weight=3)
def appearance(d: demo.Draw) -> demo.Row:
    template = d.r.choice(["Zimowy 2026", "Klasyczny", "Minimal Pro", "Świąteczny"])
    event = d.r.choice(["template_edited", "template_edited", "style_changed", "file_uploaded",
                        "template_activated", "template_created"])  # fmt: skip
    obj = d.r.choice(["header.html", "product_card.html", "footer.html", "style.css", "logo.png"])
    return {
        "severity": "info", "event_type": event, "message": f"{template}: {obj}", "object_type": "template",
        "object_id": obj, "actor": d.r.choice(["gosia", "admin", "marek.grafik"]), "initiator": "manual",
        "data": {"template": template},
    }  # fmt: skip
