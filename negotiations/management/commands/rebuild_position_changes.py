"""Recompute every party's steps on every demand from the stances (after raw SQL writes)."""

from django.core.management.base import BaseCommand

from negotiations import position_changes
from negotiations.freshness import bump_data_version


class Command(BaseCommand):
    help = (
        "Recompute the position changes (PositionChange) of every negotiation from its "
        "published stances. Writes through the application keep them current; run this "
        "after writing stances or statements with raw SQL."
    )

    def handle(self, *args, **options) -> None:
        rows = position_changes.rebuild()
        bump_data_version()
        self.stdout.write(f"{rows} position changes.")
