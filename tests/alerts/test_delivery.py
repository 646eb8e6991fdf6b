"""Deliveries without a worker: signing, attempts, back-off, giving up, email, refusals."""

import datetime
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from negotiations.alerts.delivery import backoff_seconds, deliveries_create, delivery_attempt
from negotiations.alerts.events import events_recompute
from negotiations.alerts.models import Delivery
from negotiations.alerts.subscriptions import subscription_create
from negotiations.alerts.webhooks import webhook_signature

pytestmark = pytest.mark.django_db
D1, D2 = datetime.date(2022, 3, 1), datetime.date(2022, 3, 10)


def test_the_signature_matches_the_standard_webhooks_test_vector():
    # The example of the Standard Webhooks specification and its reference libraries.
    assert (
        webhook_signature(
            secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            message_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
            timestamp=1614265330,
            body=b'{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_backoff_doubles_up_to_its_cap(settings):
    settings.ALERTS_DELIVERY_BACKOFF_BASE = 30
    settings.ALERTS_DELIVERY_BACKOFF_MAX = 200
    assert [backoff_seconds(n) for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 200, 200]


@pytest.fixture
def converged(talks):
    """A converged event of the talks (and its shift), stored."""
    talks.say(talks.russia, 2, on=D1)
    talks.say(talks.ukraine, -2, on=D1)
    talks.say(talks.ukraine, 1, on=D2)
    events_recompute(negotiation=talks.negotiation)
    return talks.negotiation.convergence_events.get(kind="converged")


def subscribe(talks, **fields):
    owner, _ = get_user_model().objects.get_or_create(username="analyst", email="a@b.org")
    return subscription_create(owner=owner, negotiation=talks.negotiation, **fields)


def make_due(delivery_id: int) -> None:
    Delivery.objects.filter(pk=delivery_id).update(next_attempt_at=timezone.now())


def test_only_matching_subscriptions_get_a_delivery_and_only_once(talks, converged):
    wanted = subscribe(talks, channel="email", kinds=["converged"])
    subscribe(talks, channel="webhook", url="http://127.0.0.1:9/", kinds=["diverged"])
    other_demand = talks.demand.__class__.objects.create(
        negotiation=talks.negotiation, slug="other", title="Other", demanded_by=talks.russia
    )
    narrow = subscribe(talks, channel="webhook", url="http://127.0.0.1:9/x")
    narrow.demands.set([other_demand])

    first = deliveries_create(event_ids=[converged.pk])
    again = deliveries_create(event_ids=[converged.pk])

    assert [Delivery.objects.get(pk=pk).subscription for pk in first] == [wanted]
    assert again == []


def test_a_failing_webhook_backs_off_then_gives_up(talks, converged, webhook_receiver, settings):
    settings.ALERTS_DELIVERY_MAX_ATTEMPTS = 3
    settings.ALERTS_DELIVERY_BACKOFF_BASE = 10
    webhook_receiver.answers[:] = [503, 503, 503]
    subscription = subscribe(talks, channel="webhook", url=webhook_receiver.url)
    [delivery_id] = deliveries_create(event_ids=[converged.pk])

    assert delivery_attempt(delivery_id=delivery_id) == 10
    assert delivery_attempt(delivery_id=delivery_id) is None  # not due yet: no attempt
    make_due(delivery_id)
    assert delivery_attempt(delivery_id=delivery_id) == 20
    make_due(delivery_id)
    assert delivery_attempt(delivery_id=delivery_id) is None  # third failure: gave up

    delivery = Delivery.objects.get(pk=delivery_id)
    assert (delivery.status, delivery.attempt_count) == ("failed", 3)
    assert [(a.outcome, a.response_code) for a in delivery.attempts.all()] == [
        ("http_error", 503)
    ] * 3
    assert delivery.subscription == subscription
    assert len(webhook_receiver.requests) == 3


def test_a_silent_receiver_is_a_timeout_and_a_redirect_is_no_success(talks, converged, settings):
    settings.ALERTS_WEBHOOK_TIMEOUT = 0.5
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path == "/slow":
                release.wait(10)
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        slow = subscribe(talks, channel="webhook", url=f"{base}/slow")
        moved = subscribe(talks, channel="webhook", url=f"{base}/moved")
        ids = deliveries_create(event_ids=[converged.pk])
        for delivery_id in ids:
            delivery_attempt(delivery_id=delivery_id)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)
    outcomes = {
        d.subscription_id: (d.attempts.get().outcome, d.attempts.get().response_code)
        for d in Delivery.objects.all()
    }
    assert outcomes == {slow.pk: ("timeout", None), moved.pk: ("http_error", 302)}


def test_email_goes_through_djangos_mail(talks, converged, mailoutbox):
    subscription = subscribe(talks, channel="email", email="desk@example.org")
    [delivery_id] = deliveries_create(event_ids=[converged.pk])

    delivery_attempt(delivery_id=delivery_id)

    assert Delivery.objects.get(pk=delivery_id).status == "delivered"
    [mail] = mailoutbox
    assert mail.to == [subscription.email]
    assert mail.subject == f"[Parley] converged: {talks.demand.title} (2022-03-10)"
    assert "Gap: 4 -> 1" in mail.body


def test_a_webhook_to_a_private_address_is_refused_at_send_time(
    talks, converged, webhook_receiver, settings
):
    subscribe(talks, channel="webhook", url=webhook_receiver.url)
    [delivery_id] = deliveries_create(event_ids=[converged.pk])
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS = False

    delivery_attempt(delivery_id=delivery_id)

    attempt = Delivery.objects.get(pk=delivery_id).attempts.get()
    assert attempt.outcome == "refused"
    assert webhook_receiver.requests == []
    assert Delivery.objects.get(pk=delivery_id).next_attempt_at > timezone.now() + timedelta(
        seconds=1
    )
