"""Group and problem rollups (eventlog/rollups.py) and their horizon.

The horizon starts at the writer's EARLIEST: nothing is rolled up until the hourly maintenance
run seals the hours (at 10 M entries over 200 days the first seal takes about three minutes,
one day per transaction).
"""

from django.db import migrations, models

#: The writer's EARLIEST: no entry is older, so nothing is before the first horizon.
EARLIEST = "2000-01-01 00:00:00+00"


def start_horizon(apps, schema_editor):
    apps.get_model("eventlog", "RollupHorizon").objects.create(sealed_until=EARLIEST)


class Migration(migrations.Migration):
    dependencies = [
        ("eventlog", "0014_search_problems_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="RollupHorizon",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sealed_until", models.DateTimeField(verbose_name="rolled up until")),
            ],
            options={
                "verbose_name": "rollup horizon",
                "verbose_name_plural": "rollup horizon",
            },
        ),
        migrations.CreateModel(
            name="ProblemRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hour", models.DateTimeField(verbose_name="hour")),
                ("tab", models.CharField(max_length=32, verbose_name="tab")),
                (
                    "severity",
                    models.CharField(
                        choices=[("info", "Info"), ("success", "Success"), ("warning", "Warning"), ("error", "Error")],
                        max_length=8,
                        verbose_name="severity",
                    ),
                ),
                ("message_code", models.CharField(blank=True, max_length=64, verbose_name="message code")),
                ("count", models.PositiveIntegerField(verbose_name="entries")),
                ("last", models.DateTimeField(verbose_name="latest")),
            ],
            options={
                "verbose_name": "problem rollup",
                "verbose_name_plural": "problem rollups",
                "indexes": [models.Index(fields=["hour"], name="problem_rollup_hour")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("tab", "severity", "hour", "message_code"), name="problem_rollup_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Rollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("hour", models.DateTimeField(verbose_name="hour")),
                ("tab", models.CharField(max_length=32, verbose_name="tab")),
                ("fingerprint", models.BigIntegerField(verbose_name="fingerprint")),
                (
                    "severity",
                    models.CharField(
                        choices=[("info", "Info"), ("success", "Success"), ("warning", "Warning"), ("error", "Error")],
                        max_length=8,
                        verbose_name="severity",
                    ),
                ),
                ("event_type", models.CharField(max_length=64, verbose_name="event type")),
                (
                    "initiator",
                    models.CharField(
                        choices=[
                            ("automatic", "Automatic"),
                            ("manual", "Manual"),
                            ("external", "External change"),
                            ("api", "API"),
                        ],
                        max_length=16,
                        verbose_name="initiator",
                    ),
                ),
                ("account", models.CharField(blank=True, max_length=128, verbose_name="account")),
                ("service", models.CharField(blank=True, max_length=32, verbose_name="service")),
                (
                    "object_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("product", "Product"),
                            ("order", "Order"),
                            ("offer", "Offer"),
                            ("listing", "Listing"),
                            ("category", "Category"),
                            ("email", "E-mail"),
                            ("phone", "Phone number"),
                            ("mailing", "Mailing"),
                            ("template", "Template"),
                            ("customer", "Customer"),
                            ("event", "Custom event"),
                        ],
                        max_length=32,
                        verbose_name="object type",
                    ),
                ),
                ("object_id", models.CharField(blank=True, max_length=128, verbose_name="object id")),
                ("message_code", models.CharField(blank=True, max_length=64, verbose_name="message code")),
                ("count", models.PositiveIntegerField(verbose_name="entries")),
                ("first", models.DateTimeField(verbose_name="first")),
                ("last", models.DateTimeField(verbose_name="latest")),
            ],
            options={
                "verbose_name": "group rollup",
                "verbose_name_plural": "group rollups",
                "indexes": [models.Index(fields=["hour"], name="rollup_hour")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "tab",
                            "fingerprint",
                            "hour",
                            "severity",
                            "event_type",
                            "initiator",
                            "account",
                            "service",
                            "message_code",
                        ),
                        name="rollup_key",
                    )
                ],
            },
        ),
        migrations.RunPython(start_horizon, migrations.RunPython.noop),
    ]
