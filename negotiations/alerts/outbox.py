"""The transactional outbox: no work lost when the broker is down.

A write records an `OutboxMessage` in its own transaction and asks for a dispatch after the
commit. Dispatching only sends a task id to the broker; if that fails (broker unreachable),
the row stays pending and the beat task `outbox_redispatch` sends it again later. Processing
locks the row and is a no-op once it is done, so a repeat (late acknowledgement after a
worker crash, a redispatch racing the first dispatch) does no harm.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from negotiations.alerts.models import OutboxMessage
from negotiations.models import Negotiation

logger = logging.getLogger(__name__)


def outbox_record_recompute(*, negotiation_id: int, demand_ids: Iterable[int]) -> None:
    """Record (inside the caller's transaction) that these demands' events need recomputing."""
    demand_ids = sorted(set(demand_ids))
    if not demand_ids:
        return
    message = OutboxMessage.objects.create(
        topic=OutboxMessage.Topic.RECOMPUTE_EVENTS,
        payload={"negotiation_id": negotiation_id, "demand_ids": demand_ids},
    )
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk))


def outbox_dispatch(*, message_id: int) -> bool:
    """Send the message's task to the broker; False (row left pending) if the broker fails."""
    from negotiations.alerts.tasks import process_outbox_message

    try:
        process_outbox_message.delay(message_id)
    except Exception as error:
        # Broker down: the write has committed, the row is pending, the beat resends it.
        logger.warning("outbox message %s not dispatched (%s); it stays pending", message_id, error)
        OutboxMessage.objects.filter(pk=message_id).update(last_error=f"dispatch: {error}"[:2000])
        return False
    OutboxMessage.objects.filter(pk=message_id, status=OutboxMessage.Status.PENDING).update(
        last_dispatched_at=timezone.now(), dispatch_count=F("dispatch_count") + 1
    )
    return True


def outbox_redispatch(*, older_than: timedelta | None = None, limit: int = 500) -> int:
    """Dispatch the pending messages older than `older_than` again; how many were sent."""
    if older_than is None:
        older_than = timedelta(seconds=settings.ALERTS_OUTBOX_REDISPATCH_AFTER)
    cutoff = timezone.now() - older_than
    pending = OutboxMessage.objects.filter(
        status=OutboxMessage.Status.PENDING, created_at__lte=cutoff
    ).order_by("pk")[:limit]
    sent = 0
    for message_id in list(pending.values_list("pk", flat=True)):
        if not outbox_dispatch(message_id=message_id):
            break  # the broker is still down: the next beat tries again
        sent += 1
    return sent


@transaction.atomic
def outbox_process(*, message_id: int) -> list[int]:
    """Do the message's work once; the ids of the deliveries it created (to be sent)."""
    from negotiations.alerts.delivery import deliveries_create
    from negotiations.alerts.events import events_recompute

    message = (
        OutboxMessage.objects.select_for_update()
        .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
        .first()
    )
    if message is None:  # done already, or unknown: a repeat is harmless
        return []
    delivery_ids: list[int] = []
    if message.topic == OutboxMessage.Topic.RECOMPUTE_EVENTS:
        negotiation = Negotiation.objects.filter(pk=message.payload["negotiation_id"]).first()
        if negotiation is not None:
            result = events_recompute(
                negotiation=negotiation, demand_ids=message.payload["demand_ids"]
            )
            delivery_ids = deliveries_create(event_ids=result.created)
    message.status = OutboxMessage.Status.DONE
    message.processed_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "processed_at", "last_error"])
    return delivery_ids
