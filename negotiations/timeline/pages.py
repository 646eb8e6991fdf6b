"""Data of the other analysts' pages: home, one demand, one party. Fixed query counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from negotiations.convergence import Analysis, ChangePoint, Step, analyse, sort_facts
from negotiations.models import Demand, Negotiation, Participant, Stance, Statement
from negotiations.timeline import charts
from negotiations.timeline.facts import current_facts
from negotiations.timeline.feed import FeedPage, statement_feed
from negotiations.timeline.selectors import (
    EventView,
    Lane,
    MarkerItem,
    event_statement_ids,
    lane_table,
    markable,
    stances_in_window,
    statement_span,
)
from parties.models import Membership, Party

HOME_EVENTS = 4
DEMAND_PAGE_SIZE = 50


def _principals(negotiation: Negotiation) -> list[Party]:
    """From prefetched participants (no query)."""
    return [p.party for p in negotiation.participants.all() if p.role == Participant.Role.PRINCIPAL]


def _analyse(negotiation: Negotiation, facts) -> Analysis:
    return analyse(
        facts,
        principals=[party.pk for party in _principals(negotiation)],
        threshold=negotiation.convergence_threshold,
        weights={demand.pk: demand.weight for demand in negotiation.demands.all()},
    )


def _span(days: list[date]) -> tuple[date, date]:
    first, last = (min(days), max(days)) if days else (timezone.localdate(),) * 2
    margin = timedelta(days=max(3, (last - first).days // 25))
    return first - margin, last + margin


# --- Home ------------------------------------------------------------------------------------


@dataclass
class NegotiationSummary:
    negotiation: Negotiation
    principals: list[Party]
    current_index: float | None
    converged: int
    demands: int
    trend: charts.IndexChart
    trend_table: list[dict[str, Any]]
    events: list[EventView]


def home_overview() -> list[NegotiationSummary]:
    """Every negotiation with its index now, its trend, and its latest events (5 queries)."""
    negotiations = list(
        Negotiation.objects.order_by("-start_date", "title").prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("party")),
            "demands",
        )
    )
    facts = current_facts(negotiation_ids=[n.pk for n in negotiations])
    analyses = {n.pk: _analyse(n, facts[n.pk]) for n in negotiations}
    latest = {pk: list(reversed(a.events))[:HOME_EVENTS] for pk, a in analyses.items()}
    statements = Statement.objects.select_related("speaker", "party").in_bulk(
        {pk for events in latest.values() for event in events for pk in event_statement_ids(event)}
    )
    summaries = []
    for negotiation in negotiations:
        analysis = analyses[negotiation.pk]
        demands = {d.pk: d for d in negotiation.demands.all()}
        parties = {p.pk: p for p in _principals(negotiation)}
        start, end = _span([point.on for point in analysis.index])
        current = [t.current for t in analysis.demands.values() if t.current is not None]
        summaries.append(
            NegotiationSummary(
                negotiation=negotiation,
                principals=list(parties.values()),
                current_index=analysis.current_index,
                converged=sum(1 for point in current if point.converged),
                demands=len(demands),
                trend=charts.index_chart(
                    analysis.index, scale=charts.TimeScale(start, end, charts.SPARKLINE)
                ),
                trend_table=[{"on": p.on, "index": p.index} for p in analysis.index],
                events=[
                    EventView.of(e, demands[e.demand_id], parties.get(e.party_id), statements)
                    for e in latest[negotiation.pk]
                ],
            )
        )
    return summaries


# --- One demand ------------------------------------------------------------------------------


@dataclass
class DemandHistory:
    demand: Demand
    negotiation: Negotiation
    principals: list[charts.PartyStyle]
    lane: Lane
    events: list[EventView]
    page: FeedPage
    rows: list[tuple[Statement, Stance]]
    x_ticks: list[charts.Tick]


def demand_history(
    *, negotiation_slug: str, demand_slug: str, cursor: str | None
) -> DemandHistory | None:
    """One demand: its lane over its whole history, its events, and every stance (10 queries)."""
    demand = (
        Demand.objects.select_related("negotiation", "demanded_by", "addressed_to")
        .filter(negotiation__slug=negotiation_slug, slug=demand_slug)
        .first()
    )
    if demand is None:
        return None
    negotiation = demand.negotiation
    principals = [
        p.party
        for p in Participant.objects.filter(
            negotiation=negotiation, role=Participant.Role.PRINCIPAL
        ).select_related("party")
    ]
    rounds = list(negotiation.rounds.all())
    facts = current_facts(negotiation_ids=[negotiation.pk], demand_ids=[demand.pk])
    facts = facts[negotiation.pk]
    analysis = analyse(
        facts,
        principals=[p.pk for p in principals],
        threshold=negotiation.convergence_threshold,
        weights={demand.pk: demand.weight},  # so the demand has a timeline even with no stance
    )
    timeline = analysis.demands[demand.pk]
    styles = charts.party_styles(principals)
    days = [f.said_on for f in facts] + [r.date for r in rounds]
    if facts:  # the position changes may end before the last statement
        days += [day for day in statement_span(negotiation) if day is not None]
    start, end = _span(days)
    scale = charts.TimeScale(start, end, charts.LANE)

    principal_ids = {p.pk for p in principals}
    marked, thinned = markable(
        sort_facts(facts),
        analysis,
        demand_ids=[demand.pk],
        principal_ids=principal_ids,
        start=start,
        end=end,
        stances=stances_in_window(
            demand_ids=[demand.pk], principal_ids=principal_ids, start=start, end=end
        ),
    )[demand.pk]
    statements = Statement.objects.select_related("speaker", "party").in_bulk(
        {f.statement_id for f in marked}
        | {pk for e in analysis.events for pk in event_statement_ids(e)}
    )
    lane_chart = charts.lane_chart(
        timeline,
        styles=styles,
        scale=scale,
        markers=[
            (f.said_on, f.party_id, f.position, MarkerItem(statements[f.statement_id], f.position))
            for f in marked
        ],
        rounds=[(r.date, r) for r in rounds],
    )
    parties = {p.pk: p for p in principals}
    page = statement_feed(
        Statement.objects.published().filter(
            Exists(Stance.objects.filter(statement=OuterRef("pk"), demand=demand)),
            negotiation=negotiation,
        ),
        cursor=cursor,
        page_size=DEMAND_PAGE_SIZE,
    )
    return DemandHistory(
        demand=demand,
        negotiation=negotiation,
        principals=styles,
        lane=Lane(demand, timeline, lane_chart, len(marked), thinned, lane_table(timeline, styles)),
        events=[
            EventView.of(e, demand, parties.get(e.party_id), statements)
            for e in reversed(analysis.events)
        ],
        page=page,
        rows=[
            (statement, stance)
            for statement in page.statements
            for stance in statement.stances.all()
            if stance.demand_id == demand.pk
        ],
        x_ticks=charts.date_ticks(scale),
    )


# --- One party -------------------------------------------------------------------------------


@dataclass
class PartyDemandRow:
    demand: Demand
    step: Step | None
    current: ChangePoint | None
    chart: charts.LaneChart


@dataclass
class PartyNegotiation:
    negotiation: Negotiation
    role: str
    rows: list[PartyDemandRow]


@dataclass
class PartyPositions:
    party: Party
    memberships: list[Membership]
    negotiations: list[PartyNegotiation]


MINI_LANE = charts.Frame(width=240, height=40, left=2, right=2, top=6, bottom=6)


def party_positions(*, slug: str) -> PartyPositions | None:
    """A party's people, and its position now on every demand it took a stance on (6 queries)."""
    party = Party.objects.select_related("parent").filter(slug=slug).first()
    if party is None:
        return None
    memberships = list(
        Membership.objects.filter(party=party).select_related("person").order_by("person__name")
    )
    negotiations = list(
        Negotiation.objects.filter(
            Q(Exists(Participant.objects.filter(negotiation=OuterRef("pk"), party=party)))
            | Q(Exists(Statement.objects.filter(negotiation=OuterRef("pk"), party=party)))
        )
        .order_by("-start_date", "title")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("party")),
            "demands",
        )
    )
    facts = current_facts(negotiation_ids=[n.pk for n in negotiations])
    result = []
    for negotiation in negotiations:
        analysis = _analyse(negotiation, facts[negotiation.pk])
        style = charts.party_styles([party])
        days = [f.said_on for f in facts[negotiation.pk]]
        start, end = _span(days)
        scale = charts.TimeScale(start, end, MINI_LANE)
        rows = []
        for demand in negotiation.demands.all():
            timeline = analysis.demands[demand.pk]
            steps = timeline.steps.get(party.pk, ())
            if not steps:
                continue
            rows.append(
                PartyDemandRow(
                    demand=demand,
                    step=steps[-1],
                    current=timeline.current,
                    chart=charts.lane_chart(timeline, styles=style, scale=scale),
                )
            )
        role = next(
            (
                p.get_role_display()
                for p in negotiation.participants.all()
                if p.party_id == party.pk
            ),
            "speaks in",
        )
        result.append(PartyNegotiation(negotiation, role, rows))
    return PartyPositions(party, memberships, result)
