# The services are declared by the tabs (`Tab.services`), no longer a choice list of the field.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("eventlog", "0005_grouping_and_code_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="entry",
            name="service",
            field=models.CharField(blank=True, max_length=32, verbose_name="service"),
        ),
    ]
