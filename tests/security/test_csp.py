"""Content Security Policy: header on every response, deploy check clean, htmx working under it."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "login", "admin:login", "healthz"])
def test_every_response_carries_a_strict_policy(client, url_name):
    response = client.get(reverse(url_name))
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no other origin"
    # The admin's templates ask for a per-response nonce for their own <style> blocks.
    assert csp["style-src"][0] == "'self'"
    assert all(value.startswith("'nonce-") for value in csp["style-src"][1:])
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]


@pytest.mark.django_db
def test_htmx_is_configured_for_the_policy(client):
    html = client.get(reverse("home")).content.decode()
    assert '<meta name="htmx-config"' in html
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
    assert "<script>" not in html and "onclick=" not in html


def test_production_settings_enforce_the_policy():
    """tests/test_foundation.py runs check --deploy; here: production enforces this CSP."""
    # Only what a production host would have: none of the test run's variables leak in.
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "parley.example.org",
    }
    code = (
        "from django.conf import settings as s;"
        "print('django.middleware.csp.ContentSecurityPolicyMiddleware' in s.MIDDLEWARE,"
        " [str(v) for v in s.SECURE_CSP['script-src']], s.SECURE_CSP_REPORT_ONLY)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True [\"'self'\"] {}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_run_htmx_under_the_policy_without_violations(page, page_guard, live_server):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in [reverse("home"), reverse("login")]:
        response = page.goto(live_server.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
        config = page.evaluate(
            "() => [htmx.config.includeIndicatorStyles, htmx.config.allowEval,"
            " htmx.config.allowScriptTags]"
        )
        assert config == [False, False, False]
        # htmx injects no <style> element (it would be refused and logged).
        assert page.locator("style").count() == 0
    assert violations == []


def test_only_the_browsable_api_may_use_inline_styles(rf):
    from django.http import HttpResponse
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

    from config.security.csp import BrowsableApiStylesMiddleware

    def respond(renderer):
        response = HttpResponse()
        response.accepted_renderer = renderer
        return response

    html = BrowsableApiStylesMiddleware(lambda request: respond(BrowsableAPIRenderer()))(
        rf.get("/")
    )
    assert html._csp_config["style-src"] == ["'self'", "'unsafe-inline'"]
    assert html._csp_config["script-src"] == ["'self'"]
    plain = BrowsableApiStylesMiddleware(lambda request: respond(JSONRenderer()))(rf.get("/"))
    assert not hasattr(plain, "_csp_config")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_timeline_filters_swap_through_htmx_under_the_policy(page, page_guard, live_server):
    from tests import factories

    stance = factories.StanceFactory()
    factories.ParticipantFactory(negotiation=stance.statement.negotiation, party=stance.party)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    url = live_server.url + reverse("timeline", args=[stance.statement.negotiation.slug])
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.htmx !== undefined")
    # Submitting the filters goes through htmx (an HX-Request fetch), not a page load.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as swap:
        page.locator("#filters").evaluate("form => form.requestSubmit()")
    assert swap.value.status == 200
    page.locator("#results").wait_for()
    assert violations == []
