"""`python manage.py generate_synthetic --stances N [--negotiations K] [--seed S]`."""

import time

from django.core.management.base import BaseCommand, CommandError

from negotiations.synthetic import SyntheticConflict, generate_synthetic


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
        self.stdout.write(
            f"Created {summary.stances} stances in {summary.statements} statements "
            f"({summary.sources} sources), {summary.negotiations} negotiations with "
            f"{summary.demands} demands, {summary.parties} parties, {summary.people} people "
            f"in {time.monotonic() - started:.1f} s."
        )
