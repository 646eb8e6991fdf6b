"""Convergence events as stored rows, the outbox, subscriptions and their delivery log.

Events are derived data: `events.events_recompute` rebuilds them from the published stances
through the convergence engine, and their `key` makes that idempotent. The outbox records, in
the transaction of the write, the work a write needs, so a broker outage never loses it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from negotiations.convergence import Direction as EngineDirection
from negotiations.convergence import EventKind as EngineEventKind
from negotiations.models import Demand, Negotiation, Statement
from parties.models import Party


class EventKind(models.TextChoices):
    SHIFT = EngineEventKind.SHIFT.value, "Shift"
    CONVERGED = EngineEventKind.CONVERGED.value, "Converged"
    DIVERGED = EngineEventKind.DIVERGED.value, "Diverged"


class ShiftDirection(models.TextChoices):
    CONCESSION = EngineDirection.CONCESSION.value, "Concession"
    HARDENING = EngineDirection.HARDENING.value, "Hardening"


class ConvergenceEvent(models.Model):
    """One engine event of one demand, with the statements behind it."""

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="demand:kind:date:party; one row per engine event, so recomputing is idempotent.",
    )
    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="convergence_events"
    )
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="convergence_events")
    kind = models.CharField(max_length=10, choices=EventKind)
    on = models.DateField()
    party = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The party that moved (shifts only).",
    )
    direction = models.CharField(max_length=10, choices=ShiftDirection, blank=True)
    old_position = models.SmallIntegerField(null=True, blank=True)
    new_position = models.SmallIntegerField(null=True, blank=True)
    gap_before = models.SmallIntegerField(null=True, blank=True)
    gap_after = models.SmallIntegerField(null=True, blank=True)
    positions = models.JSONField(
        default=dict, blank=True, help_text="Each principal's position after that day, by slug."
    )
    statements = models.ManyToManyField(Statement, related_name="convergence_events")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["negotiation", "-on", "-id"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.demand} ({self.on:%Y-%m-%d})"


class OutboxMessage(models.Model):
    """Work a committed write still needs; pending until a worker has done it."""

    class Topic(models.TextChoices):
        RECOMPUTE_EVENTS = "events.recompute", "Recompute convergence events"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"

    topic = models.CharField(max_length=40, choices=Topic)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatch_count = models.PositiveIntegerField(default=0)
    last_dispatched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending"),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.topic} ({self.status})"


class Subscription(models.Model):
    """Who wants to hear of which events of a negotiation, and how."""

    class Channel(models.TextChoices):
        WEBHOOK = "webhook", "Webhook"
        EMAIL = "email", "Email"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="subscriptions"
    )
    demands = models.ManyToManyField(
        Demand, blank=True, related_name="subscriptions", help_text="None: every demand."
    )
    kinds = models.JSONField(
        default=list, blank=True, help_text='Event kinds, e.g. ["converged"]; empty: every kind.'
    )
    channel = models.CharField(max_length=10, choices=Channel)
    url = models.URLField(max_length=2000, blank=True, help_text="Webhook endpoint.")
    # Needed in clear to sign each request; shown once, when the subscription is created.
    secret = models.CharField(max_length=100, blank=True, editable=False)
    email = models.EmailField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="webhook") | ~Q(url=""),
                name="subscription_webhook_has_url",
                violation_error_message="A webhook needs a URL.",
            ),
            models.CheckConstraint(
                condition=~Q(channel="email") | ~Q(email=""),
                name="subscription_email_has_address",
                violation_error_message="An email subscription needs an address.",
            ),
        ]

    def __str__(self) -> str:
        target = self.url if self.channel == self.Channel.WEBHOOK else self.email
        return f"{self.negotiation} -> {target}"


class Delivery(models.Model):
    """One event sent to one subscription, however many attempts it takes."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    message_id = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="The webhook-id header."
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The log outlives an event that a retraction removes: SET_NULL, and the payload is kept.
    event = models.ForeignKey(
        ConvergenceEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="delivery_once_per_subscription_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} ({self.status})"


class DeliveryAttempt(models.Model):
    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        HTTP_ERROR = "http_error", "HTTP error"
        TIMEOUT = "timeout", "Timeout"
        CONNECTION_ERROR = "connection_error", "Connection error"
        REFUSED = "refused", "Refused (target not allowed)"
        EMAIL_ERROR = "email_error", "Email error"

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    outcome = models.CharField(max_length=20, choices=Outcome)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="delivery_attempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"attempt {self.number}: {self.outcome} {self.response_code or ''}".strip()
