"""`make run`'s set-up: demo accounts with fresh random passwords, printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

DEMO_ACCOUNTS = (
    # (username, group or None for the superuser)
    ("admin", None),
    ("editor", "Editors"),
    ("reviewer", "Reviewers"),
)


class Command(BaseCommand):
    help = "Create (or reset) the demo accounts admin, editor and reviewer with random passwords."

    def handle(self, *args, **options) -> None:
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
                group = Group.objects.filter(name=group_name).first()
                if group is not None:
                    user.groups.add(group)
            lines.append(f"  {username:<9} {password}   ({group_name or 'superuser'})")
        self.stdout.write("Demo accounts (passwords are new at every start):")
        self.stdout.write("\n".join(lines))
