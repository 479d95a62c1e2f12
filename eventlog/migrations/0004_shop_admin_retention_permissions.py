from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    retention = Permission.objects.filter(content_type__app_label="eventlog", codename__endswith="_tabretention")
    Group.objects.get(name="Shop admin").permissions.add(*retention)


class Migration(migrations.Migration):
    dependencies = [("eventlog", "0003_tab_retention")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
