"""`negotiations/<slug>/export/`: the negotiation in the exchange format (FORMAT.md), made by
the same exporter as `manage.py export_tracker`, so it imports into another installation.

Readers who may not see drafts get the published statements only.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from negotiations.api.permissions import sees_drafts
from negotiations.api.views.base import ApiView
from negotiations.exchange import export_document
from negotiations.models import Negotiation, Statement

NULLABLE_STRING = {"type": "string", "nullable": True}
EXCHANGE_SCHEMA = {
    "type": "object",
    "description": "The exchange format, version 1 (negotiations/demo/FORMAT.md).",
    "required": ["format", "version", "parties", "people", "memberships", "negotiations"],
    "properties": {
        "format": {"type": "string", "enum": ["negotiation-tracker"]},
        "version": {"type": "integer", "enum": [1]},
        "parties": {"type": "array", "items": {"type": "object"}},
        "people": {"type": "array", "items": {"type": "object"}},
        "memberships": {"type": "array", "items": {"type": "object"}},
        "negotiations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "title", "participants", "rounds", "demands", "statements"],
                "properties": {
                    "slug": {"type": "string"},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "start_date": {**NULLABLE_STRING, "format": "date"},
                    "end_date": {**NULLABLE_STRING, "format": "date"},
                    "convergence_threshold": {"type": "integer"},
                    "participants": {"type": "array", "items": {"type": "object"}},
                    "rounds": {"type": "array", "items": {"type": "object"}},
                    "demands": {"type": "array", "items": {"type": "object"}},
                    "statements": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
}


class ExportView(ApiView, GenericAPIView):
    """The negotiation with its actors, demands, rounds, statements and stances."""

    pagination_class = None
    queryset = Negotiation.objects.all()

    @extend_schema(responses=OpenApiResponse(EXCHANGE_SCHEMA, description="Exchange format."))
    def get(self, request, slug: str):
        negotiation = get_object_or_404(Negotiation, slug=slug)
        document = export_document(negotiation_slugs=[negotiation.slug])
        if not sees_drafts(request.user):
            for item in document["negotiations"]:
                item["statements"] = [
                    s for s in item["statements"] if s["status"] == Statement.Status.PUBLISHED
                ]
        response = Response(document)
        response["Content-Disposition"] = f'inline; filename="{negotiation.slug}.json"'
        return response
