"""Convergence events as rows: computed by the engine from the position changes, stored once.

`computed_events` asks the pure engine; `events_recompute` makes the stored rows of one demand
equal to that answer (create, update, delete), so running it twice changes nothing the second
time; `events_check` compares without writing (the nightly consistency check).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from negotiations.alerts.models import ConvergenceEvent
from negotiations.convergence import analyse
from negotiations.models import Demand, Negotiation, Participant
from negotiations.timeline.facts import current_facts


@dataclass(frozen=True)
class EventSpec:
    """What one stored event must hold."""

    key: str
    demand_id: int
    kind: str
    on: date
    party_id: int | None
    direction: str
    old_position: int | None
    new_position: int | None
    gap_before: int | None
    gap_after: int | None
    positions: dict
    statement_ids: tuple[int, ...]

    def fields(self) -> dict:
        return {
            "demand_id": self.demand_id,
            "kind": self.kind,
            "on": self.on,
            "party_id": self.party_id,
            "direction": self.direction,
            "old_position": self.old_position,
            "new_position": self.new_position,
            "gap_before": self.gap_before,
            "gap_after": self.gap_after,
            "positions": self.positions,
        }


@dataclass
class RecomputeResult:
    """Event ids created/updated and keys deleted (`events_check`: created are keys, unsaved)."""

    created: list[int | str] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def event_key(*, demand_id: int, kind: str, on: date, party_id: int | None) -> str:
    """The engine makes at most one event per (demand, kind, day, moving party)."""
    return f"{demand_id}:{kind}:{on.isoformat()}:{party_id if party_id is not None else '-'}"


def computed_events(
    *, negotiation: Negotiation, demand_ids: Iterable[int] | None = None
) -> dict[str, EventSpec]:
    """The events the engine finds now, by key, for some demands (None: all of them)."""
    demand_ids = None if demand_ids is None else list(demand_ids)
    principals = list(
        Participant.objects.filter(
            negotiation=negotiation, role=Participant.Role.PRINCIPAL
        ).values_list("party_id", "party__slug")
    )
    slugs = dict(principals)
    analysis = analyse(
        current_facts(negotiation_ids=[negotiation.pk], demand_ids=demand_ids)[negotiation.pk],
        principals=[party_id for party_id, _ in principals],
        threshold=negotiation.convergence_threshold,
    )
    specs: dict[str, EventSpec] = {}
    for timeline in analysis.demands.values():
        positions_on = {point.on: point.positions for point in timeline.points}
        for event in timeline.events:
            key = event_key(
                demand_id=event.demand_id, kind=event.kind, on=event.on, party_id=event.party_id
            )
            positions = positions_on.get(event.on, {})
            specs[key] = EventSpec(
                key=key,
                demand_id=event.demand_id,
                kind=str(event.kind),
                on=event.on,
                party_id=event.party_id,
                direction=str(event.direction) if event.direction else "",
                old_position=event.old_position,
                new_position=event.new_position,
                gap_before=event.gap_before,
                gap_after=event.gap_after,
                positions={slugs[party]: value for party, value in positions.items()},
                statement_ids=tuple(sorted(event.statement_ids)),
            )
    return specs


def _stored(demand_ids: Iterable[int]) -> dict[str, tuple[ConvergenceEvent, tuple[int, ...]]]:
    events = ConvergenceEvent.objects.filter(demand_id__in=list(demand_ids)).prefetch_related(
        "statements"
    )
    return {
        event.key: (event, tuple(sorted(s.pk for s in event.statements.all()))) for event in events
    }


def _differs(event: ConvergenceEvent, statement_ids: tuple[int, ...], spec: EventSpec) -> bool:
    if statement_ids != spec.statement_ids:
        return True
    return any(getattr(event, name) != value for name, value in spec.fields().items())


def _demand_ids(negotiation: Negotiation, demand_ids: Iterable[int] | None) -> list[int]:
    if demand_ids is not None:
        return list(demand_ids)
    return list(Demand.objects.filter(negotiation=negotiation).values_list("pk", flat=True))


@transaction.atomic
def events_recompute(
    *, negotiation: Negotiation, demand_ids: Iterable[int] | None = None
) -> RecomputeResult:
    """Make the stored events of these demands (None: all) equal to the engine's answer."""
    demand_ids = _demand_ids(negotiation, demand_ids)
    # Serialise recomputations of one demand: two workers would otherwise insert one key twice.
    list(Demand.objects.select_for_update().filter(pk__in=demand_ids).order_by("pk").values("pk"))
    wanted = computed_events(negotiation=negotiation, demand_ids=demand_ids)
    stored = _stored(demand_ids)
    result = RecomputeResult()
    for key, (event, _) in stored.items():
        if key not in wanted:
            event.delete()
            result.deleted.append(key)
    for key, spec in wanted.items():
        existing = stored.get(key)
        if existing is None:
            event = ConvergenceEvent(key=key, negotiation=negotiation, **spec.fields())
            event.full_clean(exclude=["statements"], validate_constraints=False)
            event.save()
            event.statements.set(spec.statement_ids)
            result.created.append(event.pk)
        elif _differs(*existing, spec):
            event = existing[0]
            for name, value in spec.fields().items():
                setattr(event, name, value)
            event.save()
            event.statements.set(spec.statement_ids)
            result.updated.append(event.pk)
    return result


def events_check(*, negotiation: Negotiation) -> RecomputeResult:
    """What `events_recompute` would change for the whole negotiation, without writing."""
    demand_ids = _demand_ids(negotiation, None)
    wanted = computed_events(negotiation=negotiation, demand_ids=demand_ids)
    stored = _stored(demand_ids)
    result = RecomputeResult()
    result.deleted = [key for key in stored if key not in wanted]
    for key, spec in wanted.items():
        if key not in stored:
            result.created.append(key)  # keys: these rows do not exist yet
        elif _differs(*stored[key], spec):
            result.updated.append(stored[key][0].pk)
    return result
