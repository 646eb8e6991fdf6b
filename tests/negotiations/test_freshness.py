"""Cached responses and early 304s, invalidated by every committed write (freshness.py)."""

import importlib
import json

import pytest
from django.http import JsonResponse
from django.test import RequestFactory, override_settings
from django.urls import clear_url_caches

from negotiations import benchviews
from negotiations.exchange.importer import import_file
from negotiations.freshness import bump_data_version, cached_response, data_version
from parties.models import Party
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.PARLEY_RESPONSE_CACHE_SECONDS = 300


DEMO = "negotiations/demo/russia-ukraine-2022.json"


@cached_response
def party_names(request):
    party_names.calls += 1
    return JsonResponse(
        {"names": list(Party.objects.order_by("name").values_list("name", flat=True))}
    )


party_names.calls = 0


@pytest.fixture
def get():
    bump_data_version()  # nothing cached by an earlier test is reachable
    factory = RequestFactory()

    def get(path="/names/", **headers):
        return party_names(factory.get(path, **headers))

    return get


def test_second_request_is_served_from_the_cache_and_a_matching_etag_gets_304(
    get, django_assert_num_queries
):
    PartyFactory(name="Ukraine")
    first = get()
    assert json.loads(first.content) == {"names": ["Ukraine"]}
    calls = party_names.calls
    with django_assert_num_queries(0):
        second = get()
        not_modified = get(HTTP_IF_NONE_MATCH=first["ETag"])
    assert party_names.calls == calls
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"
    assert not_modified.status_code == 304 and not_modified.content == b""


def test_a_committed_write_changes_body_and_etag(get, django_capture_on_commit_callbacks):
    PartyFactory(name="Ukraine")
    before = get()
    with django_capture_on_commit_callbacks(execute=True):
        PartyFactory(name="Russia")
    after = get(HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert json.loads(after.content) == {"names": ["Russia", "Ukraine"]}
    assert after["ETag"] != before["ETag"]


def test_a_write_not_committed_keeps_the_version(django_capture_on_commit_callbacks):
    version = data_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        PartyFactory(name="Turkey")
    assert callbacks  # the bump waits for the commit...
    assert data_version() == version  # ...and a rollback drops it


def test_the_importer_bumps_the_version(django_capture_on_commit_callbacks):
    version = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        import_file(DEMO)
    assert data_version() != version


def test_keys_hold_the_host_and_credentials_bypass_the_cache(get):
    PartyFactory(name="Ukraine")
    here = get(HTTP_HOST="a.example")
    there = get(HTTP_HOST="b.example")
    assert here["ETag"] != there["ETag"]
    calls = party_names.calls
    signed_in = get(HTTP_COOKIE="sessionid=abc")
    token = get(HTTP_AUTHORIZATION="Token abc")
    assert party_names.calls == calls + 2
    assert "ETag" not in signed_in and "ETag" not in token


def test_bench_views_exist_only_when_enabled(client):
    import config.urls

    try:
        with override_settings(PARLEY_BENCH_VIEWS=True):
            clear_url_caches()
            importlib.reload(config.urls)
            response = client.get("/bench/ceiling/?bytes=2048")
            assert response.status_code == 200 and len(response.content) == 2048
            assert client.get("/bench/plain-statements/").status_code == 200
            assert client.get("/bench/cached-statements/").status_code == 200
    finally:
        clear_url_caches()
        importlib.reload(config.urls)
    assert client.get("/bench/ceiling/").status_code == 404
    assert benchviews.CEILING_MAX_BYTES >= 100_000


def test_a_body_with_a_csrf_token_is_never_stored():
    from django.middleware.csrf import get_token

    @cached_response
    def form(request):
        form.calls += 1
        return JsonResponse({"token": get_token(request)})

    form.calls = 0
    bump_data_version()
    factory = RequestFactory()
    form(factory.get("/form/"))
    form(factory.get("/form/"))
    assert form.calls == 2


def test_anonymous_timeline_pages_come_from_the_cache(client, django_assert_num_queries):
    from tests.factories import NegotiationFactory

    negotiation = NegotiationFactory()
    bump_data_version()
    first = client.get(f"/negotiations/{negotiation.slug}/")
    assert first.status_code == 200 and "X-CSRFToken" not in first.text
    with django_assert_num_queries(0):
        again = client.get(f"/negotiations/{negotiation.slug}/")
    assert again.content == first.content


def test_the_api_statements_list_is_cached_for_anonymous_readers_and_writes_pass_through(
    client, django_assert_num_queries
):
    bump_data_version()
    first = client.get("/api/v1/statements/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/api/v1/statements/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert client.post("/api/v1/statements/", {}, content_type="application/json").status_code in (
        401,
        403,
    )
