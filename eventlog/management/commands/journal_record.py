import json

from django.core.management.base import BaseCommand, CommandError

from eventlog.models import Initiator, Severity
from eventlog.writer import JournalError, record


class Command(BaseCommand):
    help = "Write one journal entry through the journal's writer and print its id."

    def add_arguments(self, parser):
        parser.add_argument("--tab", required=True, help="tab slug, e.g. offers, erp-sync, sms")
        parser.add_argument("--severity", required=True, choices=Severity.values)
        parser.add_argument("--message", required=True)
        parser.add_argument("--event-type", default="", help="one of the tab's event types (default: its first)")
        parser.add_argument("--message-code", default="")
        parser.add_argument("--object-type", default="")
        parser.add_argument("--object-id", default="")
        parser.add_argument("--account", default="")
        parser.add_argument("--service", default="")
        parser.add_argument("--initiator", default=Initiator.MANUAL, choices=Initiator.values)
        parser.add_argument("--data", default="{}", help="data fields as a JSON object")

    def handle(self, *args, **options):
        try:
            data = json.loads(options["data"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"--data is not valid JSON: {exc}") from exc
        try:
            entry = record(
                tab=options["tab"],
                severity=options["severity"],
                message=options["message"],
                event_type=options["event_type"],
                message_code=options["message_code"],
                object_type=options["object_type"],
                object_id=options["object_id"],
                account=options["account"],
                service=options["service"],
                initiator=options["initiator"],
                data=data,
            )
        except JournalError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(entry.pk))
