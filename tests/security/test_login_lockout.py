"""django-axes: failed logins lock a username/IP pair out for the cool-off, then it reopens."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.views import ObtainAuthToken

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", password=PASSWORD, is_staff=True, email="editor@example.org"
    )


def admin_login(client, password, ip="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def fail_until_locked(post) -> list[int]:
    return [post("wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]


def test_admin_login_locks_out_after_the_failure_limit(client, editor):
    statuses = fail_until_locked(lambda password: admin_login(client, password))
    # The form is shown again for each failure, the last one already answers "locked".
    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # Even the right password is refused during the cool-off.
    response = admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_address_and_ends_after_the_cool_off(client, editor):
    fail_until_locked(lambda password: admin_login(client, password))
    # Another client address is not locked out by a stranger's guesses.
    assert admin_login(client, PASSWORD, ip="198.51.100.7").status_code == 302
    client.logout()
    # Once the cool-off has passed, the locked address may sign in again.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert admin_login(client, PASSWORD).status_code == 302


def test_the_site_login_page_is_protected_too(client, editor):
    def post(password):
        return client.post(
            reverse("login"), {"username": "editor", "password": password}, REMOTE_ADDR="192.0.2.11"
        )

    assert fail_until_locked(post)[-1] == 429
    assert post(PASSWORD).status_code == 429


def token_paths() -> list[str]:
    """Paths of every token-issue view in the URLconf (DRF's ObtainAuthToken or a subclass)."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            view = getattr(pattern.callback, "view_class", None) or getattr(
                pattern.callback, "cls", None
            )
            if isinstance(view, type) and issubclass(view, ObtainAuthToken):
                found.append("/" + prefix + str(pattern.pattern).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return found


def test_token_issue_locks_out_after_the_failure_limit(client, editor):
    paths = token_paths()
    if not paths:
        pytest.skip("the API has no token endpoint (ObtainAuthToken) in this URLconf yet")
    for path in paths:

        def post(password, path=path):
            return client.post(
                path, {"username": "editor", "password": password}, REMOTE_ADDR="192.0.2.12"
            )

        assert post(PASSWORD).status_code == 200
        statuses = fail_until_locked(post)
        assert all(status in {400, 403, 429} for status in statuses), statuses
        response = post(PASSWORD)
        assert response.status_code in {400, 403, 429}
        assert "token" not in response.json()
        AccessAttempt.objects.all().delete()
