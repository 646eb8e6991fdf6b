"""Compare the stored convergence events with the engine's answer (the beat does it nightly)."""

from django.core.management.base import BaseCommand

from negotiations.alerts.consistency import events_consistency_check


class Command(BaseCommand):
    help = (
        "Recompute every negotiation's convergence events and report differences with the "
        "stored ones; --repair also fixes them and sends the events that were missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help="Store the engine's answer.")

    def handle(self, *args, repair: bool = False, **options) -> None:
        report = events_consistency_check(repair=repair)
        if not report:
            self.stdout.write("Stored events match the engine.")
            return
        for slug, counts in report.items():
            self.stdout.write(
                f"{slug}: {counts['missing']} missing, {counts['stale']} stale, "
                f"{counts['extra']} extra" + (" (repaired)" if repair else "")
            )
        if not repair:
            raise SystemExit(1)
