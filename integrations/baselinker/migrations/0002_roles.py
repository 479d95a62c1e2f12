from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant


def give_roles(apps, schema_editor):
    # Shop admins set the integration file's password; support sees the page (address, last pulls).
    grant(apps, SHOP_ADMIN, "baselinker", "baselinkersettings", ("change", "view"))
    grant(apps, SUPPORT, "baselinker", "baselinkersettings", ("view",))


class Migration(migrations.Migration):
    dependencies = [("baselinker", "0001_initial"), ("eventlog", "0002_groups")]

    operations = [migrations.RunPython(give_roles, migrations.RunPython.noop)]
