import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from eventlog import demo, partitions, roles

DEMO_USERNAME = "admin"


class Command(BaseCommand):
    help = "For `make run`: demo data on an empty journal and a demo shop admin whose login is printed."

    def handle(self, *args, **options):
        partitions.create_ahead()
        # Every tab's demo is its integration's real flow (e.g. the ERP's example packages
        # imported, the PrestaShop module walked against its stand-in), each made once.
        # Drawn entries are for volume only: `manage.py seed_journal`.
        self.stdout.write("Making the demo data through the integrations' real flows…")
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
