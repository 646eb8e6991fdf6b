"""Read representations. Related objects appear as their slug or id plus a link (`*_url`).

The statement and stance lists are built from ``.values()`` rows by ``api.rows`` for speed;
their serializers here describe the same shape for the schema and serve detail reads.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from negotiations.api.links import links_of
from negotiations.models import (
    Demand,
    Negotiation,
    Participant,
    Position,
    Round,
    Source,
    Statement,
)
from parties.models import Membership, Party, Person


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class LinkField(serializers.Field):
    """A link to a resource from the key(s) found at ``source`` (a tuple for two-part keys)."""

    def __init__(self, route: str, *sources: str, **kwargs) -> None:
        self.route, self.sources = route, sources
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, instance):
        keys = []
        for path in self.sources:
            value = instance
            for part in path.split("."):
                value = getattr(value, part, None)
                if value is None:
                    return None
            keys.append(value)
        return links_of(self.context).to(self.route, *keys)


def slug_of(source: str, **kwargs) -> serializers.SlugRelatedField:
    """The related object's slug (the field is named after the relation)."""
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


class PartySerializer(serializers.ModelSerializer):
    url = LinkField("parties", "slug")
    parent = slug_of("parent", allow_null=True)
    parent_url = LinkField("parties", "parent.slug", allow_null=True)

    class Meta:
        model = Party
        fields = [
            "slug",
            "url",
            "name",
            "short_name",
            "classification",
            "parent",
            "parent_url",
            "country_code",
            "color",
            "wikidata_id",
            "created_at",
            "updated_at",
        ]


class PersonSerializer(serializers.ModelSerializer):
    url = LinkField("people", "slug")
    other_names = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Person
        fields = ["slug", "url", "name", "other_names", "wikidata_id", "created_at", "updated_at"]


class MembershipSerializer(serializers.ModelSerializer):
    url = LinkField("memberships", "id")
    person = slug_of("person")
    person_url = LinkField("people", "person.slug")
    party = slug_of("party")
    party_url = LinkField("parties", "party.slug")

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "person",
            "person_url",
            "party",
            "party_url",
            "role",
            "start_date",
            "end_date",
            "created_at",
            "updated_at",
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    party = slug_of("party")
    party_url = LinkField("parties", "party.slug")

    class Meta:
        model = Participant
        fields = ["party", "party_url", "role"]


class NegotiationSerializer(serializers.ModelSerializer):
    url = LinkField("negotiations", "slug")
    participants = ParticipantSerializer(many=True, read_only=True)
    convergence_url = serializers.SerializerMethodField()
    export_url = serializers.SerializerMethodField()

    class Meta:
        model = Negotiation
        fields = [
            "slug",
            "url",
            "title",
            "description",
            "start_date",
            "end_date",
            "convergence_threshold",
            "participants",
            "convergence_url",
            "export_url",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_convergence_url(self, negotiation) -> str:
        return links_of(self.context).to("negotiations", negotiation.slug) + "convergence/"

    @extend_schema_field(OpenApiTypes.URI)
    def get_export_url(self, negotiation) -> str:
        return links_of(self.context).to("negotiations", negotiation.slug) + "export/"


class RoundSerializer(serializers.ModelSerializer):
    url = LinkField("rounds", "id")
    negotiation = slug_of("negotiation")
    negotiation_url = LinkField("negotiations", "negotiation.slug")

    class Meta:
        model = Round
        fields = ["id", "url", "negotiation", "negotiation_url", "date", "title", "location"]
        fields += ["format"]


class DemandSerializer(serializers.ModelSerializer):
    url = LinkField("demands", "negotiation.slug", "slug")
    negotiation = slug_of("negotiation")
    negotiation_url = LinkField("negotiations", "negotiation.slug")
    demanded_by = slug_of("demanded_by")
    demanded_by_url = LinkField("parties", "demanded_by.slug")
    addressed_to = slug_of("addressed_to", allow_null=True)
    addressed_to_url = LinkField("parties", "addressed_to.slug", allow_null=True)

    class Meta:
        model = Demand
        fields = [
            "slug",
            "url",
            "negotiation",
            "negotiation_url",
            "title",
            "description",
            "demanded_by",
            "demanded_by_url",
            "addressed_to",
            "addressed_to_url",
            "topic",
            "weight",
            "created_at",
            "updated_at",
        ]


class SourceSerializer(serializers.ModelSerializer):
    api_url = LinkField("sources", "id")

    class Meta:
        model = Source
        fields = [
            "id",
            "api_url",
            "url",
            "outlet",
            "title",
            "published_on",
            "language",
            "reliability",
            "archived_url",
            "created_at",
            "updated_at",
        ]


class StanceInStatementSerializer(serializers.Serializer):
    """A stance as embedded in its statement (list and detail)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    demand = serializers.SlugField()
    demand_url = serializers.URLField()
    party = serializers.SlugField()
    party_url = serializers.URLField()
    position = serializers.ChoiceField(choices=Position.choices)
    position_label = serializers.CharField()
    conditions = serializers.CharField(allow_blank=True)


class StatementListSerializer(serializers.Serializer):
    """One statement in a list (built from rows by ``api.rows.statement_rows``)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    negotiation = serializers.SlugField()
    negotiation_url = serializers.URLField()
    said_on = serializers.DateField()
    said_on_precision = serializers.ChoiceField(choices=Statement.Precision.choices)
    speaker = serializers.SlugField(allow_null=True)
    speaker_url = serializers.URLField(allow_null=True)
    party = serializers.SlugField()
    party_url = serializers.URLField()
    kind = serializers.ChoiceField(choices=Statement.Kind.choices)
    text = serializers.CharField()
    language = serializers.CharField(allow_blank=True)
    translation = serializers.CharField(allow_blank=True)
    source = serializers.IntegerField(allow_null=True)
    source_url = serializers.URLField(allow_null=True)
    status = serializers.ChoiceField(choices=Statement.Status.choices)
    retraction_reason = serializers.CharField(allow_blank=True)
    stances = StanceInStatementSerializer(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class StatementDetailSerializer(StatementListSerializer):
    """A statement with its source embedded (and its stances, as in the list)."""

    source = SourceSerializer(allow_null=True)
    source_url = None  # the source is embedded, with its own link


class StanceSerializer(serializers.Serializer):
    """One stance in the stance list or detail (built from rows by ``api.rows``)."""

    id = serializers.IntegerField()
    url = serializers.URLField()
    statement = serializers.IntegerField()
    statement_url = serializers.URLField()
    negotiation = serializers.SlugField()
    negotiation_url = serializers.URLField()
    said_on = serializers.DateField()
    demand = serializers.SlugField()
    demand_url = serializers.URLField()
    party = serializers.SlugField()
    party_url = serializers.URLField()
    position = serializers.ChoiceField(choices=Position.choices)
    position_label = serializers.CharField()
    conditions = serializers.CharField(allow_blank=True)
    statement_status = serializers.ChoiceField(choices=Statement.Status.choices)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
