"""/api/v1/subscriptions/: each signed-in user manages their own; the secret shows once."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from negotiations.alerts.models import Subscription
from negotiations.alerts.subscriptions import subscription_create
from tests.factories import DemandFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/subscriptions/"


@pytest.fixture
def analyst():
    return get_user_model().objects.create_user("analyst", email="analyst@example.org")


@pytest.fixture
def api(analyst) -> APIClient:
    client = APIClient()
    client.force_authenticate(analyst)
    return client


def test_creating_a_webhook_returns_its_secret_once(api, talks):
    response = api.post(
        URL,
        {
            "negotiation": "talks",
            "channel": "webhook",
            "url": "http://127.0.0.1:9/hook",
            "kinds": ["converged", "diverged"],
            "demands": [talks.demand.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert Subscription.objects.get().secret == body["secret"]
    detail = api.get(f"{URL}{body['id']}/").json()
    assert "secret" not in detail
    assert detail["kinds"] == ["converged", "diverged"]
    assert detail["demands"] == [talks.demand.pk]


def test_an_email_subscription_defaults_to_the_users_address(api, talks):
    response = api.post(URL, {"negotiation": "talks", "channel": "email"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["email"] == "analyst@example.org"
    assert response.json()["secret"] == ""


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"channel": "webhook"}, "url"),
        ({"channel": "webhook", "url": "ftp://example.org/x"}, "url"),
        ({"channel": "email", "kinds": ["rumour"]}, "kinds"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_input_is_a_clear_400_and_saves_nothing(api, talks, payload, field):
    response = api.post(URL, {"negotiation": "talks", **payload}, format="json")
    assert response.status_code == 400
    assert any(key.split("[")[0] == field for key in response.json())  # e.g. "kinds[0]"
    assert Subscription.objects.count() == 0


def test_a_demand_of_another_negotiation_is_refused(api, talks):
    other = DemandFactory()
    response = api.post(
        URL, {"negotiation": "talks", "channel": "email", "demands": [other.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "demands" in response.json()


def test_private_webhook_targets_are_refused_in_production(api, talks, settings):
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = api.post(
        URL,
        {"negotiation": "talks", "channel": "webhook", "url": "http://127.0.0.1:8000/admin/"},
        format="json",
    )
    assert response.status_code == 400
    assert "non-public address" in response.json()["url"][0]


def test_users_see_and_change_only_their_own(api, analyst, talks, django_assert_num_queries):
    mine = subscription_create(owner=analyst, negotiation=talks.negotiation, channel="email")
    newer = subscription_create(owner=analyst, negotiation=talks.negotiation, channel="email")
    stranger = get_user_model().objects.create_user("stranger", email="s@example.org")
    theirs = subscription_create(owner=stranger, negotiation=talks.negotiation, channel="email")

    with django_assert_num_queries(2):  # the subscriptions, then all their demands
        listing = api.get(URL)
    assert [item["id"] for item in listing.json()] == [newer.pk, mine.pk]
    assert api.get(f"{URL}{theirs.pk}/").status_code == 404
    assert api.delete(f"{URL}{theirs.pk}/").status_code == 404
    response = api.patch(f"{URL}{mine.pk}/", {"active": False, "kinds": ["shift"]}, format="json")
    assert response.status_code == 200, response.json()
    mine.refresh_from_db()
    assert (mine.active, mine.kinds) == (False, ["shift"])
    assert api.delete(f"{URL}{mine.pk}/").status_code == 204
    assert Subscription.objects.filter(owner=stranger).exists()


def test_anonymous_requests_are_refused(talks):
    assert APIClient().get(URL).status_code == 401


def test_the_schema_documents_the_subscriptions_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {"/api/v1/subscriptions/", "/api/v1/subscriptions/{id}/"} <= set(schema["paths"])


def test_a_secret_can_be_rotated_and_is_shown_once(api, analyst, talks):
    hook = subscription_create(
        owner=analyst, negotiation=talks.negotiation, channel="webhook", url="http://127.0.0.1:9/"
    )
    mail = subscription_create(owner=analyst, negotiation=talks.negotiation, channel="email")

    response = api.post(f"{URL}{hook.pk}/rotate-secret/")

    assert response.status_code == 200
    hook_before, hook.secret = hook.secret, None
    hook.refresh_from_db()
    assert response.json()["secret"] == hook.secret != hook_before
    assert api.post(f"{URL}{mail.pk}/rotate-secret/").status_code == 400


def test_turning_an_email_subscription_into_a_webhook_shows_the_new_secret(api, analyst, talks):
    mail = subscription_create(owner=analyst, negotiation=talks.negotiation, channel="email")

    response = api.patch(
        f"{URL}{mail.pk}/", {"channel": "webhook", "url": "http://127.0.0.1:9/"}, format="json"
    )

    assert response.status_code == 200, response.json()
    mail.refresh_from_db()
    assert response.json()["secret"] == mail.secret
    assert mail.secret.startswith("whsec_")
    assert "secret" not in api.patch(f"{URL}{mail.pk}/", {"active": False}, format="json").json()
