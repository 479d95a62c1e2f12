"""Shop admins create, edit, publish and delete shop templates; Support reads them."""

from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant


def grant_roles(apps, schema_editor):
    grant(apps, SHOP_ADMIN, "theme", "shoptemplate", ("add", "change", "delete", "view", "publish"))
    grant(apps, SUPPORT, "theme", "shoptemplate", ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("theme", "0001_initial"),
        ("eventlog", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
