"""`export_tracker [--negotiation SLUG] [-o FILE]`: write the exchange format (a backup)."""

from django.core.management.base import BaseCommand, CommandError

from negotiations.exchange import dumps, export_document, write_document
from negotiations.models import Negotiation


class Command(BaseCommand):
    help = (
        "Export negotiations, their actors, demands, sources, statements and stances in the "
        "negotiation-tracker JSON format, to standard output or atomically to a file."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--negotiation",
            action="append",
            metavar="SLUG",
            help="only this negotiation and the actors it involves (repeatable)",
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE atomically")

    def handle(self, *args, negotiation: list[str] | None, output: str | None, **options):
        if negotiation:
            known = set(
                Negotiation.objects.filter(slug__in=negotiation).values_list("slug", flat=True)
            )
            unknown = sorted(set(negotiation) - known)
            if unknown:
                raise CommandError(f"No negotiation with the slug {', '.join(unknown)}.")
        document = export_document(negotiation_slugs=negotiation)
        if output is None:
            self.stdout.write(dumps(document), ending="")
            return
        try:
            write_document(document, output)
        except OSError as error:
            raise CommandError(
                f"Could not write {output}: {error.strerror or error}. Nothing was written; "
                "an earlier file of that name is unchanged."
            ) from error
        statements = sum(len(n["statements"]) for n in document["negotiations"])
        self.stderr.write(
            f"Wrote {output}: {len(document['negotiations'])} negotiation(s), "
            f"{statements} statement(s)."
        )
