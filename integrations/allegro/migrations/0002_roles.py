from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant


def give_roles(apps, schema_editor):
    # Shop admins add (authorise), deactivate and poll accounts; support only sees the list.
    grant(apps, SHOP_ADMIN, "allegro", "allegroaccount", ("add", "change", "view"))
    grant(apps, SUPPORT, "allegro", "allegroaccount", ("view",))


class Migration(migrations.Migration):
    dependencies = [("allegro", "0001_initial"), ("eventlog", "0002_groups")]

    operations = [migrations.RunPython(give_roles, migrations.RunPython.noop)]
