"""Statements and stances: fast lists, detail, CSV, and the editors' and reviewers' writes."""

from datetime import date

from django.db import connection
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from negotiations import services
from negotiations.api import filters, rows, serializers, writes
from negotiations.api.conditional import check_if_match, json_etag
from negotiations.api.permissions import CanPublish, sees_drafts
from negotiations.api.renderers import (
    FastJSONRenderer,
    StanceCSVRenderer,
    StatementCSVRenderer,
)
from negotiations.api.serializers import SourceSerializer
from negotiations.api.views.base import ReadOnlyViewSet
from negotiations.models import Source, Stance, Statement

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv`: one row per stance with flat columns (see the README).",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The ETag of your last read: the write is refused (412) if the statement "
    "changed since.",
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Only drafts can be changed: this statement is published or retracted."
    default_code = "not_a_draft"


class RetractSerializer(drf_serializers.Serializer):
    reason = drf_serializers.CharField(required=False, allow_blank=True, default="")


class DatedKeysetMixin:
    """Newest first by (said_on, id), or oldest first with ?ordering=said_on."""

    keyset_types = (date, int)
    keyset_keys = ("said_on", "id")

    @property
    def keyset_descending(self) -> bool:
        return self.request.query_params.get("ordering") != "said_on"


@extend_schema_view(
    list=extend_schema(parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(parameters=[FORMAT_PARAMETER]),
)
class StatementViewSet(DatedKeysetMixin, ReadOnlyViewSet):
    """Statements (newest first), each with its stances; drafts and retracted statements
    are visible to editors and reviewers only."""

    serializer_class = serializers.StatementListSerializer
    filterset_class = filters.StatementFilter
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer, StatementCSVRenderer]
    keyset_fields = ("said_on", "id")
    http_method_names = ["get", "head", "options", "post", "put", "patch"]

    def get_queryset(self):
        statements = Statement.objects.all()
        if not sees_drafts(self.request.user):
            statements = statements.published()
        return statements

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return writes.StatementWriteSerializer
        if self.action == "retract":
            return RetractSerializer
        if self.action in ("retrieve", "publish"):
            return serializers.StatementDetailSerializer
        return serializers.StatementListSerializer

    def compiled_shape(self):
        """Without filters the page query depends only on who may see drafts (and the order,
        cursor and page size the paginator adds): its SQL is compiled once per shape."""
        if self.filtered() or connection.vendor != "postgresql":
            return None
        return ("statements", sees_drafts(self.request.user))

    def list(self, request, *args, **kwargs):
        queryset = rows.statement_values(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(rows.statement_rows(page, self.links()))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.representation(self.get_object().pk))

    def get_object(self):
        statement = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, statement)
        return statement

    def representation(self, pk: int) -> dict:
        """The detail: the list row with the source embedded (3 queries)."""
        statements = rows.statement_values(Statement.objects.filter(pk=pk))
        row = rows.statement_rows(list(statements), self.links())[0]
        del row["source_url"]
        if row["source"] is not None:
            source = Source.objects.get(pk=row["source"])
            row["source"] = SourceSerializer(source, context=self.get_serializer_context()).data
        return row

    def written(self, statement: Statement, code: int) -> Response:
        data = self.representation(statement.pk)
        response = Response(data, status=code)
        response["ETag"] = json_etag(data)
        if code == status.HTTP_201_CREATED:
            response["Location"] = data["url"]
        return response

    @extend_schema(
        request=writes.StatementWriteSerializer,
        responses={201: serializers.StatementDetailSerializer},
    )
    def create(self, request, *args, **kwargs):
        body = writes.StatementWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        statement = writes.create_statement(data=body.validated_data, by=request.user)
        return self.written(statement, status.HTTP_201_CREATED)

    @extend_schema(
        request=writes.StatementWriteSerializer,
        responses={200: serializers.StatementDetailSerializer},
        parameters=[IF_MATCH],
    )
    def update(self, request, *args, **kwargs):
        statement = self.get_object()
        check_if_match(request, self.representation(statement.pk))
        if statement.status != Statement.Status.DRAFT:
            raise Conflict()
        body = writes.StatementWriteSerializer(
            statement, data=request.data, partial=kwargs.get("partial", False)
        )
        body.is_valid(raise_exception=True)
        statement = writes.update_statement(
            statement=statement, data=body.validated_data, by=request.user
        )
        return self.written(statement, status.HTTP_200_OK)

    @extend_schema(
        request=writes.StatementWriteSerializer,
        responses={200: serializers.StatementDetailSerializer},
        parameters=[IF_MATCH],
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        request=None,
        responses={200: serializers.StatementDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], permission_classes=[CanPublish])
    def publish(self, request, pk=None):
        """Publish a draft (or a retracted statement again): Reviewers only."""
        statement = self.get_object()
        check_if_match(request, self.representation(statement.pk))
        statement = services.statement_publish(statement=statement, by=request.user)
        return self.written(statement, status.HTTP_200_OK)

    @extend_schema(
        request=RetractSerializer,
        responses={200: serializers.StatementDetailSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], permission_classes=[CanPublish])
    def retract(self, request, pk=None):
        """Retract a statement (it is kept, with its history): Reviewers only."""
        statement = self.get_object()
        check_if_match(request, self.representation(statement.pk))
        body = RetractSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        statement = services.statement_retract(
            statement=statement, by=request.user, reason=body.validated_data["reason"]
        )
        return self.written(statement, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(parameters=[FORMAT_PARAMETER]),
    retrieve=extend_schema(parameters=[FORMAT_PARAMETER]),
)
class StanceViewSet(DatedKeysetMixin, ReadOnlyViewSet):
    """Stances (newest statement first): one party's position on one demand in a statement."""

    serializer_class = serializers.StanceSerializer
    filterset_class = filters.StanceFilter
    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer, StanceCSVRenderer]
    keyset_fields = ("statement__said_on", "id")

    def get_queryset(self):
        stances = Stance.objects.all()
        if not sees_drafts(self.request.user):
            stances = stances.filter(statement__status=Statement.Status.PUBLISHED)
        return stances

    def list(self, request, *args, **kwargs):
        queryset = rows.stance_values(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(rows.stance_rows(page, self.links()))

    def retrieve(self, request, *args, **kwargs):
        pk = self.kwargs["pk"]
        found = []
        if pk.isdigit():
            found = list(rows.stance_values(self.get_queryset().filter(pk=int(pk))))
        if not found:
            raise NotFound()
        return Response(rows.stance_rows(found, self.links())[0])
