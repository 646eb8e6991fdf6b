"""`changes/?since=`: what was created, changed, deleted or retracted since a moment.

Read from the history tables (django-simple-history), which keep every version, so deletions
(a stance removed from a statement) and retractions are there too. Oldest first, keyset
paged by ``(changed_at, resource, history_id)``: a client stores the last ``changed_at`` it
saw and asks again with ``since=`` it (changes at exactly that moment come again; they are
idempotent to apply). Anonymous readers see the statements' public life only: publications,
changes to published statements, and retractions; and the stances of published statements.
"""

from datetime import datetime

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from negotiations.api.pagination import after, decode_cursor, encode_cursor, page_size_of
from negotiations.api.permissions import sees_drafts
from negotiations.api.views.base import ApiView
from negotiations.models import Demand, Negotiation, Round, Source, Stance, Statement
from parties.models import Membership, Party, Person

PUBLIC = (Statement.Status.PUBLISHED, Statement.Status.RETRACTED)
CHANGE_NAMES = {"+": "created", "~": "changed", "-": "deleted"}


def _id():
    return Cast("id", CharField())


# resource name -> (model, how its key is spelled, its route in the API)
RESOURCES = {
    "demand": (
        Demand,
        lambda: Concat(F("negotiation__slug"), Value("/"), F("slug"), output_field=CharField()),
        "demands",
    ),
    "membership": (Membership, _id, "memberships"),
    "negotiation": (Negotiation, lambda: F("slug"), "negotiations"),
    "party": (Party, lambda: F("slug"), "parties"),
    "person": (Person, lambda: F("slug"), "people"),
    "round": (Round, _id, "rounds"),
    "source": (Source, _id, "sources"),
    "stance": (Stance, _id, "stances"),
    "statement": (Statement, _id, "statements"),
}


class ChangesQuery(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False, help_text="ISO 8601 moment; changes at or after it. Omitted: all."
    )


class ChangeOut(serializers.Serializer):
    resource = serializers.ChoiceField(choices=sorted(RESOURCES))
    key = serializers.CharField(help_text="Slug or id (a demand: `<negotiation>/<slug>`).")
    url = serializers.URLField()
    change = serializers.ChoiceField(choices=["created", "changed", "deleted", "retracted"])
    changed_at = serializers.DateTimeField()


class ChangesView(ApiView, GenericAPIView):
    """Everything created, changed, deleted or retracted since a moment, oldest first."""

    serializer_class = ChangeOut
    queryset = Statement.objects.none()

    @extend_schema(parameters=[ChangesQuery], responses=ChangeOut(many=True))
    def get(self, request):
        query = ChangesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        size = page_size_of(request)
        raw = request.query_params.get("cursor")
        cursor = decode_cursor(raw, (datetime, str, int)) if raw else None
        public_only = not sees_drafts(request.user)
        parts = [
            _part(name, query.validated_data.get("since"), cursor, public_only)
            for name in RESOURCES
        ]
        union = (
            parts[0].union(*parts[1:], all=True).order_by("changed_at", "resource", "history_id")
        )
        found = list(union[: size + 1])
        page, more = found[:size], len(found) > size
        links = self.links()
        results = [
            {
                "resource": row["resource"],
                "key": row["key"],
                "url": links.to(RESOURCES[row["resource"]][2], row["key"]),
                "change": "retracted"
                if row["resource"] == "statement"
                and row["row_status"] == Statement.Status.RETRACTED
                and row["history_type"] == "~"
                else CHANGE_NAMES[row["history_type"]],
                "changed_at": row["changed_at"],
            }
            for row in page
        ]
        following = None
        if more:
            last = page[-1]
            following = replace_query_param(
                request.build_absolute_uri(),
                "cursor",
                encode_cursor([last["changed_at"], last["resource"], last["history_id"]]),
            )
        return Response({"next": following, "results": results})


def _part(name: str, since, cursor, public_only: bool):
    model, key, _ = RESOURCES[name]
    history = model.history.all()
    if since is not None:
        history = history.filter(history_date__gte=since)
    if cursor is not None:
        moment, resource, history_id = cursor
        if name > resource:
            history = history.filter(history_date__gte=moment)
        elif name < resource:
            history = history.filter(history_date__gt=moment)
        else:
            history = history.filter(
                after(("history_date", "history_id"), (moment, history_id), descending=False)
            )
    status = Value("")
    if name == "statement":
        status = F("status")
        if public_only:
            history = history.filter(status__in=PUBLIC)
    elif name == "stance" and public_only:
        history = history.filter(statement_id__in=Statement.objects.published().values("id"))
    return history.order_by().values(
        "history_id",
        "history_type",
        resource=Value(name),
        key=key(),
        changed_at=F("history_date"),
        row_status=Cast(status, CharField()),
    )
