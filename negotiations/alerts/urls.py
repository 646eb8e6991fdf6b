from django.urls import path

from negotiations.alerts.feeds import NegotiationEventsFeed

urlpatterns = [
    path(
        "negotiations/<slug:slug>/events.atom",
        NegotiationEventsFeed(),
        name="negotiation-events-feed",
    ),
]
