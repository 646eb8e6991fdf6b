"""Throttling per anonymous client and per user, and the schema's own validity."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(API_THROTTLE_ANON="3/minute", API_THROTTLE_USER="5/minute")
def test_anonymous_and_signed_in_clients_have_their_own_limits(talks, anonymous, editor):
    # The counters live in the shared cache: start from zero whatever ran before.
    cache.delete_many(["throttle_anon_127.0.0.1", f"throttle_user_{editor.user.pk}"])
    for _ in range(3):
        assert anonymous.get("/api/v1/parties/").status_code == 200
    refused = anonymous.get("/api/v1/parties/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # a signed-in user is counted apart from the anonymous on the same address
    for _ in range(5):
        assert editor.get("/api/v1/parties/").status_code == 200
    assert editor.get("/api/v1/parties/").status_code == 429
    cache.delete_many(["throttle_anon_127.0.0.1", f"throttle_user_{editor.user.pk}"])


def test_throttling_is_off_in_the_suite_by_default(talks, anonymous):
    for _ in range(30):
        assert anonymous.get("/api/v1/parties/").status_code == 200


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert "/api/v1/statements/{id}/publish/" in (tmp_path / "s.yaml").read_text()


def test_swagger_ui_comes_from_our_own_static_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
