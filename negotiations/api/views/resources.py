"""Read-only resources: parties, people, memberships, negotiations, rounds, demands, sources."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.generics import get_object_or_404

from negotiations.api import filters, serializers
from negotiations.api.views.base import ReadOnlyViewSet
from negotiations.models import Demand, Negotiation, Participant, Round, Source
from parties.models import Membership, Party, Person

SLUG = r"[-a-zA-Z0-9_]+"
# Routes take any segment so that a malformed slug or id gets the API's JSON 404.
ANY = r"[^/]+"


class PartyViewSet(ReadOnlyViewSet):
    """Parties (states, governments, delegations, armed groups, organisations, mediators)."""

    queryset = Party.objects.select_related("parent")
    serializer_class = serializers.PartySerializer
    lookup_field = "slug"
    lookup_value_regex = ANY


class PersonViewSet(ReadOnlyViewSet):
    """People who speak for parties; `other_names` holds aliases and transliterations."""

    queryset = Person.objects.all()
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = ANY


class MembershipViewSet(ReadOnlyViewSet):
    """Whom a person spoke for, in which role, between two dates (null: open-ended)."""

    queryset = Membership.objects.select_related("person", "party")
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilter


class NegotiationViewSet(ReadOnlyViewSet):
    """Negotiation processes with their participants and links to convergence and export."""

    queryset = Negotiation.objects.prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("party"))
    )
    serializer_class = serializers.NegotiationSerializer
    lookup_field = "slug"
    lookup_value_regex = ANY


class RoundViewSet(ReadOnlyViewSet):
    """Dated meetings of a negotiation."""

    queryset = Round.objects.select_related("negotiation")
    serializer_class = serializers.RoundSerializer
    filterset_class = filters.RoundFilter


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("negotiation", str, OpenApiParameter.PATH, pattern=f"^{SLUG}$"),
            OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=f"^{SLUG}$"),
        ]
    )
)
class DemandViewSet(ReadOnlyViewSet):
    """Demands on the table. A demand's slug is unique within its negotiation, so a demand is
    addressed as `demands/<negotiation slug>/<demand slug>/`."""

    queryset = Demand.objects.select_related("negotiation", "demanded_by", "addressed_to")
    serializer_class = serializers.DemandSerializer
    filterset_class = filters.DemandFilter

    def get_object(self):
        demand = get_object_or_404(
            self.get_queryset(),
            negotiation__slug=self.kwargs["negotiation"],
            slug=self.kwargs["slug"],
        )
        self.check_object_permissions(self.request, demand)
        return demand


class SourceViewSet(ReadOnlyViewSet):
    """Where statements were published; `reliability` is the Admiralty scale (A-F)."""

    queryset = Source.objects.all()
    serializer_class = serializers.SourceSerializer
