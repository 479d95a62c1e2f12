"""Group rollups (eventlog/rollups.py), their horizon, and a BRIN index on the entries' time.

The horizon starts at the writer's EARLIEST: nothing is rolled up until the hourly maintenance
seals the hours (at 10 M entries over 200 days the first seal takes about a minute, one day per
transaction). The BRIN index `entry_time_brin` lets a seal read one hour of a month without a
scan of the month: entries arrive in time order, so each block range covers a short time and the
index costs the writer almost nothing (a few pages a month; the PostgreSQL manual, 11.2.5
"BRIN"). It is built like migration 0014's, ON ONLY the parent then CONCURRENTLY per partition.
"""

from django.db import migrations, models

#: The writer's EARLIEST: no entry is older, so nothing is before the first horizon.
EARLIEST = "2000-01-01 00:00:00+00"


def start_horizon(apps, schema_editor):
    apps.get_model("eventlog", "RollupHorizon").objects.create(sealed_until=EARLIEST)


def create_brin(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("CREATE INDEX IF NOT EXISTS entry_time_brin ON ONLY eventlog_entry USING brin (occurred_at)")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'eventlog_entry'::regclass"
            " AND inhrelid NOT IN (SELECT indrelid FROM pg_index JOIN pg_inherits ON inhrelid = indexrelid"
            " WHERE inhparent = 'entry_time_brin'::regclass)"
        )
        names = [name for (name,) in cursor.fetchall()]
    for name in names:
        index = f"{name.strip(chr(34))}_time_brin"
        execute(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{index}" ON {name} USING brin (occurred_at)')
        execute(f'ALTER INDEX entry_time_brin ATTACH PARTITION "{index}"')


def drop_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS entry_time_brin")


class Migration(migrations.Migration):
    atomic = False

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
                "indexes": [
                    models.Index(fields=["hour"], name="rollup_hour"),
                    models.Index(
                        condition=models.Q(
                            models.Q(("message_code", ""), _negated=True), ("severity__in", ["warning", "error"])
                        ),
                        fields=["hour", "message_code"],
                        name="rollup_problem_code",
                    ),
                ],
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
        migrations.RunPython(create_brin, drop_brin),
    ]
