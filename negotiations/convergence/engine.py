"""The convergence engine: DESIGN.md's "Convergence" rules as pure functions on plain data.

Everything is computed in one pass over the stances sorted once by (said on, first recorded,
stance id): per demand, each party's effective position as a step function, the change points
of the gap and index, the events, and the negotiation's weighted index. The computation always
starts from the first stance (the state at ``date_from`` depends on everything before it) and
stops after ``date_to``; the window only clips what is returned.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter

from .values import (
    MAX_GAP,
    Analysis,
    ChangePoint,
    DemandTimeline,
    Direction,
    Event,
    EventKind,
    Id,
    IndexPoint,
    StanceFact,
    Step,
)


def on_record(facts: Iterable[StanceFact], as_known_on: datetime | None = None) -> list[StanceFact]:
    """The facts on record at ``as_known_on`` (None: those on record now).

    Raises ValueError when two versions of one stance claim to be on record at once: the
    history the caller built from is inconsistent, and silently picking one would hide it.
    """
    if as_known_on is None:
        kept = [fact for fact in facts if fact.recorded_until is None]
    else:
        kept = [fact for fact in facts if fact.on_record_at(as_known_on)]
    if len({fact.stance_id for fact in kept}) != len(kept):
        seen: set[Id] = set()
        for fact in kept:
            if fact.stance_id in seen:
                raise ValueError(f"stance {fact.stance_id!r} has two versions on record at once")
            seen.add(fact.stance_id)
    return kept


def _sort_key(fact: StanceFact) -> tuple:
    # Later said wins; on the same day, the later recorded; the stance id only makes the order
    # total, so that the result never depends on the order the facts came in.
    return (fact.said_on, fact.first_recorded, fact.stance_id)


def sort_facts(facts: Iterable[StanceFact], as_known_on: datetime | None = None) -> list:
    """The facts on record at ``as_known_on``, in the order the engine applies them."""
    return sorted(on_record(facts, as_known_on), key=_sort_key)


def effective_positions(
    facts: Iterable[StanceFact], *, on: date | None = None, as_known_on: datetime | None = None
) -> dict[tuple[Id, Id], StanceFact]:
    """The effective stance of every (demand, party) with one on date ``on`` (None: latest).

    That is the latest stance said on or before ``on``; on a tie, the later recorded.
    """
    effective: dict[tuple[Id, Id], StanceFact] = {}
    for fact in sort_facts(facts, as_known_on):
        if on is not None and fact.said_on > on:
            break
        effective[(fact.demand_id, fact.party_id)] = fact
    return effective


def position_on(steps: Sequence[Step], day: date) -> int | None:
    """The position a step function gives on ``day`` (None before its first step)."""
    at = bisect.bisect_right([step.start for step in steps], day)
    return steps[at - 1].position if at else None


def gap_of(positions: Iterable[int]) -> int | None:
    """Max minus min of the known principals' positions; None with fewer than two."""
    known = list(positions)
    return max(known) - min(known) if len(known) >= 2 else None


def index_of(gap: int | None) -> float | None:
    return None if gap is None else 1 - gap / MAX_GAP


def shift_direction(old: int, new: int, others: Iterable[int]) -> Direction | None:
    """Whether a principal's move from ``old`` to ``new`` is a concession or a hardening.

    "Toward the other side", precisely: the sum of the party's distances to the positions of
    the *other* principals, as they stood before that day, gets smaller (a concession) or
    larger (a hardening). With two principals this is |new - q| < |old - q| (concession) or
    |new - q| > |old - q| (hardening). With more it means moving toward (or away from) the
    others' median. The direction is None when no other principal's position is known yet, or
    when the sum does not change: jumping over the other side to the same distance beyond it,
    or moving between others on both sides, toward some and away from as many.
    """
    others = list(others)
    if not others:
        return None
    before = sum(abs(old - other) for other in others)
    after = sum(abs(new - other) for other in others)
    if after < before:
        return Direction.CONCESSION
    if after > before:
        return Direction.HARDENING
    return None


def _unique(ids: Iterable[Id]) -> tuple[Id, ...]:
    return tuple(dict.fromkeys(ids))


class _Ranks(dict):
    """Each principal's rank in display order; other parties rank after them, in turn."""

    def __init__(self, principals: Sequence[Id]) -> None:
        super().__init__((party, rank) for rank, party in enumerate(principals))
        self.others = len(self)

    def get_rank(self, party: Id) -> int:
        return self.get(party, self.others)


@dataclasses.dataclass(slots=True)
class _DemandState:
    positions: dict[Id, int] = dataclasses.field(default_factory=dict)
    steps: dict[Id, list[Step]] = dataclasses.field(default_factory=dict)
    points: list[ChangePoint] = dataclasses.field(default_factory=list)
    events: list[Event] = dataclasses.field(default_factory=list)
    gap: int | None = None
    converged: bool = False


def analyse(
    facts: Iterable[StanceFact],
    *,
    principals: Sequence[Id],
    threshold: float = 1,
    weights: Mapping[Id, float] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    as_known_on: datetime | None = None,
) -> Analysis:
    """Effective positions, gaps, indices and events of one negotiation.

    ``principals``: the principal parties, in display order; only their positions make the
    gap, and only their moves are shifts (a mediator has no "other side"). ``weights``: each
    demand's weight (missing demands weigh 1); its order is the order of the demands in the
    result, which lists every demand in ``weights`` even without stances. ``threshold``: the
    negotiation's convergence threshold. ``date_from``/``date_to``: the window returned (both
    inclusive); the first point of each series is the state carried into ``date_from``.
    ``as_known_on``: use only what was on record at that moment.

    A party's first stance on a demand is not a shift (nothing moved), but it can make the
    demand converge. ``converged`` fires when the gap becomes defined at or below the
    threshold or falls to it, ``diverged`` when it rises above it again, so for each demand
    they alternate, starting with ``converged``. A stance that repeats the effective position
    changes nothing and makes no event. Same-day stances of one party collapse into the last
    recorded one: only the state at the end of each day counts.
    """
    weights = dict(weights or {})
    principal_rank = _Ranks(principals)
    states: dict[Id, _DemandState] = {demand: _DemandState() for demand in weights}
    index_by_demand: dict[Id, float] = {}
    index_points: list[IndexPoint] = []

    for said_on, day in _days(sort_facts(facts, as_known_on)):
        if date_to is not None and said_on > date_to:
            break
        index_changed = False
        for demand_id, by_party in day.items():
            state = states.get(demand_id)
            if state is None:
                state = states[demand_id] = _DemandState()
            if _apply_day(
                state, demand_id, said_on, by_party, principals, principal_rank, threshold
            ):
                index = state.points[-1].index
                if index is not None and index_by_demand.get(demand_id) != index:
                    index_by_demand[demand_id] = index
                    index_changed = True
        if index_changed:
            point = _weighted_index(said_on, index_by_demand, weights)
            if not index_points or (index_points[-1].index, index_points[-1].demands_counted) != (
                point.index,
                point.demands_counted,
            ):
                index_points.append(point)

    timelines = {
        demand_id: _timeline(demand_id, state, principal_rank, date_from)
        for demand_id, state in states.items()
    }
    events = sorted(
        (event for timeline in timelines.values() for event in timeline.events),
        key=attrgetter("on"),  # stable: demand order, then the order within the demand
    )
    return Analysis(
        demands=timelines,
        index=tuple(_clip(index_points, date_from, "on")),
        events=tuple(events),
    )


def _days(
    ordered: list[StanceFact],
) -> Iterator[tuple[date, dict[Id, dict[Id, list[StanceFact]]]]]:
    """Each day's stances by demand, then party, each list in recording order."""
    day: dict[Id, dict[Id, list[StanceFact]]] = {}
    current: date | None = None
    for fact in ordered:
        if fact.said_on != current:
            if day:
                yield current, day
            day, current = {}, fact.said_on
        by_party = day.get(fact.demand_id)
        if by_party is None:
            day[fact.demand_id] = {fact.party_id: [fact]}
        elif (stances := by_party.get(fact.party_id)) is None:
            by_party[fact.party_id] = [fact]
        else:
            stances.append(fact)
    if day:
        yield current, day


def _apply_day(
    state: _DemandState,
    demand_id: Id,
    said_on: date,
    by_party: dict[Id, list[StanceFact]],
    principals: Sequence[Id],
    principal_rank: _Ranks,
    threshold: float,
) -> bool:
    """Apply one day's stances on one demand; True if a principal's position changed."""
    moves: list[tuple[Id, int | None, int, tuple[Id, ...]]] = []
    parties = by_party if len(by_party) == 1 else sorted(by_party, key=principal_rank.get_rank)
    for party_id in parties:
        stances = by_party[party_id]
        new = stances[-1].position
        old = state.positions.get(party_id)
        if old == new:
            continue
        if len(stances) == 1:  # the common case, spared the generator below
            causes = (stances[0].statement_id,)
        else:
            causes = _unique(stance.statement_id for stance in stances if stance.position == new)
        state.positions[party_id] = new
        state.steps.setdefault(party_id, []).append(Step(said_on, new, causes))
        if party_id in principal_rank:
            moves.append((party_id, old, new, causes))
    if not moves:
        return False

    positions = {party: state.positions[party] for party in principals if party in state.positions}
    gap = gap_of(positions.values())
    converged = gap is not None and gap <= threshold
    before = _positions_before_the_day(positions, moves)
    for party_id, old, new, causes in moves:
        if old is None:
            continue
        others = (position for party, position in before.items() if party != party_id)
        state.events.append(
            Event(
                kind=EventKind.SHIFT,
                on=said_on,
                demand_id=demand_id,
                statement_ids=causes,
                gap_before=state.gap,
                gap_after=gap,
                party_id=party_id,
                direction=shift_direction(old, new, others),
                old_position=old,
                new_position=new,
            )
        )
    if converged != state.converged:
        state.events.append(
            Event(
                kind=EventKind.CONVERGED if converged else EventKind.DIVERGED,
                on=said_on,
                demand_id=demand_id,
                statement_ids=_unique(cause for *_, causes in moves for cause in causes),
                gap_before=state.gap,
                gap_after=gap,
            )
        )
    state.gap, state.converged = gap, converged
    state.points.append(ChangePoint(said_on, positions, gap, index_of(gap), converged))
    return True


def _positions_before_the_day(positions: dict[Id, int], moves: list) -> dict[Id, int]:
    """The principals' positions as they stood before today's moves."""
    before = dict(positions)
    for party_id, old, *_ in moves:
        if old is None:
            del before[party_id]
        else:
            before[party_id] = old
    return before


def _weighted_index(on: date, index_by_demand: Mapping[Id, float], weights: Mapping) -> IndexPoint:
    total_weight = 0.0
    weighted = 0.0
    # In id order, not in the order demands first got an index: floating-point sums depend on
    # the order, and the result must not depend on which stances the caller passed in (all
    # of them, or only the position changes).
    for demand_id, index in sorted(index_by_demand.items()):
        weight = float(weights.get(demand_id, 1))
        total_weight += weight
        weighted += weight * index
    index = weighted / total_weight if total_weight > 0 else None
    return IndexPoint(on, index, len(index_by_demand))


def _clip[T](items: Sequence[T], date_from: date | None, attribute: str) -> list[T]:
    """The items from ``date_from`` on, the one in force then carried to ``date_from``."""
    if date_from is None:
        return list(items)
    dates = [getattr(item, attribute) for item in items]
    start = bisect.bisect_right(dates, date_from)
    clipped = list(items[start:])
    if start and dates[start - 1] <= date_from:
        carried = items[start - 1]
        if dates[start - 1] < date_from:
            carried = dataclasses.replace(carried, **{attribute: date_from})
        clipped.insert(0, carried)
    return clipped


def _timeline(
    demand_id: Id, state: _DemandState, principal_rank: _Ranks, date_from: date | None
) -> DemandTimeline:
    parties = sorted(state.steps, key=principal_rank.get_rank)
    return DemandTimeline(
        demand_id=demand_id,
        steps={party: tuple(_clip(state.steps[party], date_from, "start")) for party in parties},
        points=tuple(_clip(state.points, date_from, "on")),
        events=tuple(event for event in state.events if date_from is None or event.on >= date_from),
    )


def convergence_periods(
    points: Sequence[ChangePoint],
) -> list[tuple[date, date | None]]:
    """The spans a demand was converged, as (start, end) with end exclusive (None: still is)."""
    periods: list[tuple[date, date | None]] = []
    start: date | None = None
    for point in points:
        if point.converged and start is None:
            start = point.on
        elif not point.converged and start is not None:
            periods.append((start, point.on))
            start = None
    if start is not None:
        periods.append((start, None))
    return periods
