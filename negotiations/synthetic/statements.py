"""The bulk of a synthetic data set: sources, statements and their stances, as row tuples.

Statements are numbered in date order (ids grow with `said_on`, as in a tracker fed over the
years). A principal's stance takes its position from the trajectory of `world.py`, so the
number of position changes per demand depends on the years covered, not on the number of
stances: a demand's convergence series keeps its shape from 10k to 1M stances, only the
number of statements behind each point grows.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass

from negotiations.synthetic.world import World

KINDS = (("quote", 50), ("paraphrase", 25), ("report", 15), ("document", 10))
OUTLETS = (
    ("The Meridian Post", "meridianpost.example"),
    ("Harbour Wire", "harbourwire.example"),
    ("Radio Lunesia", "radiolunesia.example"),
    ("The Northern Ledger", "northernledger.example"),
    ("Ministry bulletin", "bulletin.example"),
)
VERBS = {
    2: ("insists on", "will accept nothing short of", "fully backs"),
    1: ("could accept, with conditions,", "is ready to discuss", "would settle for less than"),
    0: ("keeps its options open on", "neither accepts nor rejects", "is studying"),
    -1: ("has serious doubts about", "resists, for now,", "sees little room for"),
    -2: ("flatly rejects", "will never agree to", "rules out"),
}
CONDITIONS = (
    "only with security guarantees",
    "only after a full ceasefire",
    "if international monitors are present",
    "subject to a referendum",
    "once prisoners are exchanged",
)
RETRACTION_REASONS = ("Misattributed quote.", "The outlet withdrew the report.")
STATEMENT_COLUMNS = (
    "id", "negotiation_id", "said_on", "said_on_precision", "speaker_id", "party_id", "kind",
    "text", "language", "translation", "source_id", "status", "retraction_reason",
    "created_at", "updated_at", "created_by_id",
)  # fmt: skip
SOURCE_COLUMNS = (
    "id", "url", "outlet", "title", "published_on", "language", "reliability", "archived_url",
    "created_at", "updated_at",
)  # fmt: skip
STANCE_COLUMNS = (
    "id", "statement_id", "demand_id", "party_id", "position", "conditions", "created_at",
    "updated_at",
)  # fmt: skip


@dataclass
class Ids:
    """Database ids of the world's rows, and the first free id of each bulk table."""

    party: list[int]
    person: list[int]
    negotiation: list[int]
    demand: list[list[int]]  # per negotiation, per demand number
    first_statement: int
    first_stance: int
    first_source: int


@dataclass
class Bulk:
    sources: list[tuple]
    stances: list[tuple]
    statements: int = 0


def stance_counts(rng: random.Random, total: int) -> list[int]:
    """Stances per statement (1-3, mean ~2) adding up to exactly `total`."""
    counts, left = [], total
    while left > 0:
        count = min(rng.choices((1, 2, 3), weights=(35, 35, 30))[0], left)
        counts.append(count)
        left -= count
    return counts


def _speakers(world: World) -> dict[int, list[tuple[int, int, int]]]:
    """Per party index: (first day, last day, person index) of each membership."""
    far = datetime.date.max.toordinal()
    table: dict[int, list[tuple[int, int, int]]] = {}
    for membership in world.memberships:
        end = membership["end_date"]
        table.setdefault(membership["party_index"], []).append(
            (
                membership["start_date"].toordinal(),
                end.toordinal() if end else far,
                membership["person_index"],
            )
        )
    return table


def generate(
    *, world: World, ids: Ids, seed: int, stances: int, emit: Callable[[tuple], None]
) -> Bulk:
    """Calls `emit` with each statement row in id order; returns sources and stances to write.

    Statements stream out (the largest rows); sources and stances, small tuples, come back as
    lists because one connection copies one table at a time.
    """
    rng = random.Random(seed * 7919 + 1)
    counts = stance_counts(rng, stances)
    plans = world.negotiations
    headers = []
    for number, count in enumerate(counts):
        plan = rng.choice(plans)
        day = rng.randint(plan.start.toordinal(), plan.end.toordinal())
        headers.append((day, plan.index, number, count))
    headers.sort()

    speakers = _speakers(world)
    kinds, kind_weights = zip(*KINDS, strict=True)
    bulk = Bulk(sources=[], stances=[])
    last_source: dict[int, tuple[int, int]] = {}  # negotiation -> (source id, day)
    statement_id, stance_id, source_id = ids.first_statement, ids.first_stance, ids.first_source
    utc = datetime.UTC
    for day, index, _number, count in headers:
        plan = plans[index]
        said_on = datetime.date.fromordinal(day)
        recorded = datetime.datetime(said_on.year, said_on.month, said_on.day, tzinfo=utc)
        recorded += datetime.timedelta(minutes=rng.randint(60, 72 * 60))
        draw = rng.random()
        party = (
            plan.principals[0]
            if draw < 0.42
            else plan.principals[1]
            if draw < 0.84
            else (plan.mediator)
        )
        kind = rng.choices(kinds, weights=kind_weights)[0]
        speaker = None
        if kind in ("quote", "paraphrase") or rng.random() < 0.5:
            holders = [p for first, last, p in speakers[party] if first <= day <= last]
            speaker = ids.person[rng.choice(holders)] if holders else None

        previous = last_source.get(index)
        if previous is None or previous[1] < day - 2 or rng.random() < 0.6:
            outlet, domain = rng.choice(OUTLETS)
            bulk.sources.append(
                (
                    source_id,
                    f"https://{domain}/{plan.slug}/{said_on:%Y/%m/%d}/{len(bulk.sources)}",
                    outlet,
                    f"{world.parties[party]['name']} on the {plan.title}",
                    said_on,
                    "en",
                    rng.choice("ABBCCF"),
                    "",
                    recorded,
                    recorded,
                )
            )
            last_source[index] = previous = (source_id, day)
            source_id += 1

        status = rng.random()
        status = "published" if status < 0.96 else "draft" if status < 0.985 else "retracted"
        numbers = rng.sample(range(len(plan.demands)), count)
        clauses = []
        for number in numbers:
            holder = party
            if party == plan.mediator and kind == "report" and rng.random() < 0.5:
                holder = rng.choice(plan.principals)  # the mediator reports a principal's view
            trajectory = plan.trajectories.get((number, holder))
            position = trajectory.at(day) if trajectory else number % 3 - 1
            conditions = ""
            if position in (1, -1) and rng.random() < 0.5:
                conditions = rng.choice(CONDITIONS)
            demand = plan.demands[number]
            clauses.append(f"{rng.choice(VERBS[position])} \u2018{demand['title']}\u2019")
            bulk.stances.append(
                (
                    stance_id,
                    statement_id,
                    ids.demand[index][number],
                    ids.party[holder],
                    position,
                    conditions,
                    recorded,
                    recorded,
                )
            )
            stance_id += 1
        name = world.parties[party]["name"]
        body = "; it ".join(clauses)
        text = {
            "quote": f"“{name} {body}. We have said so at every round and we say it again.”",
            "paraphrase": f"{name} {body}, the speaker told reporters.",
            "report": f"According to officials, {name} {body}.",
            "document": f"Position paper: {name} {body}.",
        }[kind]
        emit(
            (
                statement_id,
                ids.negotiation[index],
                said_on,
                "day",
                speaker,
                ids.party[party],
                kind,
                text,
                "en",
                "",
                previous[0],
                status,
                rng.choice(RETRACTION_REASONS) if status == "retracted" else "",
                recorded,
                recorded,
                None,
            )
        )
        statement_id += 1
        bulk.statements += 1
    return bulk
