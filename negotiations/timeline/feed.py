"""The statement feed: filtered statements, newest first, keyset-paged on (said_on, id).

A cursor is the date and id of the last statement shown ("2022-03-16.42"), so a page costs
the same however deep it is, and statements recorded meanwhile never shift the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from negotiations.models import Negotiation, Stance, Statement
from negotiations.timeline.forms import TimelineFilters
from parties.models import Party, Person

FEED_PAGE_SIZE = 20


def parse_cursor(value: str | None) -> tuple[date, int] | None:
    """A feed cursor "2022-03-16.42" (date and id of the last statement shown), or None."""
    if not value:
        return None
    day, _, pk = value.partition(".")
    try:
        return date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def cursor_of(statement: Statement) -> str:
    return f"{statement.said_on.isoformat()}.{statement.pk}"


@dataclass
class FeedPage:
    statements: list[Statement]
    next_cursor: str | None
    cursor: str | None = None


def visible_statements(*, negotiation: Negotiation, known_at: datetime | None):
    """Published statements; as known at a moment, those whose version then was published."""
    statements = Statement.objects.filter(negotiation=negotiation)
    if known_at is None:
        return statements.published()
    status_then = (
        Statement.history.filter(id=OuterRef("pk"), history_date__lte=known_at)
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    return statements.annotate(status_then=Subquery(status_then)).filter(
        status_then=Statement.Status.PUBLISHED
    )


def narrowing(filters: TimelineFilters, *, party: Party | None, speaker: Person | None) -> Q:
    """The party, speaker and text filters as one condition on statements."""
    condition = Q()
    if party is not None:
        condition &= Q(party=party)
    if speaker is not None:
        condition &= Q(speaker=speaker)
    if filters.q:
        condition &= Q(text__icontains=filters.q) | Q(translation__icontains=filters.q)
    return condition


def statement_feed(statements, *, cursor: str | None, page_size: int = FEED_PAGE_SIZE) -> FeedPage:
    """One page of ``statements`` (a filtered queryset), newest first, with their stances."""
    position = parse_cursor(cursor)
    if position is not None:
        day, pk = position
        statements = statements.filter(Q(said_on__lt=day) | Q(said_on=day, id__lt=pk))
    rows = list(
        statements.select_related("speaker", "party", "source")
        .prefetch_related(
            Prefetch(
                "stances",
                queryset=Stance.objects.select_related("demand", "party").order_by(
                    "demand_id", "party_id"
                ),
            )
        )
        .order_by("-said_on", "-id")[: page_size + 1]
    )
    more = len(rows) > page_size
    rows = rows[:page_size]
    return FeedPage(rows, cursor_of(rows[-1]) if more else None, cursor if position else None)


def feed_queryset(negotiation, known_at, filters, demand, party, speaker):
    """The statements the feed lists for these filters (the cursor is applied later)."""
    statements = visible_statements(negotiation=negotiation, known_at=known_at).filter(
        narrowing(filters, party=party, speaker=speaker)
    )
    if demand is not None:
        statements = statements.filter(
            Exists(Stance.objects.filter(statement=OuterRef("pk"), demand=demand))
        )
    if filters.date_from:
        statements = statements.filter(said_on__gte=filters.date_from)
    if filters.date_to:
        statements = statements.filter(said_on__lte=filters.date_to)
    return statements
