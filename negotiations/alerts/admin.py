"""Admin: subscriptions (the secret shown once, at creation), the delivery log, events, outbox."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from negotiations.alerts.delivery import deliveries_dispatch
from negotiations.alerts.models import (
    ConvergenceEvent,
    Delivery,
    DeliveryAttempt,
    OutboxMessage,
    Subscription,
)
from negotiations.alerts.outbox import outbox_dispatch
from negotiations.alerts.subscriptions import validate_subscription
from negotiations.alerts.webhooks import new_webhook_secret


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived or logged rows: looked at, never typed in."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["owner", "negotiation", "demands", "kinds", "channel", "url", "email", "active"]

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            validate_subscription(self.instance, self.cleaned_data.get("demands") or [])
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["__str__", "owner", "channel", "active", "created_at"]
    list_filter = ["channel", "active", "negotiation"]
    list_select_related = ["owner", "negotiation"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["demands"]
    fields = ["owner", "negotiation", "demands", "kinds", "channel", "url", "email", "active"]

    def save_model(self, request, obj, form, change) -> None:
        new_secret = ""
        if obj.channel == Subscription.Channel.WEBHOOK and not obj.secret:
            obj.secret = new_secret = new_webhook_secret()
        super().save_model(request, obj, form, change)
        if new_secret:
            messages.warning(
                request,
                f"Webhook secret (shown only now, copy it to the receiver): {new_secret}",
            )


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "outcome", "response_code", "duration_ms", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "message_id",
        "subscription",
        "event",
        "status",
        "attempt_count",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "subscription__channel"]
    list_select_related = ["subscription__negotiation", "event__demand"]
    inlines = [DeliveryAttemptInline]
    actions = ["retry_now"]

    @admin.action(description="Retry the selected pending deliveries now")
    def retry_now(self, request, queryset) -> None:
        ids = list(queryset.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True))
        deliveries_dispatch(delivery_ids=ids)
        self.message_user(request, f"{len(ids)} deliveries queued.")


@admin.register(ConvergenceEvent)
class ConvergenceEventAdmin(ReadOnlyAdmin):
    list_display = ["on", "kind", "demand", "party", "direction", "gap_before", "gap_after"]
    list_filter = ["kind", "negotiation"]
    list_select_related = ["demand", "party"]
    date_hierarchy = "on"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["pk", "topic", "status", "created_at", "dispatch_count", "processed_at"]
    list_filter = ["status", "topic"]
    actions = ["dispatch_again"]

    @admin.action(description="Dispatch the selected pending messages again")
    def dispatch_again(self, request, queryset) -> None:
        ids = queryset.filter(status=OutboxMessage.Status.PENDING).values_list("pk", flat=True)
        sent = sum(outbox_dispatch(message_id=pk) for pk in ids)
        self.message_user(request, f"{sent} messages dispatched.")
