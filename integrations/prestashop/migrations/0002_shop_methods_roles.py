from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant

# The shop's own lists the PrestaShop ones map to (editable in the admin): the shop speaks Polish.
METHODS = {
    "payment": [("transfer", "Przelew tradycyjny"), ("online", "Płatność online"), ("cod", "Za pobraniem"),
                ("card", "Karta płatnicza"), ("blik", "BLIK")],
    "delivery": [("courier", "Kurier"), ("inpost_locker", "Paczkomat InPost"), ("post", "Poczta Polska"),
                 ("pickup", "Odbiór osobisty")],
    "order_status": [("new", "Nowe"), ("awaiting_payment", "Oczekuje na płatność"), ("paid", "Opłacone"),
                     ("processing", "W realizacji"), ("shipped", "Wysłane"), ("delivered", "Dostarczone"),
                     ("cancelled", "Anulowane")],
}  # fmt: skip


def seed(apps, schema_editor):
    ShopMethod = apps.get_model("prestashop", "ShopMethod")
    for kind, rows in METHODS.items():
        for position, (code, name) in enumerate(rows):
            ShopMethod.objects.get_or_create(kind=kind, code=code, defaults={"name": name, "position": position})


def give_roles(apps, schema_editor):
    # Shop admins configure the module; support reads its settings and reports.
    for model in ("account", "remotechoice", "settingstemplate", "import", "offer"):
        grant(apps, SHOP_ADMIN, "prestashop", model)
        grant(apps, SUPPORT, "prestashop", model, ("view",))
    grant(apps, SHOP_ADMIN, "prestashop", "order", ("view",))
    grant(apps, SUPPORT, "prestashop", "order", ("view",))


class Migration(migrations.Migration):
    dependencies = [("prestashop", "0001_initial"), ("eventlog", "0002_groups")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(give_roles, migrations.RunPython.noop),
    ]
