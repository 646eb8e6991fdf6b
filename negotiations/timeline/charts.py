"""Geometry of the server-rendered SVG charts: plain numbers for the templates to draw.

The templates draw exactly what the engine computed (the same points the data tables list);
this module only maps dates and positions to coordinates in each chart's viewBox. The SVGs
scale to their container's width, so the viewBox units are not pixels.
"""

from __future__ import annotations

import calendar
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from negotiations.convergence import MAX_POSITION, MIN_POSITION, DemandTimeline, IndexPoint

#: Marker shapes, assigned to principals in order, so that parties differ by more than colour.
SHAPES = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
POSITION_LABELS = {2: "supports", 1: "conditional", 0: "open", -1: "resists", -2: "rejects"}


@dataclass(frozen=True, slots=True)
class Frame:
    """A chart's viewBox and the plotting area inside it."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def label_x(self) -> float:
        """Where the y axis labels end (they are right-aligned)."""
        return self.left - 6

    @property
    def plot_right(self) -> float:
        return self.width - self.right

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


LANE = Frame(width=760, height=84, left=92, right=16, top=10, bottom=18)
INDEX = Frame(width=760, height=110, left=92, right=16, top=10, bottom=18)
SPARKLINE = Frame(width=160, height=36, left=2, right=2, top=3, bottom=3)


@dataclass(frozen=True, slots=True)
class TimeScale:
    start: date
    end: date
    frame: Frame

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        offset = min(max((day - self.start).days, 0), span)
        return round(self.frame.left + self.frame.plot_width * offset / span, 1)

    @property
    def x_end(self) -> float:
        return round(self.frame.width - self.frame.right, 1)


def _y(value: float, low: float, high: float, frame: Frame) -> float:
    plot_height = frame.height - frame.top - frame.bottom
    return round(frame.top + plot_height * (high - value) / (high - low), 1)


def position_y(position: float, frame: Frame = LANE) -> float:
    return _y(position, MIN_POSITION, MAX_POSITION, frame)


def index_y(index: float, frame: Frame = INDEX) -> float:
    return _y(index, 0, 1, frame)


def marker_path(shape: str, x: float, y: float, r: float = 4.5) -> str:
    """An SVG path for a marker centred on (x, y); a path for every shape keeps templates flat."""
    if shape == "square":
        return f"M{x - r:g} {y - r:g}h{2 * r:g}v{2 * r:g}h{-2 * r:g}z"
    if shape == "triangle":
        return f"M{x:g} {y - r * 1.2:g}L{x + r * 1.1:g} {y + r * 0.9:g}H{x - r * 1.1:g}z"
    if shape == "triangle-down":
        return f"M{x:g} {y + r * 1.2:g}L{x + r * 1.1:g} {y - r * 0.9:g}H{x - r * 1.1:g}z"
    if shape == "diamond":
        s = r * 1.3
        return f"M{x:g} {y - s:g}L{x + s:g} {y:g}L{x:g} {y + s:g}L{x - s:g} {y:g}z"
    if shape == "cross":
        w = r / 2.5
        return (
            f"M{x - w:g} {y - r:g}h{2 * w:g}v{r - w:g}h{r - w:g}v{2 * w:g}h{w - r:g}v{r - w:g}"
            f"h{-2 * w:g}v{w - r:g}h{w - r:g}v{-2 * w:g}h{r - w:g}z"
        )
    return f"M{x - r:g} {y:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0z"


@dataclass(frozen=True, slots=True)
class PartyStyle:
    party_id: Hashable
    name: str
    short_name: str
    slug: str
    color: str
    shape: str

    @property
    def swatch(self) -> str:
        """The marker shape for a 14 x 14 legend icon."""
        return marker_path(self.shape, 7, 7, 4.5)


def party_styles(parties: Sequence[Any]) -> list[PartyStyle]:
    """Styles for the principals, in order: each its colour and its own marker shape."""
    return [
        PartyStyle(
            party_id=party.pk,
            name=party.name,
            short_name=party.short_name or party.name,
            slug=party.slug,
            color=party.color,
            shape=SHAPES[rank % len(SHAPES)],
        )
        for rank, party in enumerate(parties)
    ]


@dataclass(frozen=True, slots=True)
class Line:
    style: PartyStyle
    d: str


@dataclass(frozen=True, slots=True)
class Band:
    x: float
    width: float
    y: float
    height: float
    converged: bool


@dataclass(frozen=True, slots=True)
class Marker:
    style: PartyStyle
    x: float
    y: float
    d: str
    item: Any  # whatever the view attached: the statement the marker links to


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class RoundLine:
    x: float
    item: Any


@dataclass(frozen=True, slots=True)
class LaneChart:
    frame: Frame
    lines: list[Line]
    bands: list[Band]
    markers: list[Marker]
    rounds: list[RoundLine]
    y_ticks: list[Tick] = field(default_factory=list)


def lane_chart(
    timeline: DemandTimeline,
    *,
    styles: Sequence[PartyStyle],
    scale: TimeScale,
    markers: Iterable[tuple[date, Hashable, int, Any]] = (),
    rounds: Iterable[tuple[date, Any]] = (),
) -> LaneChart:
    """One demand's lane: the principals' step lines, the gap band, markers and rounds.

    ``markers``: (said on, party id, position, item) for each stance to mark; parties without a
    style (non-principals) are left out. ``rounds``: (date, item) for each round.
    """
    frame = scale.frame
    by_party = {style.party_id: style for style in styles}
    lines = []
    for style in styles:
        steps = timeline.steps.get(style.party_id, ())
        if not steps:
            continue
        d = [f"M{scale.x(steps[0].start):g} {position_y(steps[0].position):g}"]
        for step in steps[1:]:
            d.append(f"H{scale.x(step.start):g}V{position_y(step.position):g}")
        d.append(f"H{scale.x_end:g}")
        lines.append(Line(style, "".join(d)))

    bands = []
    points = [point for point in timeline.points if point.on <= scale.end]
    for point, following in zip(points, [*points[1:], None], strict=False):
        if point.gap is None:
            continue
        x0 = scale.x(point.on)
        x1 = scale.x(following.on) if following else scale.x_end
        high, low = max(point.positions.values()), min(point.positions.values())
        y0, y1 = position_y(high), position_y(low)
        if y1 - y0 < 6:  # a gap of 0 still shows as a thin band
            y0, y1 = y0 - 3, y1 + 3
        bands.append(Band(x0, round(x1 - x0, 1), y0, round(y1 - y0, 1), point.converged))

    placed = [
        Marker(
            style=by_party[party_id],
            x=scale.x(said_on),
            y=position_y(position),
            d=marker_path(by_party[party_id].shape, scale.x(said_on), position_y(position)),
            item=item,
        )
        for said_on, party_id, position, item in markers
        if party_id in by_party and scale.start <= said_on <= scale.end
    ]
    round_lines = [
        RoundLine(scale.x(day), item) for day, item in rounds if scale.start <= day <= scale.end
    ]
    y_ticks = [
        Tick(position_y(value), f"{value:+d} {POSITION_LABELS[value]}" if value else "0 open")
        for value in (2, 0, -2)
    ]
    return LaneChart(frame, lines, bands, placed, round_lines, y_ticks)


@dataclass(frozen=True, slots=True)
class IndexChart:
    frame: Frame
    d: str
    area: str
    y_ticks: list[Tick]


def index_chart(points: Sequence[IndexPoint], *, scale: TimeScale) -> IndexChart:
    """The negotiation's index as a step line (and the area under it) from 0 to 1."""
    frame = scale.frame
    defined = [point for point in points if point.index is not None and point.on <= scale.end]
    if not defined:
        return IndexChart(frame, "", "", _index_ticks(frame))
    d = [f"M{scale.x(defined[0].on):g} {index_y(defined[0].index, frame):g}"]
    for point in defined[1:]:
        d.append(f"H{scale.x(point.on):g}V{index_y(point.index, frame):g}")
    d.append(f"H{scale.x_end:g}")
    base = index_y(0, frame)
    line = "".join(d)
    area = f"{line}V{base:g}H{scale.x(defined[0].on):g}z"
    return IndexChart(frame, line, area, _index_ticks(frame))


def _index_ticks(frame: Frame) -> list[Tick]:
    if frame is SPARKLINE:
        return []
    return [Tick(index_y(value, frame), f"{value:g}") for value in (1, 0.5, 0)]


def date_ticks(scale: TimeScale, most: int = 8) -> list[Tick]:
    """Date labels along the x axis: days, weeks, months or years, whichever fit ``most``."""
    days = (scale.end - scale.start).days
    if days <= most:
        step_days = 1
    elif days <= most * 7:
        step_days = 7
    else:
        step_days = 0
    ticks = []
    if step_days:
        day = scale.start
        while day <= scale.end:
            ticks.append(Tick(scale.x(day), f"{calendar.month_abbr[day.month]} {day.day}"))
            day += timedelta(days=step_days)
        return ticks
    months = next((m for m in (1, 2, 3, 6) if days / 30.4 / m <= most), 0)
    if not months:
        years = max(1, -(-(days // 365) // most))
        for year in range(scale.start.year + 1, scale.end.year + 1, years):
            ticks.append(Tick(scale.x(date(year, 1, 1)), str(year)))
        return ticks
    year, month, step = scale.start.year, scale.start.month, 1  # from the next month's first day
    while True:
        month += step
        year, month, step = year + (month - 1) // 12, (month - 1) % 12 + 1, months
        day = date(year, month, 1)
        if day > scale.end:
            return ticks
        label = calendar.month_abbr[month] + (f" {year}" if month == 1 or not ticks else "")
        ticks.append(Tick(scale.x(day), label))
