import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from eventlog import demo, partitions, roles
from eventlog.models import Entry

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = "For `make run`: demo data on an empty journal and a demo shop admin whose login is printed."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=20_000)

    def handle(self, *args, entries, **options):
        partitions.create_ahead()
        if not Entry.objects.exists():
            self.stdout.write(f"Seeding {entries:,} demo entries…")
            # Tabs with a real flow get their demo from it (seed_real_runs), not drawn entries.
            demo.seed(entries, days=30, volume=False)
        # The integrations' genuine runs (e.g. the ERP's example packages imported), once.
        demo.seed_real_runs()
        User = get_user_model()
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=DEMO_USERNAME)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=roles.SHOP_ADMIN))
        support, _ = User.objects.get_or_create(username="support")
        support.set_password(password)
        support.save()
        support.groups.add(Group.objects.get(name=roles.SUPPORT))
        line = "=" * 64
        self.stdout.write(
            f"\n{line}\n  Dziennik: http://127.0.0.1:8000/\n"
            f"  Shop admin:  {DEMO_USERNAME} / {password}\n"
            f"  Support:     support / {password}\n{line}\n"
        )
