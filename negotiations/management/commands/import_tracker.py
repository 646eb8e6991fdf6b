"""`import_tracker FILE`: import the exchange format, all or nothing; errors name JSON paths."""

import time

from django.core.management.base import BaseCommand, CommandError

from negotiations.exchange import ExchangeError, import_file


class Command(BaseCommand):
    help = (
        "Import a negotiation-tracker JSON file (negotiations/demo/FORMAT.md). Idempotent and "
        "all or nothing: on any error nothing is imported and the JSON path of each offending "
        "value is printed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="path to the JSON file")

    def handle(self, *args, file: str, **options) -> None:
        started = time.perf_counter()
        try:
            summary = import_file(file)
        except ExchangeError as error:
            raise CommandError(f"{file}: nothing imported.\n{error}") from error
        elapsed = time.perf_counter() - started
        verb = "Imported" if summary.changed_anything else "Already up to date:"
        self.stdout.write(f"{verb} {file} in {elapsed:.2f} s ({summary.line()})")
