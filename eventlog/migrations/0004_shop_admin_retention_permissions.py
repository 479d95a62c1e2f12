from django.db import migrations

from eventlog.roles import SHOP_ADMIN, create_all_permissions


def grant(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    retention = Permission.objects.filter(content_type__app_label="eventlog", codename__endswith="_tabretention")
    Group.objects.get(name=SHOP_ADMIN).permissions.add(*retention)


class Migration(migrations.Migration):
    dependencies = [("eventlog", "0003_tab_retention")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
