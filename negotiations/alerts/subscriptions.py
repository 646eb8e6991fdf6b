"""Subscription writes: one place for their rules, used by the admin and the API alike."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from negotiations.alerts.models import EventKind, Subscription
from negotiations.alerts.webhooks import new_webhook_secret, target_refusal
from negotiations.models import Demand


def validate_subscription(subscription: Subscription, demands: Iterable[Demand]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        subscription.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if not isinstance(subscription.kinds, list) or any(
        kind not in EventKind.values for kind in subscription.kinds
    ):
        errors.setdefault("kinds", []).append(
            f"Kinds are a list of: {', '.join(EventKind.values)}."
        )
    for demand in demands:
        if demand.negotiation_id != subscription.negotiation_id:
            errors.setdefault("demands", []).append(
                f"“{demand}” is a demand of another negotiation."
            )
    if subscription.channel == Subscription.Channel.WEBHOOK:
        if not subscription.url:
            errors.setdefault("url", []).append("A webhook needs a URL.")
        elif refusal := target_refusal(
            subscription.url, allow_private=settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS
        ):
            errors.setdefault("url", []).append(f"This URL cannot receive webhooks: {refusal}.")
    if subscription.channel == Subscription.Channel.EMAIL and not subscription.email:
        errors.setdefault("email", []).append("An email subscription needs an address.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subscription_create(*, owner, demands: Iterable[Demand] = (), **fields) -> Subscription:
    """Create a subscription; a webhook gets a new secret (the caller shows it once)."""
    demands = list(demands)
    fields.setdefault("kinds", [])
    subscription = Subscription(owner=owner, **fields)
    if subscription.channel == Subscription.Channel.EMAIL and not subscription.email:
        subscription.email = getattr(owner, "email", "") or ""
    if subscription.channel == Subscription.Channel.WEBHOOK:
        subscription.secret = new_webhook_secret()
    validate_subscription(subscription, demands)
    subscription.save()
    subscription.demands.set(demands)
    return subscription


@transaction.atomic
def subscription_update(
    *, subscription: Subscription, demands: Iterable[Demand] | None = None, **fields
) -> Subscription:
    for name, value in fields.items():
        setattr(subscription, name, value)
    if subscription.channel == Subscription.Channel.WEBHOOK and not subscription.secret:
        subscription.secret = new_webhook_secret()
    demands = list(demands) if demands is not None else list(subscription.demands.all())
    validate_subscription(subscription, demands)
    subscription.save()
    subscription.demands.set(demands)
    return subscription


@transaction.atomic
def subscription_rotate_secret(*, subscription: Subscription) -> Subscription:
    """Replace a webhook's secret (a leaked one); the caller shows the new one once."""
    if subscription.channel != Subscription.Channel.WEBHOOK:
        raise ValidationError({"channel": "Only webhooks have a secret."})
    subscription.secret = new_webhook_secret()
    subscription.save(update_fields=["secret", "updated_at"])
    return subscription
