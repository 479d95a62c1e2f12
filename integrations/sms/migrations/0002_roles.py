from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant


def give_roles(apps, schema_editor):
    # Shop admins queue messages by hand and retry failed ones; support only reads the queue.
    grant(apps, SHOP_ADMIN, "sms", "sms", ("add", "change", "view"))
    grant(apps, SUPPORT, "sms", "sms", ("view",))


class Migration(migrations.Migration):
    dependencies = [("sms", "0001_initial"), ("eventlog", "0002_groups")]

    operations = [migrations.RunPython(give_roles, migrations.RunPython.noop)]
