"""The Atom feed of a negotiation's events, on the demo data."""

import feedparser
import pytest

from negotiations.alerts.events import events_recompute
from negotiations.alerts.models import ConvergenceEvent
from tests.alerts.conftest import load_demo

pytestmark = pytest.mark.django_db


def test_the_feed_is_valid_atom_listing_the_demo_events(client, django_assert_num_queries):
    negotiation = load_demo()  # the importer records outbox work; it makes the events
    events = list(ConvergenceEvent.objects.filter(negotiation=negotiation).order_by("-on", "-id"))
    assert {e.kind for e in events} >= {"shift", "converged"}
    assert not events_recompute(negotiation=negotiation).changed

    with django_assert_num_queries(2):  # the negotiation, then the events with their joins
        response = client.get(f"/negotiations/{negotiation.slug}/events.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Russia-Ukraine talks, 2022: convergence events"
    assert [entry.id for entry in feed.entries] == [
        f"tag:parley,2022:event:{event.key}" for event in events
    ]
    converged = next(e for e in events if e.kind == "converged")
    entry = next(x for x in feed.entries if x.id.endswith(converged.key))
    assert entry.title == f"Converged: “{converged.demand.title}”"
    assert f"Gap {converged.gap_before} → {converged.gap_after}." in entry.summary
    assert entry.link.endswith(
        f"/negotiations/{negotiation.slug}/demands/{converged.demand.slug}/#{converged.on}"
    )
    assert client.get(entry.link.split("#")[0]).status_code == 200  # the demand's page
    assert [tag.term for tag in entry.tags] == ["converged"]


def test_an_unknown_negotiation_has_no_feed(client):
    assert client.get("/negotiations/nowhere/events.atom").status_code == 404
