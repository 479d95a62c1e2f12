from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eventlog.models import RunStatus
from integrations.erp import exporter, importer, jobs


class Command(BaseCommand):
    help = (
        "Run an ERP sync in this process (no worker needed): import the catalogue package PATH, "
        "or with --direction export send the orders not yet sent into the ERP outbox storage. Prints the run id "
        "and a one-line summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the catalogue package to import, a file on this machine")
        parser.add_argument("--direction", choices=["import", "export"], default="import")

    def handle(self, *args, path, direction, **options):
        if direction == "export":
            run = exporter.run_export(exporter.new_run(source="command"))
        else:
            if not path:
                raise CommandError("Give the path of the package to import.")
            file = Path(path).resolve()
            run = jobs.import_file(importer.new_run(source="command", file_name=file.name, path=file))
        self.stdout.write(f"{run.pk}\t{run.status}\t{run.summary}")
        if run.status != RunStatus.SUCCEEDED:
            raise CommandError(f"Run {run.pk} failed: {run.summary}")
