"""The plain data the convergence engine takes and returns (frozen dataclasses).

Ids (stance, statement, demand, party) are opaque hashable values: database primary keys in the
application, slugs or small integers in tests. Within one call they must be of one comparable
type, because the stance id is the last tie-breaker of the sort.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

type Id = Hashable

MIN_POSITION = -2
MAX_POSITION = 2
#: The widest possible gap (a party at +2, another at -2): the index is 1 - gap / MAX_GAP.
MAX_GAP = MAX_POSITION - MIN_POSITION


@dataclass(frozen=True, slots=True, kw_only=True)
class StanceFact:
    """One version of one published stance, and the time span it was on record.

    ``recorded_from``/``recorded_until`` bound the interval during which this version of the
    stance was on record as published (from the history tables): an edit of the position, or a
    retraction of the statement, closes it. ``recorded_until`` is None while it still is.
    ``recorded_at`` is when the stance was first recorded; it breaks ties between stances of one
    party on one demand said on the same day (the later recorded wins) and does not move when
    the stance is later corrected. It defaults to ``recorded_from``.
    """

    stance_id: Id
    statement_id: Id
    demand_id: Id
    party_id: Id
    position: int
    said_on: date
    recorded_from: datetime
    recorded_until: datetime | None = None
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        if not MIN_POSITION <= self.position <= MAX_POSITION:
            raise ValueError(
                f"stance {self.stance_id!r}: position {self.position} is outside "
                f"{MIN_POSITION}..{MAX_POSITION}"
            )
        if self.recorded_until is not None and self.recorded_until <= self.recorded_from:
            raise ValueError(
                f"stance {self.stance_id!r}: recorded_until must be later than recorded_from"
            )

    def on_record_at(self, moment: datetime) -> bool:
        """Whether this version was on record at ``moment``."""
        return self.recorded_from <= moment and (
            self.recorded_until is None or moment < self.recorded_until
        )

    @property
    def first_recorded(self) -> datetime:
        return self.recorded_at if self.recorded_at is not None else self.recorded_from


@dataclass(frozen=True, slots=True)
class Step:
    """From ``start`` on (until the next step), a party's effective position on a demand.

    ``statement_ids``: the statements of that day that stated this position for the party,
    in the order they were recorded.
    """

    start: date
    position: int
    statement_ids: tuple[Id, ...]


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """The state of one demand from ``on`` until the next change point.

    ``positions`` holds the principals whose effective position is known, in the order the
    principals were given. ``gap`` and ``index`` are None with fewer than two of them.
    """

    on: date
    positions: Mapping[Id, int]
    gap: int | None
    index: float | None
    converged: bool


@dataclass(frozen=True, slots=True)
class IndexPoint:
    """The negotiation's weight-averaged index from ``on`` on; None while no gap is defined."""

    on: date
    index: float | None
    demands_counted: int


class EventKind(StrEnum):
    SHIFT = "shift"
    CONVERGED = "converged"
    DIVERGED = "diverged"


class Direction(StrEnum):
    CONCESSION = "concession"
    HARDENING = "hardening"


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something that happened to a demand on a date, and the statements that caused it.

    For ``shift``: ``party_id`` moved from ``old_position`` to ``new_position``, ``direction``
    says whether that was a concession or a hardening (None when neither, see
    ``engine.shift_direction``). For ``converged``/``diverged``: ``party_id`` is None and the
    statements are those that moved or first placed a principal that day.
    """

    kind: EventKind
    on: date
    demand_id: Id
    statement_ids: tuple[Id, ...]
    gap_before: int | None
    gap_after: int | None
    party_id: Id | None = None
    direction: Direction | None = None
    old_position: int | None = None
    new_position: int | None = None


@dataclass(frozen=True, slots=True)
class DemandTimeline:
    """Everything the engine says about one demand, clipped to the requested window."""

    demand_id: Id
    #: Every party with a stance (principals first), its step function as a list of steps.
    steps: Mapping[Id, tuple[Step, ...]]
    points: tuple[ChangePoint, ...]
    events: tuple[Event, ...]

    @property
    def current(self) -> ChangePoint | None:
        """The state at the end of the window (None if no principal is known by then)."""
        return self.points[-1] if self.points else None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The result of ``engine.analyse``: per-demand timelines, the index, and all events."""

    demands: Mapping[Id, DemandTimeline]
    index: tuple[IndexPoint, ...]
    #: Every event of every demand, in date order (demand order, then shifts, then the rest).
    events: tuple[Event, ...] = field(default=())

    @property
    def current_index(self) -> float | None:
        return self.index[-1].index if self.index else None
