"""Convergence of positions in a negotiation: a pure engine, no Django (DESIGN.md).

The selectors build ``StanceFact`` rows from the database and call ``analyse``; views, the
API and tasks all use the same result.
"""

from .engine import (
    analyse,
    convergence_periods,
    effective_positions,
    gap_of,
    index_of,
    on_record,
    position_on,
    shift_direction,
    sort_facts,
)
from .values import (
    MAX_GAP,
    MAX_POSITION,
    MIN_POSITION,
    Analysis,
    ChangePoint,
    DemandTimeline,
    Direction,
    Event,
    EventKind,
    IndexPoint,
    StanceFact,
    Step,
)

__all__ = [
    "MAX_GAP",
    "MAX_POSITION",
    "MIN_POSITION",
    "Analysis",
    "ChangePoint",
    "DemandTimeline",
    "Direction",
    "Event",
    "EventKind",
    "IndexPoint",
    "StanceFact",
    "Step",
    "analyse",
    "convergence_periods",
    "effective_positions",
    "gap_of",
    "index_of",
    "on_record",
    "position_on",
    "shift_direction",
    "sort_facts",
]
