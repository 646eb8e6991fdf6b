"""Deliveries: which subscriptions hear of which event, and each attempt to tell them.

A delivery is created once per (subscription, event). An attempt first *claims* the delivery
by moving its `next_attempt_at` past the attempt's time-out in one UPDATE, so two workers (a
countdown retry and the beat's sweep) never send the same attempt twice. Failures back off
exponentially (`ALERTS_DELIVERY_BACKOFF_BASE` * 2^(n-1), capped) until
`ALERTS_DELIVERY_MAX_ATTEMPTS`; every attempt is a `DeliveryAttempt` row.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from negotiations.alerts.models import ConvergenceEvent, Delivery, DeliveryAttempt, Subscription
from negotiations.alerts.webhooks import SendResult, send_webhook

logger = logging.getLogger(__name__)


def event_payload(event: ConvergenceEvent) -> dict:
    """The JSON an event is sent as (Standard Webhooks' type / timestamp / data envelope)."""
    negotiation = event.negotiation
    return {
        "type": f"convergence.{event.kind}",
        "timestamp": event.created_at.isoformat(),
        "data": {
            "event_id": event.pk,
            "kind": event.kind,
            "date": event.on.isoformat(),
            "negotiation": negotiation.slug,
            "negotiation_title": negotiation.title,
            "demand": event.demand.slug,
            "demand_title": event.demand.title,
            "party": event.party.slug if event.party_id else None,
            "direction": event.direction or None,
            "old_position": event.old_position,
            "new_position": event.new_position,
            "gap_before": event.gap_before,
            "gap_after": event.gap_after,
            "positions": event.positions,
            "statements": sorted(s.pk for s in event.statements.all()),
            "feed": f"{settings.ALERTS_SITE_URL}/negotiations/{negotiation.slug}/events.atom",
        },
    }


def subscription_matches(subscription: Subscription, event: ConvergenceEvent) -> bool:
    if subscription.negotiation_id != event.negotiation_id or not subscription.active:
        return False
    if subscription.kinds and event.kind not in subscription.kinds:
        return False
    demand_ids = {demand.pk for demand in subscription.demands.all()}
    return not demand_ids or event.demand_id in demand_ids


@transaction.atomic
def deliveries_create(*, event_ids: Iterable[int]) -> list[int]:
    """A pending delivery for each (matching subscription, event) pair; the new ones' ids."""
    events = list(
        ConvergenceEvent.objects.filter(pk__in=list(event_ids))
        .select_related("negotiation", "demand", "party")
        .prefetch_related("statements")
        .order_by("on", "pk")
    )
    if not events:
        return []
    subscriptions = list(
        Subscription.objects.filter(
            active=True, negotiation_id__in={event.negotiation_id for event in events}
        ).prefetch_related("demands")
    )
    now = timezone.now()
    created: list[int] = []
    for event in events:
        for subscription in subscriptions:
            if not subscription_matches(subscription, event):
                continue
            delivery, is_new = Delivery.objects.get_or_create(
                subscription=subscription,
                event=event,
                defaults={"payload": event_payload(event), "next_attempt_at": now},
            )
            if is_new:
                created.append(delivery.pk)
    return created


def deliveries_dispatch(*, delivery_ids: Iterable[int]) -> None:
    """Queue an attempt for each; a broker failure leaves them to the beat's sweep."""
    from negotiations.alerts.tasks import deliver

    for delivery_id in delivery_ids:
        try:
            deliver.delay(delivery_id)
        except Exception as error:
            logger.warning("delivery %s not queued (%s); the beat retries it", delivery_id, error)
            return


def backoff_seconds(attempt_count: int) -> float:
    """The wait after the n-th failed attempt: base * 2^(n-1), at most the cap."""
    base = float(settings.ALERTS_DELIVERY_BACKOFF_BASE)
    return min(base * 2 ** (attempt_count - 1), float(settings.ALERTS_DELIVERY_BACKOFF_MAX))


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    lease = now + timedelta(seconds=float(settings.ALERTS_WEBHOOK_TIMEOUT) + 60)
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).update(next_attempt_at=lease)
    )


def _send_email(delivery: Delivery) -> SendResult:
    data = delivery.payload["data"]
    subject = f"[Parley] {data['kind']}: {data['demand_title']} ({data['date']})"
    lines = [
        f"Negotiation: {data['negotiation_title']}",
        f"Demand: {data['demand_title']}",
        f"Event: {data['kind']} on {data['date']}",
        f"Gap: {data['gap_before']} -> {data['gap_after']}",
    ]
    if data.get("party"):
        lines.append(
            f"Party: {data['party']} moved {data['old_position']} -> {data['new_position']}"
            + (f" ({data['direction']})" if data.get("direction") else "")
        )
    lines.append(f"Feed: {data['feed']}")
    try:
        EmailMessage(subject, "\n".join(lines), to=[delivery.subscription.email]).send()
    except Exception as error:
        return SendResult(False, "email_error", error=str(error))
    return SendResult(True, "success")


def _send(delivery: Delivery) -> SendResult:
    subscription = delivery.subscription
    if subscription.channel == Subscription.Channel.EMAIL:
        return _send_email(delivery)
    return send_webhook(
        url=subscription.url,
        secret=subscription.secret,
        message_id=str(delivery.message_id),
        payload=delivery.payload,
        timeout=float(settings.ALERTS_WEBHOOK_TIMEOUT),
        allow_private=settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS,
    )


def delivery_attempt(*, delivery_id: int) -> float | None:
    """Make one attempt if the delivery is due; the seconds until the next one, if any."""
    if not _claim(delivery_id):
        return None  # delivered, given up, not due yet, or another worker has it
    delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
    started_at = timezone.now()
    clock = time.monotonic()
    result = _send(delivery)
    duration_ms = round((time.monotonic() - clock) * 1000)
    number = delivery.attempt_count + 1
    retry_in: float | None = None
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=duration_ms,
            outcome=result.outcome,
            response_code=result.response_code,
            error=result.error[:2000],
        )
        delivery.attempt_count = number
        if result.ok:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif number >= settings.ALERTS_DELIVERY_MAX_ATTEMPTS:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
            logger.warning("delivery %s failed %s times; giving up", delivery.pk, number)
        else:
            retry_in = backoff_seconds(number)
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=retry_in)
        delivery.save(update_fields=["attempt_count", "status", "delivered_at", "next_attempt_at"])
    return retry_in


def deliveries_due(*, grace: timedelta | None = None, limit: int = 500) -> list[int]:
    """Pending deliveries whose next attempt is overdue (lost countdowns, broker outages)."""
    if grace is None:
        grace = timedelta(seconds=settings.ALERTS_DELIVERY_SWEEP_GRACE)
    return list(
        Delivery.objects.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now() - grace
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
