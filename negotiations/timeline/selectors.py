"""The timeline page's data, in a fixed number of queries whatever the number of statements.

Queries: participants, demands, rounds, speakers, the stance facts (now: the position changes
and the record's first and last day; as known on a date: both history tables), the stances to
mark (now: one query per lane, stopped after MAX_MARKERS_PER_LANE + 1), the statements behind
the markers and events, and the feed page with its stances. None of them reads every stance:
the cost does not grow with the data. Everything else is the pure engine's work on the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, Max, Min, OuterRef
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
from negotiations.models import Demand, Negotiation, Participant, Round, Stance, Statement
from negotiations.timeline import charts
from negotiations.timeline.facts import (
    LIVE_FACT_COLUMNS,
    current_facts,
    end_of_day,
    live_fact,
    recorded_facts,
)
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
    thinned: bool  # more than MAX_MARKERS_PER_LANE in the window: only the moves are marked
    table: list[dict[str, Any]]
    marker_limit: int = MAX_MARKERS_PER_LANE

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
    days: list[date], rounds: list[Round], negotiation: Negotiation, filters
) -> tuple[date, date]:
    """The dates shown: the filters' range, else the data's, with a small margin each side."""
    days = [*days, *(item.date for item in rounds)]
    if negotiation.start_date:
        days.append(negotiation.start_date)
    first, last = (min(days), max(days)) if days else (timezone.localdate(),) * 2
    margin = timedelta(days=max(3, (last - first).days // 25))
    start = filters.date_from or first - margin
    end = filters.date_to or max(last + margin, start + timedelta(days=7))
    return start, end


def statement_span(negotiation: Negotiation) -> tuple[date | None, date | None]:
    """The first and last day of the negotiation's published statements (one query)."""
    span = (
        Statement.objects.published()
        .filter(negotiation=negotiation)
        .aggregate(first=Min("said_on"), last=Max("said_on"))
    )
    return span["first"], span["last"]


def negotiation_speakers(negotiation: Negotiation) -> list[Person]:
    """The people who spoke in the negotiation, by name (one query).

    One index probe per person (statement_speaker_negotiation) rather than a DISTINCT over
    every statement of the negotiation: 59 ms at 1M stances.
    """
    spoke = Statement.objects.filter(speaker=OuterRef("pk"), negotiation=negotiation)
    return list(Person.objects.filter(Exists(spoke)).order_by("name"))


def negotiation_timeline(
    *, negotiation: Negotiation, params, cursor: str | None = None
) -> Timeline:
    participants = list(Participant.objects.filter(negotiation=negotiation).select_related("party"))
    principals = [p.party for p in participants if p.role == Participant.Role.PRINCIPAL]
    demands = list(negotiation.demands.all())
    rounds = list(negotiation.rounds.all())
    speakers = negotiation_speakers(negotiation)
    parties = [p.party for p in participants]
    form = TimelineFilterForm(params, demands=demands, parties=parties, speakers=speakers)
    filters = TimelineFilters.from_form(form)
    demand = next((d for d in demands if d.slug == filters.demand), None)
    party = next((p for p in parties if p.slug == filters.party), None)
    speaker = next((p for p in speakers if p.slug == filters.speaker), None)

    known_at = end_of_day(filters.as_known_on) if filters.as_known_on else None
    if known_at is None:
        facts = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
        on_record = sort_facts(facts)
        # The position changes may end before the last statement: the record's first and
        # last days come from the statements (two probes of an index).
        days = [day for day in statement_span(negotiation) if day is not None]
    else:
        facts = recorded_facts(negotiation_id=negotiation.pk, until=known_at)
        on_record = sort_facts(facts, known_at)
        days = [fact.said_on for fact in on_record]
    start, end = window(days, rounds, negotiation, filters)
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
    shown_ids = [d.pk for d in shown]
    principal_ids = {p.pk for p in principals}
    candidates = markable(
        on_record,
        analysis,
        demand_ids=shown_ids,
        principal_ids=principal_ids,
        start=start,
        end=end,
        stances=None
        if known_at
        else stances_in_window(
            demand_ids=shown_ids, principal_ids=principal_ids, start=start, end=end
        ),
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
        marker_facts, thinned = candidates[item.pk]
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
            Lane(item, timeline, chart, len(marker_facts), thinned, lane_table(timeline, styles))
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
    speakers = negotiation_speakers(negotiation)
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


def stances_in_window(
    *, demand_ids: list[int], principal_ids: set[int], start: date, end: date
) -> dict[int, list[StanceFact]]:
    """Per demand, the principals' published stances said in [start, end], now, in order.

    At most ``MAX_MARKERS_PER_LANE + 1`` each (one query per demand, stopped there): beyond
    that limit a lane only marks the moves, so counting further would only cost time that
    grows with the data.
    """
    # The dates go into the SQL as literals, not parameters: with server-side binding a
    # query run often gets a generic plan, and for an unknown date range PostgreSQL guessed a
    # narrow one and hashed every published statement (120 ms a lane at 1M stances, against
    # 1 ms with the dates known). They are date objects, formatted here: nothing to inject.
    dates = f"{Statement._meta.db_table}.said_on BETWEEN '{start:%Y-%m-%d}' AND '{end:%Y-%m-%d}'"
    found = {}
    for demand_id in demand_ids:
        rows = (
            Stance.objects.filter(
                demand_id=demand_id,
                party_id__in=principal_ids,
                statement__status=Statement.Status.PUBLISHED,
            )
            .extra(where=[dates])  # noqa: S610 (dates formatted from date objects, above)
            .values_list(*LIVE_FACT_COLUMNS)
        )
        found[demand_id] = sort_facts(
            live_fact(*row) for row in rows.order_by()[: MAX_MARKERS_PER_LANE + 1]
        )
    return found


def markable(
    facts: list[StanceFact],
    analysis: Analysis,
    *,
    demand_ids: list[int],
    principal_ids: set[int],
    start: date,
    end: date,
    stances: dict[int, list[StanceFact]] | None = None,
) -> dict[int, tuple[list[StanceFact], bool]]:
    """Per demand: (the principals' stances to mark, whether only the moves are marked).

    Up to ``MAX_MARKERS_PER_LANE`` stances in the window, all of them; beyond, the first
    statement of each step (the moves), and if that is still too many, the latest moves. The
    lines stay exact. ``facts``: the sorted facts the analysis was made from, every stance on
    record (as known on a date) or only the position changes (now), in which case
    ``stances`` holds each demand's stances in the window (`stances_in_window`).
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
    for demand_id, candidates in by_demand.items():
        every = candidates if stances is None else stances[demand_id]
        if len(every) <= MAX_MARKERS_PER_LANE:
            result[demand_id] = (every, False)
            continue
        moves = {
            (party_id, step.statement_ids[0])
            for party_id, steps in analysis.demands[demand_id].steps.items()
            for step in steps
        }
        marked = [f for f in candidates if (f.party_id, f.statement_id) in moves]
        result[demand_id] = (marked[-MAX_MARKERS_PER_LANE:], True)
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
