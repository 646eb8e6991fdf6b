"""The demo data set in the database, imported by `manage.py import_tracker` (with history).

The ``demo_in_db`` fixture (conftest.py) loads it once per test module; ``add_copies``
multiplies the statements for the query-count tests.
"""

import io
from pathlib import Path

from django.core.management import call_command

from negotiations import position_changes
from negotiations.models import Negotiation, Stance, Statement

DEMO = Path(__file__).resolve().parents[2] / "negotiations" / "demo" / "russia-ukraine-2022.json"


def load_demo() -> Negotiation:
    """The demo file through the importer, as `manage.py import_tracker` loads it."""
    call_command("import_tracker", str(DEMO), stdout=io.StringIO())
    return Negotiation.objects.get(slug="russia-ukraine-2022")


def add_copies(negotiation: Negotiation, times: int) -> None:
    """Repeat every statement (and its stances) ``times`` more, in a few bulk queries.

    For query-count tests only: bulk_create writes no history, which the present-day pages
    do not read, and sends no signals, so the position changes are rebuilt at the end.
    """
    originals = list(Statement.objects.filter(negotiation=negotiation).prefetch_related("stances"))
    for copy in range(times):
        clones = Statement.objects.bulk_create(
            [
                Statement(
                    negotiation=negotiation,
                    said_on=s.said_on,
                    speaker_id=s.speaker_id,
                    party_id=s.party_id,
                    kind=s.kind,
                    text=f"{s.text} (copy {copy + 1})",
                    language=s.language,
                    source_id=s.source_id,
                    status=s.status,
                )
                for s in originals
            ]
        )
        Stance.objects.bulk_create(
            [
                Stance(
                    statement=clone,
                    demand_id=stance.demand_id,
                    party_id=stance.party_id,
                    position=stance.position,
                    conditions=stance.conditions,
                )
                for original, clone in zip(originals, clones, strict=True)
                for stance in original.stances.all()
            ]
        )
    # bulk_create sends no signals: recompute the position changes, as bulk paths must.
    position_changes.rebuild([negotiation.pk])
