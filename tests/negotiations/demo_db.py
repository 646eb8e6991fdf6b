"""The demo data set in the database, through the services (so history is written as usual).

Stand-in for `manage.py import_tracker` (issue 3) in the timeline tests; the ``demo_in_db``
fixture (conftest.py) loads it once per test module.
"""

import datetime
import json
from pathlib import Path

from negotiations import services
from negotiations.models import Demand, Negotiation, Participant, Round, Source
from parties.models import Membership, Party, Person

DEMO = Path(__file__).resolve().parents[2] / "negotiations" / "demo" / "russia-ukraine-2022.json"


def _day(value):
    return datetime.date.fromisoformat(value) if value else None


def load_demo(*, copies: int = 1) -> Negotiation:
    data = json.loads(DEMO.read_text())
    parties = {}
    for row in data["parties"]:
        fields = {k: v or "" for k, v in row.items() if k not in {"slug", "parent"}}
        parties[row["slug"]] = Party.objects.create(slug=row["slug"], **fields)
    people = {}
    for row in data["people"]:
        people[row["slug"]] = Person.objects.create(
            slug=row["slug"],
            name=row["name"],
            other_names=row["other_names"],
            wikidata_id=row["wikidata_id"] or "",
        )
    for row in data["memberships"]:
        Membership.objects.create(
            person=people[row["person"]],
            party=parties[row["party"]],
            role=row["role"],
            start_date=_day(row["start_date"]),
            end_date=_day(row["end_date"]),
        )
    spec = data["negotiations"][0]
    negotiation = Negotiation.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        description=spec["description"],
        start_date=_day(spec["start_date"]),
        convergence_threshold=spec["convergence_threshold"],
    )
    for row in spec["participants"]:
        Participant.objects.create(
            negotiation=negotiation, party=parties[row["party"]], role=row["role"]
        )
    for row in spec["rounds"]:
        Round.objects.create(negotiation=negotiation, **{**row, "date": _day(row["date"])})
    demands = {}
    for row in spec["demands"]:
        demands[row["slug"]] = Demand.objects.create(
            negotiation=negotiation,
            **{
                **row,
                "demanded_by": parties[row["demanded_by"]],
                "addressed_to": parties[row["addressed_to"]],
            },
        )
    for copy in range(copies):
        for row in spec["statements"]:
            source_row = row["source"]
            url = source_row["url"] + (f"#copy-{copy}" if copy else "")
            source, _ = Source.objects.get_or_create(
                url=url,
                defaults={
                    **{k: v or "" for k, v in source_row.items() if k != "url"},
                    "published_on": _day(source_row["published_on"]),
                },
            )
            services.statement_create(
                negotiation=negotiation,
                said_on=_day(row["said_on"]),
                speaker=people.get(row["speaker"]),
                party=parties[row["party"]],
                kind=row["kind"],
                text=row["text"],
                language=row["language"] or "",
                translation=row["translation"] or "",
                source=source,
                status=row["status"],
                stances=[
                    services.StanceInput(
                        demand=demands[stance["demand"]],
                        party=parties[stance["party"]],
                        position=stance["position"],
                        conditions=stance["conditions"] or "",
                    )
                    for stance in row["stances"]
                ],
            )
    return negotiation


def add_copies(negotiation: Negotiation, times: int) -> None:
    """Repeat every statement (and its stances) ``times`` more, in a few bulk queries.

    For query-count tests only: bulk_create writes no history, which the present-day pages
    do not read.
    """
    from negotiations.models import Stance, Statement

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
