"""`make run`'s set-up: the demo data set, and demo accounts with fresh random passwords.

Idempotent: the import matches what is already there, so `make run` twice changes nothing
but the passwords, which are new (and printed once) at every start.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from negotiations.exchange import ExchangeError, import_file
from negotiations.groups import ensure_editor_groups

DEMO_FILE = settings.BASE_DIR / "negotiations" / "demo" / "russia-ukraine-2022.json"

DEMO_ACCOUNTS = (
    # (username, group or None for the superuser)
    ("admin", None),
    ("editor", "Editors"),
    ("reviewer", "Reviewers"),
)


class Command(BaseCommand):
    help = (
        "Import the demo data set (negotiations/demo/russia-ukraine-2022.json) and create (or "
        "reset) the demo accounts admin, editor and reviewer with random passwords."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-data", action="store_true", help="only the accounts, not the demo data set"
        )

    def handle(self, *args, no_data: bool = False, **options) -> None:
        if not no_data:
            try:
                summary = import_file(DEMO_FILE)
            except ExchangeError as error:
                raise CommandError(f"The demo data set did not import:\n{error}") from error
            state = "imported" if summary.changed_anything else "already up to date"
            self.stdout.write(f"Demo data set {state}: {DEMO_FILE.name}")

        ensure_editor_groups()  # the migration made them; a flushed database gets them back
        User = get_user_model()
        lines = []
        for username, group_name in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group_name is None
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            lines.append(f"  {username:<9} {password}   ({group_name or 'superuser'})")
        self.stdout.write("Demo accounts (passwords are new at every start):")
        self.stdout.write("\n".join(lines))
