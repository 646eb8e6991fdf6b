"""`/api/v1/subscriptions/`: a signed-in user manages their own subscriptions.

The webhook secret is in the response to the creation only; later reads never show it.
Included from negotiations/api/urls.py with one line, so this file owns its routes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from negotiations.alerts.models import EventKind, Subscription
from negotiations.alerts.subscriptions import (
    subscription_create,
    subscription_rotate_secret,
    subscription_update,
)
from negotiations.models import Demand, Negotiation


class SubscriptionSerializer(serializers.ModelSerializer):
    negotiation = serializers.SlugRelatedField(slug_field="slug", queryset=Negotiation.objects)
    demands = serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=Demand.objects)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=EventKind.choices), required=False
    )

    class Meta:
        model = Subscription
        fields = [
            "id",
            "negotiation",
            "demands",
            "kinds",
            "channel",
            "url",
            "email",
            "active",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class CreatedSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every webhook (Standard Webhooks). Shown in this response only.",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


def _as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else error.messages
    )


class SubscriptionViewSet(viewsets.ModelViewSet):
    serializer_class = SubscriptionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Subscription.objects.none()
        # Another user's subscription is a 404, never a 403: its existence is not disclosed.
        return (
            Subscription.objects.filter(owner=self.request.user)
            .select_related("negotiation")
            .prefetch_related("demands")
            .order_by("-id")
        )

    def get_serializer_class(self):
        return CreatedSubscriptionSerializer if self.action == "create" else SubscriptionSerializer

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        try:
            serializer.instance = subscription_create(owner=self.request.user, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def perform_update(self, serializer) -> None:
        data = dict(serializer.validated_data)
        had_secret = bool(serializer.instance.secret)
        try:
            serializer.instance = subscription_update(subscription=serializer.instance, **data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        self.new_secret = "" if had_secret else serializer.instance.secret

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        if getattr(self, "new_secret", ""):  # became a webhook: its secret, shown this once
            response.data["secret"] = self.new_secret
        return response

    @extend_schema(request=None, responses=CreatedSubscriptionSerializer)
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None) -> Response:
        """A new webhook secret, shown in this response only; the old one stops at once."""
        try:
            subscription = subscription_rotate_secret(subscription=self.get_object())
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error
        return Response(CreatedSubscriptionSerializer(subscription).data)


router = SimpleRouter()
router.register("", SubscriptionViewSet, basename="subscription")
urlpatterns = router.urls
