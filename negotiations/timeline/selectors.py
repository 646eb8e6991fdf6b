"""The timeline page's data, in a fixed number of queries whatever the number of statements.

Queries: participants, demands, rounds, speakers, the stance facts (one query now, two as
known on a date), the statements behind the markers and events, and the feed page with its
stances. Everything else is the pure engine's work on the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
)
from django.utils import timezone

from negotiations.convergence import (
    Analysis,
    ChangePoint,
    DemandTimeline,
    Event,
    EventKind,
    StanceFact,
    analyse,
    sort_facts,
)
from negotiations.models import Demand, Negotiation, Participant, Round, Statement
from negotiations.timeline import charts
from negotiations.timeline.facts import current_facts, end_of_day, recorded_facts
from negotiations.timeline.feed import FeedPage, feed_queryset, narrowing, statement_feed
from negotiations.timeline.forms import TimelineFilterForm, TimelineFilters
from parties.models import Party, Person

#: Beyond this many stances in a lane's window, only the ones that moved a position get a
#: marker (the lines stay exact); the page says so and narrower dates show them all.
MAX_MARKERS_PER_LANE = 300
EVENTS_SHOWN = 12
#: Statements named per event; a day on which many said the same shows "and N more".
EVENT_STATEMENTS_SHOWN = 3


def event_statement_ids(event: Event) -> tuple:
    return event.statement_ids[:EVENT_STATEMENTS_SHOWN]


# --- The timeline page -----------------------------------------------------------------------


@dataclass
class Lane:
    demand: Demand
    timeline: DemandTimeline
    chart: charts.LaneChart
    marked: int  # stances with a marker
    total: int  # principals' stances in the window
    table: list[dict[str, Any]]

    @property
    def thinned(self) -> bool:
        return self.marked < self.total

    @property
    def current(self) -> ChangePoint | None:
        return self.timeline.current


@dataclass
class EventView:
    """An event with what the page shows of it: at most a few of its statements."""

    event: Event
    demand: Demand
    party: Party | None
    statements: list[Statement]
    more: int = 0

    @classmethod
    def of(cls, event: Event, demand: Demand, party: Party | None, statements: dict):
        shown = event_statement_ids(event)
        return cls(
            event,
            demand,
            party,
            [statements[pk] for pk in shown if pk in statements],
            len(event.statement_ids) - len(shown),
        )

    @property
    def label(self) -> str:
        if self.event.kind == EventKind.SHIFT:
            return self.event.direction or "shift"
        return str(self.event.kind)


@dataclass
class Timeline:
    negotiation: Negotiation
    form: TimelineFilterForm
    filters: TimelineFilters
    principals: list[charts.PartyStyle]
    demands: list[Demand]
    lanes: list[Lane]
    index_chart: charts.IndexChart
    index_table: list[dict[str, Any]]
    current_index: float | None
    x_ticks: list[charts.Tick]
    lane_ticks: list[charts.Tick]
    scale: charts.TimeScale
    events: list[EventView]
    feed: FeedPage
    rounds: list[Round] = field(default_factory=list)


def window(
    facts: list[StanceFact], rounds: list[Round], negotiation: Negotiation, filters
) -> tuple[date, date]:
    """The dates shown: the filters' range, else the data's, with a small margin each side."""
    days = [fact.said_on for fact in facts] + [item.date for item in rounds]
    if negotiation.start_date:
        days.append(negotiation.start_date)
    first, last = (min(days), max(days)) if days else (timezone.localdate(),) * 2
    margin = timedelta(days=max(3, (last - first).days // 25))
    start = filters.date_from or first - margin
    end = filters.date_to or max(last + margin, start + timedelta(days=7))
    return start, end


def negotiation_timeline(
    *, negotiation: Negotiation, params, cursor: str | None = None
) -> Timeline:
    participants = list(Participant.objects.filter(negotiation=negotiation).select_related("party"))
    principals = [p.party for p in participants if p.role == Participant.Role.PRINCIPAL]
    demands = list(negotiation.demands.all())
    rounds = list(negotiation.rounds.all())
    speakers = list(
        Person.objects.filter(statements__negotiation=negotiation).distinct().order_by("name")
    )
    parties = [p.party for p in participants]
    form = TimelineFilterForm(params, demands=demands, parties=parties, speakers=speakers)
    filters = TimelineFilters.from_form(form)
    demand = next((d for d in demands if d.slug == filters.demand), None)
    party = next((p for p in parties if p.slug == filters.party), None)
    speaker = next((p for p in speakers if p.slug == filters.speaker), None)

    known_at = end_of_day(filters.as_known_on) if filters.as_known_on else None
    if known_at is None:
        facts = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    else:
        facts = recorded_facts(negotiation_id=negotiation.pk, until=known_at)
    on_record = sort_facts(facts, known_at)
    start, end = window(on_record, rounds, negotiation, filters)
    analysis = analyse(
        on_record,
        principals=[p.pk for p in principals],
        threshold=negotiation.convergence_threshold,
        weights={d.pk: d.weight for d in demands},
        date_from=start,
        date_to=end,
    )
    styles = charts.party_styles(principals)
    shown = [demand] if demand else demands

    # Which stances get a marker, then one query for their statements and the events'.
    candidates = markable(
        on_record,
        analysis,
        demand_ids=[d.pk for d in shown],
        principal_ids={p.pk for p in principals},
        start=start,
        end=end,
    )
    events = [e for e in reversed(analysis.events) if e.demand_id in {d.pk for d in shown}][
        :EVENTS_SHOWN
    ]
    wanted = {f.statement_id for facts_ in candidates.values() for f in facts_[0]}
    wanted |= {pk for event in events for pk in event_statement_ids(event)}
    statements = {
        s.pk: s
        for s in Statement.objects.filter(id__in=wanted)
        .select_related("speaker", "party")
        .annotate(
            matches=ExpressionWrapper(
                narrowing(filters, party=party, speaker=speaker), output_field=BooleanField()
            )
        )
    }

    lane_scale = charts.TimeScale(start, end, charts.LANE)
    lanes = []
    for item in shown:
        timeline = analysis.demands[item.pk]
        marker_facts, total = candidates[item.pk]
        markers = [
            (f.said_on, f.party_id, f.position, _marker(f, statements[f.statement_id]))
            for f in marker_facts
            if f.statement_id in statements and statements[f.statement_id].matches
        ]
        chart = charts.lane_chart(
            timeline,
            styles=styles,
            scale=lane_scale,
            markers=markers,
            rounds=[(r.date, r) for r in rounds],
        )
        lanes.append(
            Lane(item, timeline, chart, len(marker_facts), total, lane_table(timeline, styles))
        )

    index_scale = charts.TimeScale(start, end, charts.INDEX)
    feed_statements = feed_queryset(negotiation, known_at, filters, demand, party, speaker)
    by_id = {d.pk: d for d in demands}
    parties_by_id = {p.pk: p for p in parties}
    return Timeline(
        negotiation=negotiation,
        form=form,
        filters=filters,
        principals=styles,
        demands=demands,
        lanes=lanes,
        index_chart=charts.index_chart(analysis.index, scale=index_scale),
        index_table=[
            {"on": p.on, "index": p.index, "demands": p.demands_counted} for p in analysis.index
        ],
        current_index=analysis.current_index,
        x_ticks=charts.date_ticks(index_scale),
        lane_ticks=charts.date_ticks(lane_scale),
        scale=lane_scale,
        events=[
            EventView.of(e, by_id[e.demand_id], parties_by_id.get(e.party_id), statements)
            for e in events
        ],
        feed=statement_feed(feed_statements, cursor=cursor),
        rounds=[r for r in rounds if start <= r.date <= end],
    )


def timeline_feed(*, negotiation: Negotiation, params, cursor: str | None) -> FeedPage:
    """Only the feed page ("load more"): the filters' three queries plus the page's two."""
    demands = list(negotiation.demands.all())
    parties = [p.party for p in negotiation.participants.select_related("party")]
    speakers = list(
        Person.objects.filter(statements__negotiation=negotiation).distinct().order_by("name")
    )
    form = TimelineFilterForm(params, demands=demands, parties=parties, speakers=speakers)
    filters = TimelineFilters.from_form(form)
    known_at = end_of_day(filters.as_known_on) if filters.as_known_on else None
    statements = feed_queryset(
        negotiation,
        known_at,
        filters,
        next((d for d in demands if d.slug == filters.demand), None),
        next((p for p in parties if p.slug == filters.party), None),
        next((p for p in speakers if p.slug == filters.speaker), None),
    )
    return statement_feed(statements, cursor=cursor)


def markable(
    facts: list[StanceFact],
    analysis: Analysis,
    *,
    demand_ids: list[int],
    principal_ids: set[int],
    start: date,
    end: date,
) -> dict[int, tuple[list[StanceFact], int]]:
    """Per demand: (the principals' stances to mark, how many there were in the window).

    Up to ``MAX_MARKERS_PER_LANE`` all of them; beyond, the first statement of each step
    (the moves), and if that is still too many, the latest moves. The lines stay exact.
    """
    by_demand: dict[int, list[StanceFact]] = {pk: [] for pk in demand_ids}
    for fact in facts:  # sorted, so each list is in date order
        if (
            fact.demand_id in by_demand
            and fact.party_id in principal_ids
            and start <= fact.said_on <= end
        ):
            by_demand[fact.demand_id].append(fact)
    result = {}
    for demand_id, marked in by_demand.items():
        total = len(marked)
        if total > MAX_MARKERS_PER_LANE:
            moves = {
                (party_id, step.statement_ids[0])
                for party_id, steps in analysis.demands[demand_id].steps.items()
                for step in steps
            }
            marked = [f for f in marked if (f.party_id, f.statement_id) in moves]
            marked = marked[-MAX_MARKERS_PER_LANE:]
        result[demand_id] = (marked, total)
    return result


@dataclass(frozen=True)
class MarkerItem:
    statement: Statement
    position: int

    @property
    def tooltip(self) -> str:
        statement = self.statement
        words = statement.text if len(statement.text) <= 240 else statement.text[:237] + "..."
        who = statement.speaker.name if statement.speaker else statement.party.name
        return (
            f"{statement.said_on:%Y-%m-%d}, {who} ({statement.party.name}): "
            f"{charts.POSITION_LABELS[self.position]} ({self.position:+d})\n{words}"
        )


def _marker(fact: StanceFact, statement: Statement) -> MarkerItem:
    return MarkerItem(statement, fact.position)


def lane_table(timeline: DemandTimeline, styles) -> list[dict[str, Any]]:
    return [
        {
            "on": point.on,
            "positions": [point.positions.get(style.party_id) for style in styles],
            "gap": point.gap,
            "index": point.index,
            "converged": point.converged,
        }
        for point in timeline.points
    ]
