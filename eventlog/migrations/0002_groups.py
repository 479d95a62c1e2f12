"""The two roles of the panel, as groups a superuser assigns to people."""

from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, create_all_permissions

# Support reads, filters, searches and exports; it never deletes, edits settings or starts jobs.
SUPPORT_PERMISSIONS = ["view_entry", "export_entry", "view_run"]


def create_groups(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    journal = Permission.objects.filter(content_type__app_label="eventlog")
    admin, _ = Group.objects.get_or_create(name=SHOP_ADMIN)
    admin.permissions.add(*journal)
    support, _ = Group.objects.get_or_create(name=SUPPORT)
    support.permissions.add(*journal.filter(codename__in=SUPPORT_PERMISSIONS))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[SHOP_ADMIN, SUPPORT]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("eventlog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
