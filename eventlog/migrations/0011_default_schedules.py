"""Celery beat's default schedules in django-celery-beat's tables, and who may see and change them."""

from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant
from eventlog.schedules import install_defaults


def forwards(apps, schema_editor):
    install_defaults(apps)  # only the missing ones: a schedule somebody changed stays as it is
    grant(apps, SHOP_ADMIN, "django_celery_beat", "periodictask", ("view", "change"))
    # Support reads the schedules (when the jobs behind the tabs run), as it reads everything else.
    grant(apps, SUPPORT, "django_celery_beat", "periodictask", ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("eventlog", "0010_api_idempotency"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
