"""`negotiations/<slug>/convergence/`: the convergence engine's result for API clients.

The same engine and the same stance facts as the timeline pages; only published stances
count, for every reader alike.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from negotiations.api.views.base import ApiView
from negotiations.convergence import analyse
from negotiations.models import Negotiation, Participant
from negotiations.timeline.facts import current_facts, end_of_day, recorded_facts
from parties.models import Party


class ConvergenceQuery(serializers.Serializer):
    demand = serializers.SlugField(required=False, help_text="Only this demand (its slug).")
    # "from" is a Python keyword: declared below under its public name.
    to = serializers.DateField(required=False, help_text="Last day shown (inclusive).")
    as_known_on = serializers.DateField(
        required=False,
        help_text="Compute from what had been recorded by the end of this day (time travel).",
    )

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"to": ["`to` is before `from`."]})
        return attrs


ConvergenceQuery._declared_fields["from"] = serializers.DateField(
    required=False, help_text="First day shown (inclusive); the state carried into it first."
)


class PartyPosition(serializers.Serializer):
    party = serializers.SlugField()
    position = serializers.IntegerField()


class StepOut(serializers.Serializer):
    start = serializers.DateField()
    position = serializers.IntegerField()
    statement_ids = serializers.ListField(child=serializers.IntegerField())


class SeriesOut(serializers.Serializer):
    party = serializers.SlugField()
    principal = serializers.BooleanField()
    steps = StepOut(many=True)


class PointOut(serializers.Serializer):
    on = serializers.DateField()
    positions = PartyPosition(many=True)
    gap = serializers.IntegerField(allow_null=True)
    index = serializers.FloatField(allow_null=True)
    converged = serializers.BooleanField()


class EventOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["shift", "converged", "diverged"])
    on = serializers.DateField()
    demand = serializers.SlugField()
    party = serializers.SlugField(allow_null=True)
    direction = serializers.ChoiceField(choices=["concession", "hardening"], allow_null=True)
    old_position = serializers.IntegerField(allow_null=True)
    new_position = serializers.IntegerField(allow_null=True)
    gap_before = serializers.IntegerField(allow_null=True)
    gap_after = serializers.IntegerField(allow_null=True)
    statement_ids = serializers.ListField(child=serializers.IntegerField())


class DemandConvergenceOut(serializers.Serializer):
    demand = serializers.SlugField()
    demand_url = serializers.URLField()
    title = serializers.CharField()
    weight = serializers.FloatField()
    series = SeriesOut(many=True)
    points = PointOut(many=True)
    events = EventOut(many=True)


class IndexPointOut(serializers.Serializer):
    on = serializers.DateField()
    index = serializers.FloatField(allow_null=True)
    demands_counted = serializers.IntegerField()


class ConvergenceOut(serializers.Serializer):
    negotiation = serializers.SlugField()
    negotiation_url = serializers.URLField()
    threshold = serializers.IntegerField()
    principals = serializers.ListField(child=serializers.SlugField())
    as_known_on = serializers.DateField(allow_null=True)
    index = IndexPointOut(many=True)
    current_index = serializers.FloatField(allow_null=True)
    demands = DemandConvergenceOut(many=True)


ConvergenceOut._declared_fields["from"] = serializers.DateField(allow_null=True)
ConvergenceOut._declared_fields["to"] = serializers.DateField(allow_null=True)


class ConvergenceView(ApiView, GenericAPIView):
    """Per demand: each party's effective position as steps, the principals' gap and index at
    each change point, and the events (shift, converged, diverged) with the ids of the
    statements that caused them; and the negotiation's weighted index."""

    serializer_class = ConvergenceOut
    pagination_class = None
    queryset = Negotiation.objects.all()

    @extend_schema(parameters=[ConvergenceQuery], responses=ConvergenceOut)
    def get(self, request, slug: str):
        negotiation = get_object_or_404(Negotiation, slug=slug)
        query = ConvergenceQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        return Response(convergence_of(negotiation, params, self.links()))


def convergence_of(negotiation: Negotiation, params: dict, links) -> dict:
    participants = list(Participant.objects.filter(negotiation=negotiation).select_related("party"))
    principals = [p.party for p in participants if p.role == Participant.Role.PRINCIPAL]
    demands = list(negotiation.demands.all())
    if params.get("demand"):
        wanted = [d for d in demands if d.slug == params["demand"]]
        if not wanted:
            raise serializers.ValidationError(
                {"demand": [f"The negotiation has no demand “{params['demand']}”."]}
            )
    else:
        wanted = demands
    known_on = params.get("as_known_on")
    known_at = end_of_day(known_on) if known_on else None
    if known_at is None:
        facts = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    else:
        facts = recorded_facts(negotiation_id=negotiation.pk, until=known_at)
    analysis = analyse(
        facts,
        principals=[p.pk for p in principals],
        threshold=negotiation.convergence_threshold,
        weights={d.pk: d.weight for d in demands},
        date_from=params.get("from"),
        date_to=params.get("to"),
        as_known_on=known_at,
    )
    slugs = {p.party_id: p.party.slug for p in participants}
    missing = {f.party_id for f in facts} - slugs.keys()
    if missing:  # a stance may report the position of a party that is no participant
        slugs.update(Party.objects.filter(pk__in=missing).values_list("pk", "slug"))
    principal_ids = {p.pk for p in principals}
    demand_links = {d.pk: links.to("demands", negotiation.slug, d.slug) for d in wanted}
    demand_slugs = {d.pk: d.slug for d in demands}
    return {
        "negotiation": negotiation.slug,
        "negotiation_url": links.to("negotiations", negotiation.slug),
        "threshold": negotiation.convergence_threshold,
        "principals": [p.slug for p in principals],
        "from": params.get("from"),
        "to": params.get("to"),
        "as_known_on": known_on,
        "index": [
            {"on": p.on, "index": p.index, "demands_counted": p.demands_counted}
            for p in analysis.index
        ],
        "current_index": analysis.current_index,
        "demands": [
            _demand(demand, analysis.demands[demand.pk], slugs, principal_ids, demand_slugs)
            | {"demand_url": demand_links[demand.pk]}
            for demand in wanted
        ],
    }


def _demand(demand, timeline, slugs, principal_ids, demand_slugs) -> dict:
    return {
        "demand": demand.slug,
        "demand_url": "",
        "title": demand.title,
        "weight": demand.weight,
        "series": [
            {
                "party": slugs[party_id],
                "principal": party_id in principal_ids,
                "steps": [
                    {"start": s.start, "position": s.position, "statement_ids": s.statement_ids}
                    for s in steps
                ],
            }
            for party_id, steps in timeline.steps.items()
        ],
        "points": [
            {
                "on": p.on,
                "positions": [
                    {"party": slugs[party], "position": position}
                    for party, position in p.positions.items()
                ],
                "gap": p.gap,
                "index": p.index,
                "converged": p.converged,
            }
            for p in timeline.points
        ],
        "events": [
            {
                "kind": str(e.kind),
                "on": e.on,
                "demand": demand_slugs[e.demand_id],
                "party": slugs.get(e.party_id) if e.party_id is not None else None,
                "direction": str(e.direction) if e.direction else None,
                "old_position": e.old_position,
                "new_position": e.new_position,
                "gap_before": e.gap_before,
                "gap_after": e.gap_after,
                "statement_ids": list(e.statement_ids),
            }
            for e in timeline.events
        ],
    }
