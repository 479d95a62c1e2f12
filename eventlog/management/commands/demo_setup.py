"""`make run`'s demo: demo data on an empty journal, and two demo users whose login is printed.

The users' password is made once, when a user is created, and saved in `.run/demo-login.txt`
(mode 0600, beside the broker's folders, never committed). Every later run keeps it, so a
bookmark, a browser's saved password and a session of the last run still work, and prints it
from that file again. A password changed in the panel no longer matches the file: the banner
says so and leaves the password alone. A user with no saved password (a database made before
the file existed, or the file deleted) gets a new one, saved.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from eventlog import demo, partitions, roles

DEMO_USERNAME = "admin"
SUPPORT_USERNAME = "support"
#: The demo users: username, what the banner calls them, their group, whether they may open /admin/.
USERS = (
    (DEMO_USERNAME, "Shop admin", roles.SHOP_ADMIN, True),
    (SUPPORT_USERNAME, "Support", roles.SUPPORT, False),
)
LOGIN_FILE = "demo-login.txt"
_HEADER = (
    "# The demo users' passwords, made by `make run` (manage.py demo_setup) when it created them.\n"
    "# Kept on every run; a password changed in the panel is not reset (the banner says it changed).\n"
)


@dataclass(frozen=True)
class Login:
    """One demo user's line of the banner: `password` is None when it was changed in the panel."""

    username: str
    title: str
    password: str | None


def login_file() -> Path:
    """Where the generated passwords are kept: `<RUN_DIR>/demo-login.txt`."""
    return Path(settings.RUN_DIR) / LOGIN_FILE


def read_saved() -> dict[str, str]:
    """The saved passwords, username → password; empty when the file is missing or unreadable."""
    try:
        text = login_file().read_text(encoding="utf-8")
    except (FileNotFoundError, PermissionError, UnicodeDecodeError):
        return {}
    saved = {}
    for line in text.splitlines():
        username, _, password = line.partition(" ")
        if username and password and not username.startswith("#"):
            saved[username] = password
    return saved


def write_saved(saved: dict[str, str]) -> None:
    """Write the passwords (0600: they let anyone into the panel) and replace the file in one step."""
    path = login_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(_HEADER + "".join(f"{username} {password}\n" for username, password in saved.items()))
    os.replace(temporary, path)


def ensure_users() -> list[Login]:
    """Create the demo users (or keep them), each in its group; returns their banner lines.

    A new user, or one with no saved password, gets the saved one (or a new one, then saved);
    an existing user's password is never changed, so its sessions stay valid.
    """
    User = get_user_model()
    saved = read_saved()
    logins = []
    changed = False
    for username, title, group, is_admin in USERS:
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = user.is_superuser = is_admin
        known = saved.get(username)
        if created or known is None:
            password = known or secrets.token_urlsafe(9)
            user.set_password(password)
            if known is None:
                saved[username] = password
                changed = True
            logins.append(Login(username, title, password))
        else:
            # The hasher's own comparison, without its setter: a hash upgrade would save the user
            # and, through the session hash, end the sessions this is meant to keep.
            same = check_password(known, user.password)
            logins.append(Login(username, title, known if same else None))
        user.save()
        user.groups.add(Group.objects.get(name=group))
    if changed:
        write_saved(saved)
    return logins


def current_logins() -> list[Login]:
    """The banner lines as they stand, changing nothing (users missing are left out)."""
    User = get_user_model()
    saved = read_saved()
    hashes = dict(User.objects.filter(username__in=[u[0] for u in USERS]).values_list("username", "password"))
    logins = []
    for username, title, _group, _admin in USERS:
        if username in hashes:
            known = saved.get(username)
            same = known is not None and check_password(known, hashes[username])
            logins.append(Login(username, title, known if same else None))
    return logins


def banner(logins: list[Login], port: int) -> str:
    """The block printed by `make run`: the panel's address and each demo user's login."""
    line = "=" * 64
    rows = [f"  Dziennik: http://127.0.0.1:{port}/"]
    for login in logins:
        shown = login.password if login.password is not None else "(changed in the panel: not shown, not reset)"
        rows.append(f"  {login.title + ':':<12} {login.username} / {shown}")
    rows.append(f"  The passwords stay from run to run: {login_file()}")
    return f"\n{line}\n" + "\n".join(rows) + f"\n{line}\n"


class Command(BaseCommand):
    help = "For `make run`: demo data on an empty journal and demo users whose login is printed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="the web server's port, for the banner's address")
        parser.add_argument(
            "--banner", action="store_true", help="only print the login banner again (makes and changes nothing)"
        )

    def handle(self, *args, **options):
        if options["banner"]:
            self.stdout.write(banner(current_logins(), options["port"]))
            return
        partitions.create_ahead()
        # Every tab's demo is its integration's real flow (e.g. the ERP's example packages
        # imported, the PrestaShop module walked against its stand-in), each made once.
        # Drawn entries are for volume only: `manage.py seed_journal`.
        self.stdout.write("Making the demo data through the integrations' real flows…")
        demo.seed_real_runs()
        self.stdout.write(banner(ensure_users(), options["port"]))
