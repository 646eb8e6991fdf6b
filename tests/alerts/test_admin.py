"""The admin: the delivery log with its attempts, a subscription's secret shown once."""

import datetime

import pytest

from negotiations.alerts.delivery import deliveries_create, delivery_attempt
from negotiations.alerts.events import events_recompute
from negotiations.alerts.models import Subscription
from negotiations.alerts.subscriptions import subscription_create

pytestmark = pytest.mark.django_db


def test_adding_a_webhook_in_the_admin_shows_its_secret_once(admin_client, talks):
    response = admin_client.post(
        "/admin/alerts/subscription/add/",
        {
            "owner": admin_client.session["_auth_user_id"],
            "negotiation": talks.negotiation.pk,
            "kinds": '["converged"]',
            "channel": "webhook",
            "url": "http://127.0.0.1:9/hook",
            "email": "",
            "active": "on",
        },
        follow=True,
    )

    subscription = Subscription.objects.get()
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    page = admin_client.get(f"/admin/alerts/subscription/{subscription.pk}/change/")
    assert subscription.secret not in page.content.decode()


def test_a_bad_kind_in_the_admin_is_a_form_error(admin_client, talks):
    response = admin_client.post(
        "/admin/alerts/subscription/add/",
        {
            "owner": admin_client.session["_auth_user_id"],
            "negotiation": talks.negotiation.pk,
            "kinds": '["rumour"]',
            "channel": "email",
            "email": "a@example.org",
        },
    )
    assert response.status_code == 200
    assert "Kinds are a list of" in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_delivery_log_shows_each_attempt(admin_client, admin_user, talks, webhook_receiver):
    talks.say(talks.russia, 2, on=datetime.date(2022, 3, 1))
    talks.say(talks.ukraine, 1, on=datetime.date(2022, 3, 1))
    events_recompute(negotiation=talks.negotiation)
    webhook_receiver.answers[:] = [502]
    subscription_create(
        owner=admin_user, negotiation=talks.negotiation, channel="webhook", url=webhook_receiver.url
    )
    [delivery_id] = deliveries_create(
        event_ids=talks.negotiation.convergence_events.values_list("pk", flat=True)
    )
    delivery_attempt(delivery_id=delivery_id)

    listing = admin_client.get("/admin/alerts/delivery/")
    page = admin_client.get(f"/admin/alerts/delivery/{delivery_id}/change/")

    assert listing.status_code == 200
    content = page.content.decode()
    assert page.status_code == 200
    assert "HTTP error" in content and "502" in content
    for url in ("/admin/alerts/convergenceevent/", "/admin/alerts/outboxmessage/"):
        assert admin_client.get(url).status_code == 200
