"""Shop admins create and edit custom events and scenarios; Support sees them (the panel is read-only for it)."""

from django.db import migrations

from eventlog.roles import SHOP_ADMIN, SUPPORT, grant


def grant_roles(apps, schema_editor):
    for model in ("customevent", "scenario"):
        # No one deletes an event (its id is never given again); scenarios may go.
        grant(
            apps,
            SHOP_ADMIN,
            "custom_events",
            model,
            ("add", "change", "view", *(("delete",) if model == "scenario" else ())),
        )
        grant(apps, SUPPORT, "custom_events", model, ("view",))
    grant(apps, SHOP_ADMIN, "custom_events", "call", ("view",))
    grant(apps, SUPPORT, "custom_events", "call", ("view",))


class Migration(migrations.Migration):
    dependencies = [
        ("custom_events", "0002_scenarios_and_calls"),
        ("eventlog", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
