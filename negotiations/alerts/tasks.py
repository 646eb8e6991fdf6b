"""Celery entry points of the alerts: thin, take ids, call a service, safe to run twice.

Late acknowledgement and reject-on-worker-lost are on for every task (settings), so a worker
killed mid-task leaves the message to be redelivered; each task is idempotent, so that repeat
does no harm.
"""

import logging

from celery import current_app, shared_task

from negotiations.alerts import consistency, delivery, outbox

logger = logging.getLogger(__name__)


@shared_task
def process_outbox_message(message_id: int) -> None:
    delivery_ids = outbox.outbox_process(message_id=message_id)
    delivery.deliveries_dispatch(delivery_ids=delivery_ids)


@shared_task
def deliver(delivery_id: int) -> None:
    retry_in = delivery.delivery_attempt(delivery_id=delivery_id)
    if retry_in is None or current_app.conf.task_always_eager:
        # Inline (no broker) a countdown would run at once: leave retries to the beat's sweep.
        return
    try:
        deliver.apply_async((delivery_id,), countdown=retry_in)
    except Exception as error:
        logger.warning("retry of delivery %s not queued (%s); beat sweeps it", delivery_id, error)


@shared_task
def redispatch_outbox() -> int:
    return outbox.outbox_redispatch()


@shared_task
def retry_deliveries() -> int:
    due = delivery.deliveries_due()
    delivery.deliveries_dispatch(delivery_ids=due)
    return len(due)


@shared_task
def check_events() -> dict:
    return consistency.events_consistency_check()
