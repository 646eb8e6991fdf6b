"""Published stances as ``StanceFact`` rows for the convergence engine, in one or two queries.

Now: one query on the position changes (`PositionChange`, kept on every write). As known on
a moment: one query on each history table (stances, statements), and the intervals during
which a stance version and a *published* version of its statement were both on record become
the facts. Either way the tie-breaking
``recorded_at`` is the stance's ``created_at``, so both paths agree on the present.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from negotiations.convergence import StanceFact
from negotiations.models import Demand, PositionChange, Stance, Statement

PUBLISHED = Statement.Status.PUBLISHED


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in the current time zone: "as known on" a date includes it."""
    start_of_next = datetime.combine(day + timedelta(days=1), time.min)
    return timezone.make_aware(start_of_next) - timedelta(microseconds=1)


def current_facts(
    *, negotiation_ids: Sequence[int], demand_ids: Sequence[int] | None = None
) -> dict[int, list[StanceFact]]:
    """Each negotiation's position changes (only these demands' if given), now (one query).

    These are the published stances that moved a position (`PositionChange`): the engine
    gives the same analysis from them as from every published stance, at a cost that does
    not grow with the stances that repeat a position.
    """
    rows = PositionChange.objects.filter(demand__negotiation_id__in=negotiation_ids)
    if demand_ids is not None:
        rows = rows.filter(demand_id__in=demand_ids)
    rows = rows.values_list(
        "demand__negotiation_id",
        "stance_id",
        "statement_id",
        "demand_id",
        "party_id",
        "position",
        "said_on",
        "recorded_at",
    )
    return _facts_by_negotiation(negotiation_ids, rows.order_by())


def published_facts(
    *, negotiation_ids: Sequence[int], demand_ids: Sequence[int] | None = None
) -> dict[int, list[StanceFact]]:
    """Each negotiation's published stances, every one of them, now (one query).

    What `current_facts` condenses; kept to check that both give the engine the same answer.
    """
    rows = Stance.objects.filter(
        demand__negotiation_id__in=negotiation_ids, statement__status=PUBLISHED
    )
    if demand_ids is not None:
        rows = rows.filter(demand_id__in=demand_ids)
    rows = rows.values_list("demand__negotiation_id", *LIVE_FACT_COLUMNS)
    return _facts_by_negotiation(negotiation_ids, rows.order_by())


#: The stance columns `live_fact` takes, in its order, for `values_list`.
LIVE_FACT_COLUMNS = (
    "id",
    "statement_id",
    "demand_id",
    "party_id",
    "position",
    "statement__said_on",
    "created_at",
)


def live_fact(pk, statement_id, demand_id, party_id, position, said_on, created) -> StanceFact:
    """A stance on record now, from its row: first recorded when it was created."""
    return StanceFact(
        stance_id=pk,
        statement_id=statement_id,
        demand_id=demand_id,
        party_id=party_id,
        position=position,
        said_on=said_on,
        recorded_from=created,
        recorded_at=created,
    )


def _facts_by_negotiation(negotiation_ids: Sequence[int], rows) -> dict[int, list[StanceFact]]:
    facts: dict[int, list[StanceFact]] = {pk: [] for pk in negotiation_ids}
    for negotiation_id, *row in rows:
        facts[negotiation_id].append(live_fact(*row))
    return facts


def recorded_facts(*, negotiation_id: int, until: datetime) -> list[StanceFact]:
    """Every version of the negotiation's published stances recorded up to ``until`` (2 queries).

    A fact is on record from the later of (the stance version's start, its statement
    version's start) to the earlier of their ends, for each statement version that was
    published. Versions after ``until`` are not read, so the last intervals look open: ask
    the engine only about moments up to ``until``.
    """
    stance_history = Stance.history.filter(
        demand_id__in=Demand.objects.filter(negotiation_id=negotiation_id).values("id"),
        history_date__lte=until,
    )
    stances = _intervals(
        stance_history.order_by("id", "history_date", "history_id").values_list(
            "id",
            "statement_id",
            "demand_id",
            "party_id",
            "position",
            "created_at",
            "history_date",
            "history_type",
        )
    )
    statements = _intervals(
        Statement.history.filter(
            id__in=stance_history.values("statement_id"), history_date__lte=until
        )
        .order_by("id", "history_date", "history_id")
        .values_list("id", "said_on", "status", "history_date", "history_type")
    )
    facts = []
    for stance_id, versions in stances.items():
        for start, end, (statement_id, demand_id, party_id, position, created) in versions:
            for pub_start, pub_end, (said_on, status) in statements.get(statement_id, ()):
                if status != PUBLISHED:
                    continue
                begin = max(start, pub_start)
                ends = [moment for moment in (end, pub_end) if moment is not None]
                finish = min(ends) if ends else None
                if finish is not None and finish <= begin:
                    continue
                facts.append(
                    StanceFact(
                        stance_id=stance_id,
                        statement_id=statement_id,
                        demand_id=demand_id,
                        party_id=party_id,
                        position=position,
                        said_on=said_on,
                        recorded_from=begin,
                        recorded_until=finish,
                        recorded_at=created,
                    )
                )
    return facts


def _intervals(rows: Iterable[tuple]) -> dict[int, list[tuple[datetime, datetime | None, tuple]]]:
    """Per id, each version's (start, end, values), from rows (id, *values, date, type) in order.

    A version lasts until the next one of the same id starts; a deletion ("-") ends the last
    one and starts nothing.
    """
    by_id: dict[int, list[tuple[datetime, datetime | None, tuple]]] = defaultdict(list)
    for pk, *values, history_date, history_type in rows:
        versions = by_id[pk]
        if versions and versions[-1][1] is None:
            start, _, previous = versions[-1]
            if history_date > start:
                versions[-1] = (start, history_date, previous)
            else:  # two versions at the same instant: the later row replaces the earlier
                versions.pop()
        if history_type != "-":
            versions.append((history_date, None, tuple(values)))
    return by_id
