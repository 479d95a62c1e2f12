from django.db import migrations

from eventlog.roles import SHOP_ADMIN, grant


def grant_shop_admins(apps, schema_editor):
    # Mailings and resending failed e-mails are the shop admin's; Support reads the journal only.
    grant(apps, SHOP_ADMIN, "messaging", "mailing")
    grant(apps, SHOP_ADMIN, "messaging", "failedemail", actions=("view", "resend"))


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("eventlog", "0009_api_keys_and_personal_data"),
    ]

    operations = [migrations.RunPython(grant_shop_admins, migrations.RunPython.noop)]
