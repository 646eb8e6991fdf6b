"""Statement writes: the request body, checked by DRF for shape, then handed to the services.

Every rule of a statement lives in ``negotiations.services``; this module turns JSON into the
services' arguments (slugs into rows) and their ``ValidationError`` into a 400 whose keys are
field paths (``stances[1].position``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers

from negotiations import services
from negotiations.models import Demand, Negotiation, Position, Source, Statement
from parties.models import Party, Person


def slug_field(queryset, what: str, **kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        queryset=queryset,
        slug_field="slug",
        error_messages={
            "does_not_exist": f"There is no {what} with the slug “{{value}}”.",
            "invalid": f"Give the slug of a {what}.",
        },
        **kwargs,
    )


class SourceInputSerializer(serializers.Serializer):
    """A source by its URL: an existing source is reused as it is, a new one is created."""

    url = serializers.URLField(max_length=2000)
    outlet = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    reliability = serializers.ChoiceField(choices=Source.Reliability.choices, required=False)
    archived_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)


class StanceInputSerializer(serializers.Serializer):
    demand = serializers.SlugField(
        max_length=100, help_text="Slug of a demand of the statement's negotiation."
    )
    party = slug_field(
        Party.objects.all(),
        "party",
        required=False,
        allow_null=True,
        help_text="Whose position; the statement's party when omitted.",
    )
    position = serializers.IntegerField(
        min_value=min(Position.values), max_value=max(Position.values)
    )
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class StatementWriteSerializer(serializers.Serializer):
    """A statement with its stances. Created as a draft; the status changes only through
    the publish and retract actions. Omitting `stances` on update keeps them; giving them
    replaces them all."""

    negotiation = slug_field(Negotiation.objects.all(), "negotiation")
    said_on = serializers.DateField()
    said_on_precision = serializers.ChoiceField(choices=Statement.Precision.choices, required=False)
    speaker = slug_field(Person.objects.all(), "person", required=False, allow_null=True)
    party = slug_field(
        Party.objects.all(),
        "party",
        required=False,
        allow_null=True,
        help_text="Whom it speaks for; by default the speaker's party on that date.",
    )
    kind = serializers.ChoiceField(choices=Statement.Kind.choices, required=False)
    text = serializers.CharField()
    language = serializers.CharField(max_length=10, required=False, allow_blank=True)
    translation = serializers.CharField(required=False, allow_blank=True)
    source = SourceInputSerializer(required=False, allow_null=True)
    stances = StanceInputSerializer(many=True, required=False)

    def validate(self, attrs):
        instance = self.instance
        negotiation = attrs.get("negotiation") or (instance and instance.negotiation)
        if instance is not None and attrs.get("negotiation", negotiation) != instance.negotiation:
            raise serializers.ValidationError(
                {"negotiation": ["A statement cannot move to another negotiation."]}
            )
        if "stances" in attrs:
            attrs["stances"] = self._stance_inputs(negotiation, attrs["stances"])
        return attrs

    def _stance_inputs(self, negotiation, stances) -> list[services.StanceInput]:
        slugs = {item["demand"] for item in stances}
        demands = {
            d.slug: d for d in Demand.objects.filter(negotiation=negotiation, slug__in=slugs)
        }
        errors, inputs = {}, []
        for index, item in enumerate(stances):
            demand = demands.get(item["demand"])
            if demand is None:
                errors[f"stances[{index}].demand"] = [
                    f"The negotiation “{negotiation.slug}” has no demand “{item['demand']}”."
                ]
                continue
            inputs.append(
                services.StanceInput(
                    demand=demand,
                    position=item["position"],
                    party=item.get("party"),
                    conditions=item.get("conditions", ""),
                )
            )
        if errors:
            raise serializers.ValidationError(errors)
        return inputs


def _fields(data: dict) -> tuple[dict, list | None]:
    fields = dict(data)
    stances = fields.pop("stances", None)
    fields.pop("negotiation", None)
    source = fields.pop("source", ...)
    if source is not ...:
        fields["source"] = None if source is None else _source(source)
    return fields, stances


def _source(data: dict) -> Source:
    try:
        return services.source_get_or_create(**data)
    except DjangoValidationError as error:
        raise DjangoValidationError(
            {f"source.{field}": messages for field, messages in error.message_dict.items()}
        ) from error


@transaction.atomic
def create_statement(*, data: dict, by) -> Statement:
    """Source (found or created), statement and stances together, or nothing."""
    negotiation = data["negotiation"]
    fields, stances = _fields(data)
    return services.statement_create(
        negotiation=negotiation, by=by, stances=stances or (), **fields
    )


@transaction.atomic
def update_statement(*, statement: Statement, data: dict, by) -> Statement:
    fields, stances = _fields(data)
    return services.statement_update(statement=statement, by=by, stances=stances, **fields)
