"""Demo of the shop appearance tab: templates created, edited, published and deleted through
the real actions (so `make run` shows genuine entries with their diffs), and the drawn
entries that only fill a journal for volume (`seed_journal`, `journal_bench`)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from eventlog import demo, roles

from . import actions
from .kinds import Kind
from .models import ShopTemplate
from .tab import APPEARANCE

#: The demo shop's designers (shop admins who cannot log in: they only sign the changes).
DESIGNERS = ("gosia", "marek.grafik")

HEADER = """<header class="site-header">
  <a class="logo" href="/"><img src="/media/logo.svg" alt="Sklep u Gosi"></a>
  <nav class="menu">{% menu "main" %}</nav>
  <a class="cart" href="/koszyk/">Koszyk ({{ cart.count }})</a>
</header>
"""
CARD = """<article class="product-card">
  <img src="{{ product.image }}" alt="{{ product.name }}">
  <h3>{{ product.name }}</h3>
  <p class="price">{{ product.price }} zł</p>
  <button class="add-to-cart">Do koszyka</button>
</article>
"""
STYLES = """:root { --brand: #2f6f4f; }
body { font-family: "Lato", sans-serif; color: #222; }
.site-header { background: var(--brand); color: #fff; }
.price { font-weight: 700; }
"""
EMAIL = """Dzień dobry {{ order.customer_name }},

dziękujemy za zamówienie nr {{ order.number }}.
Wyślemy je w ciągu 24 godzin.

Pozdrawiamy, Sklep u Gosi
"""


def _designer(username: str) -> User:
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=roles.SHOP_ADMIN))
    # A fresh object: permissions are cached per instance.
    return User.objects.get(pk=user.pk)


@demo.real_runs
def seed_templates() -> list[int]:
    """A few templates with a history, made through the actions; nothing when templates exist. No job runs."""
    if ShopTemplate.objects.exists():
        return []
    gosia, marek = (_designer(name) for name in DESIGNERS)

    header = actions.create_template(name="Nagłówek sklepu", kind=Kind.HEADER, content=HEADER, user=gosia)
    header = actions.publish_template(template_id=header.pk, version=header.version, user=gosia)
    header, _ = actions.edit_template(
        template_id=header.pk, version=header.version, name=header.name, kind=header.kind, user=marek,
        content=HEADER.replace('  <a class="cart"', '  <form class="search" action="/szukaj/"><input name="q"></form>\n'
                                                     '  <a class="cart"'),
    )  # fmt: skip
    actions.publish_template(template_id=header.pk, version=header.version, user=gosia)

    card = actions.create_template(name="Karta produktu", kind=Kind.PRODUCT_CARD, content=CARD, user=marek)
    card = actions.publish_template(template_id=card.pk, version=card.version, user=marek)
    actions.edit_template(
        template_id=card.pk, version=card.version, name="Karta produktu (lista)", kind=card.kind, user=marek,
        content=CARD.replace("  <button", '  <p class="stock">Dostępny od ręki</p>\n  <button'),
    )  # fmt: skip

    styles = actions.create_template(name="Style główne", kind=Kind.STYLESHEET, content=STYLES, user=gosia)
    styles, _ = actions.edit_template(
        template_id=styles.pk, version=styles.version, name=styles.name, kind=styles.kind, user=gosia,
        content=STYLES.replace("#2f6f4f", "#b3261e").replace("#222", "#1d1d1f"),
    )  # fmt: skip
    actions.publish_template(template_id=styles.pk, version=styles.version, user=gosia)

    actions.create_template(name="E-mail: potwierdzenie zamówienia", kind=Kind.EMAIL, content=EMAIL, user=gosia)
    promo = actions.create_template(
        name="Stopka — Black Friday", kind=Kind.FOOTER, content="<footer>Black Friday −30%</footer>\n", user=marek
    )
    actions.delete_template(template_id=promo.pk, version=promo.version, user=marek)
    return []


@demo.free_entries(APPEARANCE.slug, weight=3, volume_only=True)
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
