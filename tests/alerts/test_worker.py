"""End to end with a real Celery worker on a real Redis: events, signed webhooks, outages.

The worker is a `celery worker` subprocess (solo pool) on the test database, so the tests use
transactional databases (django_db(transaction=True)): the worker must see what they commit.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model

from negotiations.alerts import tasks
from negotiations.alerts.models import ConvergenceEvent, Delivery, OutboxMessage
from negotiations.alerts.subscriptions import subscription_create
from negotiations.models import Statement
from tests.alerts.conftest import start_worker_process, stop, use_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

D1, D2 = datetime.date(2022, 3, 1), datetime.date(2022, 3, 10)


@contextmanager
def running_worker(app, tmp_path, **settings_env: str):
    """A real `celery worker` subprocess on the app's broker and the test database.

    A subprocess, not celery.contrib.testing's in-process worker: that one leaves Celery state
    behind which broke later tests running tasks eagerly. `settings_env`: settings the worker
    reads from the environment (e.g. ALERTS_DELIVERY_BACKOFF_BASE="0.2").
    """
    app.control.purge()  # messages left by earlier tests name rows that no longer exist
    worker = start_worker_process(app.conf.broker_url, tmp_path / "worker.log", **settings_env)
    try:
        yield worker
    finally:
        stop(worker)


def verify_standard_webhook(secret: str, request: dict) -> dict:
    """A receiver's check, written from the Standard Webhooks spec, not from our code."""
    headers = {name.lower(): value for name, value in request["headers"].items()}
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{message_id}.{timestamp}.".encode() + request["body"]
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    signatures = [part.split(",", 1) for part in headers["webhook-signature"].split(" ")]
    assert ["v1", expected] in signatures
    return json.loads(request["body"])


def all_outbox_done() -> bool:
    return not OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists()


def test_convergence_reaches_a_webhook_that_fails_twice(
    talks, webhook_receiver, celery_app, tmp_path
):
    owner = get_user_model().objects.create_user("analyst")
    subscription = subscription_create(
        owner=owner,
        negotiation=talks.negotiation,
        channel="webhook",
        url=webhook_receiver.url,
        kinds=["converged"],
    )
    with running_worker(celery_app, tmp_path, ALERTS_DELIVERY_BACKOFF_BASE="0.2"):  # 0.2, 0.4 s
        talks.say(talks.russia, 2, on=D1)
        talks.say(talks.ukraine, -2, on=D1)
        wait_until(all_outbox_done, what="the first statements' work")
        assert ConvergenceEvent.objects.count() == 0  # a gap of 4: nothing to tell yet
        webhook_receiver.answers[:] = [500, 500]

        closing = talks.say(talks.ukraine, 1, on=D2)

        delivery = wait_until(
            lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).first(),
            what="the webhook delivery",
        )
    event = ConvergenceEvent.objects.get(kind="converged")
    assert list(event.statements.all()) == [closing]
    assert delivery.event == event and delivery.subscription == subscription
    attempts = list(delivery.attempts.order_by("number"))
    assert [(a.number, a.outcome, a.response_code) for a in attempts] == [
        (1, "http_error", 500),
        (2, "http_error", 500),
        (3, "success", 200),
    ]
    assert all(a.duration_ms < 30_000 for a in attempts)
    assert [r["answered"] for r in webhook_receiver.requests] == [500, 500, 200]
    ids = {r["headers"]["webhook-id"] for r in webhook_receiver.requests}
    assert ids == {str(delivery.message_id)}  # the same id on each retry: duplicates show
    for request in webhook_receiver.requests:
        body = verify_standard_webhook(subscription.secret, request)
        assert body["type"] == "convergence.converged"
        assert body["data"]["event_id"] == event.pk
        assert body["data"]["statements"] == [closing.pk]
        assert (body["data"]["gap_before"], body["data"]["gap_after"]) == (4, 1)


def test_a_write_during_a_broker_outage_arrives_once_the_broker_is_back(
    talks, webhook_receiver, celery_app, throwaway_redis, tmp_path
):
    throwaway_redis.start()
    use_broker(celery_app, throwaway_redis.url)
    owner = get_user_model().objects.create_user("analyst")
    subscription_create(
        owner=owner, negotiation=talks.negotiation, channel="webhook", url=webhook_receiver.url
    )
    talks.say(talks.russia, 2, on=D1)
    throwaway_redis.stop()

    closing = talks.say(talks.ukraine, 1, on=D2)  # the broker is down: the write still succeeds

    closing.refresh_from_db()
    assert closing.status == Statement.Status.PUBLISHED
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    assert pending.count() == 2  # nothing consumed either message
    assert pending.filter(last_error__startswith="dispatch:").exists()

    throwaway_redis.start()  # same port; its queue is empty: only the outbox remembers
    with running_worker(celery_app, tmp_path, ALERTS_OUTBOX_REDISPATCH_AFTER="0"):
        tasks.redispatch_outbox.delay()  # what the beat sends every minute
        delivery = wait_until(
            lambda: Delivery.objects.filter(status=Delivery.Status.DELIVERED).first(),
            what="the delivery after the outage",
        )
        wait_until(all_outbox_done, what="the outbox to drain")
    assert delivery.event.kind == "converged"
    assert list(delivery.event.statements.all()) == [closing]
    assert delivery.attempts.count() == 1
    assert len(webhook_receiver.requests) == 1
