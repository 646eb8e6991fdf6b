"""`python manage.py generate_synthetic --stances N [--negotiations K] [--seed S]`."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from negotiations.models import PositionChange, Source, Stance, Statement
from negotiations.synthetic import SyntheticConflict, generate_synthetic


def vacuum() -> None:
    """VACUUM ANALYZE the bulk tables on PostgreSQL, as autovacuum would do before long.

    Freshly copied rows are not yet marked all-visible, so the planner prices index-only
    scans as heap visits and picks worse plans than it will on a lived-in database (the
    first and last day of a negotiation: 13 ms before, 0.15 ms after, at 1M stances).
    VACUUM cannot run inside a transaction: this runs after the data is committed.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = (Source, Statement, Stance, PositionChange)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {', '.join(m._meta.db_table for m in tables)}")


class Command(BaseCommand):
    help = (
        "Create a synthetic tracker (parties, people, negotiations, demands, sourced "
        "statements over years, drifting stances) with exactly N stances; same seed, same data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--stances", type=int, required=True, help="Number of stances.")
        parser.add_argument("--negotiations", type=int, default=10, help="Default 10.")
        parser.add_argument("--seed", type=int, default=1, help="Default 1.")
        parser.add_argument(
            "--prefix", default=None, help="Slug prefix of the rows (default syn<seed>)."
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            summary = generate_synthetic(
                stances=options["stances"],
                negotiations=options["negotiations"],
                seed=options["seed"],
                prefix=options["prefix"],
            )
        except (SyntheticConflict, ValueError) as error:
            raise CommandError(str(error)) from error
        vacuum()
        self.stdout.write(
            f"Created {summary.stances} stances in {summary.statements} statements "
            f"({summary.sources} sources), {summary.negotiations} negotiations with "
            f"{summary.demands} demands, {summary.parties} parties, {summary.people} people "
            f"in {time.monotonic() - started:.1f} s."
        )
