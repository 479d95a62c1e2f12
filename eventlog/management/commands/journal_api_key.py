"""`manage.py journal_api_key create --name NAME --tabs TAB[,TAB…] [--expires YYYY-MM-DD]` and `… revoke NAME`.

`create` prints the new key alone on its last line (scripts take `| tail -1`); it is
shown only this once.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eventlog.api import keys
from eventlog.models import ApiKey


class Command(BaseCommand):
    help = "Create an API key for an integration account (printed once, on the last line) or revoke one."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="issue a new key; prints it alone on the last line")
        create.add_argument("--name", required=True, help="the integration account; entries carry it as account")
        create.add_argument("--tabs", required=True, help="comma-separated tab slugs, e.g. ceneo,amazon")
        create.add_argument("--expires", type=dt.date.fromisoformat, help="the key stops working on this day")
        revoke = actions.add_parser("revoke", help="revoke the key of an integration account")
        revoke.add_argument("name")

    def handle(self, *args, action: str, **options):
        if action == "create":
            self.create(options["name"], options["tabs"], options["expires"])
        else:
            self.revoke(options["name"])

    def create(self, name: str, tab_list: str, expires: dt.date | None) -> None:
        if ApiKey.objects.filter(name=name).exists():
            raise CommandError(f"A key named {name!r} exists already; revoke it and choose another name.")
        if not name.strip() or len(name) > (getattr(ApiKey._meta.get_field("name"), "max_length", None) or 100):
            raise CommandError("--name must be 1 to 100 characters")
        expires_at = timezone.make_aware(dt.datetime.combine(expires, dt.time.min)) if expires else None
        if expires_at is not None and expires_at <= timezone.now():
            raise CommandError("--expires must be a day in the future")
        try:
            key, secret = keys.issue(name, [t.strip() for t in tab_list.split(",") if t.strip()], expires_at=expires_at)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"Key {key.prefix}… for {key.name!r}, tabs {', '.join(key.tabs)}. Shown only now:")
        self.stdout.write(secret)

    def revoke(self, name: str) -> None:
        key = ApiKey.objects.filter(name=name).first()
        if key is None:
            raise CommandError(f"No API key is named {name!r}.")
        if key.revoked_at is not None:
            self.stdout.write(f"The key {name!r} was revoked already.")
            return
        keys.revoke(key)
        self.stdout.write(f"Revoked the key {name!r}.")
