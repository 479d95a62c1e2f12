"""Shop admins write the knowledge base; everybody logged in reads it (no permission needed)."""

from django.db import migrations

from eventlog.roles import SHOP_ADMIN, create_all_permissions


def grant(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    explanations = Permission.objects.filter(content_type__app_label="explanations", codename__endswith="_explanation")
    Group.objects.get(name=SHOP_ADMIN).permissions.add(*explanations)


class Migration(migrations.Migration):
    dependencies = [
        ("explanations", "0001_initial"),
        ("eventlog", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
