"""Private mode (PARLEY_PRIVATE): reads need a user; health, login and token issue stay open."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

TOKEN_AUTH = {
    **settings.REST_FRAMEWORK,
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
}


@pytest.fixture
def analyst(db):
    return get_user_model().objects.create_user("analyst", password="not-used-here")


def test_public_mode_serves_anonymous_readers(client):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("schema")).status_code == 200


@override_settings(PARLEY_PRIVATE=True)
def test_private_mode_sends_anonymous_page_readers_to_the_login_page(client):
    response = client.get(reverse("home") + "?q=talks")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/%3Fq%3Dtalks"


@override_settings(PARLEY_PRIVATE=True)
def test_private_mode_refuses_anonymous_api_reads_with_401(client):
    response = client.get(reverse("schema"))
    assert response.status_code == 401
    assert response.json()["detail"]


@override_settings(PARLEY_PRIVATE=True)
@pytest.mark.parametrize("url_name", ["healthz", "login", "admin:login"])
def test_private_mode_keeps_health_and_login_open(client, url_name):
    assert client.get(reverse(url_name)).status_code == 200


@override_settings(PARLEY_PRIVATE=True)
def test_private_mode_admin_still_redirects_to_its_own_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@override_settings(PARLEY_PRIVATE=True)
def test_private_mode_serves_a_signed_in_user(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("schema")).status_code == 200


@override_settings(PARLEY_PRIVATE=True, REST_FRAMEWORK=TOKEN_AUTH)
def test_private_mode_serves_an_api_client_with_a_valid_token(client, analyst):
    token = Token.objects.create(user=analyst)
    ok = client.get(reverse("schema"), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ok.status_code == 200
    forged = client.get(reverse("schema"), HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert forged.status_code == 401


@override_settings(PARLEY_PRIVATE=True)
def test_private_mode_login_then_read(client, analyst):
    analyst.set_password("a long passphrase for tests")
    analyst.save()
    response = client.post(
        reverse("login"),
        {"username": "analyst", "password": "a long passphrase for tests", "next": "/"},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
