"""The Atom feed of a negotiation's convergence events, for feed readers."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from negotiations.alerts.models import ConvergenceEvent
from negotiations.models import Negotiation, Position

FEED_SIZE = 100


def _position(value: int | None) -> str:
    return "unknown" if value is None else f"{Position(value).label} ({value:+d})"


class NegotiationEventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str) -> Negotiation:
        return get_object_or_404(Negotiation, slug=slug)

    def title(self, negotiation: Negotiation) -> str:
        return f"{negotiation.title}: convergence events"

    def subtitle(self, negotiation: Negotiation) -> str:
        return "Shifts of position, convergence and divergence on each demand."

    def link(self, negotiation: Negotiation) -> str:
        return f"/negotiations/{negotiation.slug}/"

    def feed_url(self, negotiation: Negotiation) -> str:
        return f"/negotiations/{negotiation.slug}/events.atom"

    def items(self, negotiation: Negotiation):
        return list(
            ConvergenceEvent.objects.filter(negotiation=negotiation)
            .select_related("negotiation", "demand", "party")
            .order_by("-on", "-id")[:FEED_SIZE]
        )

    def item_title(self, event: ConvergenceEvent) -> str:
        if event.kind == "shift":
            label = event.get_direction_display() or "Shift"
            return f"{label}: {event.party} on “{event.demand}”"
        return f"{event.get_kind_display()}: “{event.demand}”"

    def item_description(self, event: ConvergenceEvent) -> str:
        parts = [f"Gap {event.gap_before} → {event.gap_after}."]
        if event.kind == "shift":
            parts.insert(
                0,
                f"{event.party} moved from {_position(event.old_position)} "
                f"to {_position(event.new_position)}.",
            )
        if event.positions:
            parts.append(
                "Positions: "
                + ", ".join(f"{party} {value:+d}" for party, value in event.positions.items())
                + "."
            )
        return " ".join(parts)

    def item_link(self, event: ConvergenceEvent) -> str:
        # The demand's page on the timeline; the date makes entries of one demand distinct.
        slug = event.negotiation.slug
        return f"/negotiations/{slug}/demands/{event.demand.slug}/#{event.on:%Y-%m-%d}"

    def item_guid(self, event: ConvergenceEvent) -> str:
        return f"tag:parley,2022:event:{event.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: ConvergenceEvent) -> datetime:
        return timezone.make_aware(datetime.combine(event.on, time.min))

    def item_updateddate(self, event: ConvergenceEvent) -> datetime:
        return event.updated_at

    def item_categories(self, event: ConvergenceEvent) -> list[str]:
        return [event.kind]
