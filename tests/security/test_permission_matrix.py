"""Every URL of the URLconf x every role x public and private mode: no 5xx, protected things refuse.

The URLs come from walking the resolver (tests/security/urlmap.py), so pages, admin and API
views added anywhere in the project are covered as they land.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.views import APIView

from tests import factories
from tests.security import urlmap

ROLES = ["anonymous", "editor", "reviewer", "superuser"]
ADMIN_OPEN = {"admin:login", "admin:logout"}
PROJECT_APP_LABELS = {"parties", "negotiations", "alerts", "ingest"}


def role_group(role: str) -> Group:
    """The project's own group for the role when one exists, else one with plain permissions.

    Editors may add, change and view the domain; reviewers only view it.
    """
    existing = Group.objects.filter(name__iregex=rf"^{role}s?$").first()
    if existing:
        return existing
    group = Group.objects.create(name=f"matrix-{role}")
    actions = ("add", "change", "view") if role == "editor" else ("view",)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=PROJECT_APP_LABELS,
            codename__regex=rf"^({'|'.join(actions)})_",
        )
    )
    return group


def make_user(role: str):
    if role == "anonymous":
        return None
    users = get_user_model().objects
    if role == "superuser":
        return users.create_superuser(role, f"{role}@example.org", "unused-password-1")
    user = users.create_user(role, f"{role}@example.org", "unused-password-1", is_staff=True)
    user.groups.add(role_group(role))
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def routes(db):
    stance = factories.StanceFactory()
    factories.ParticipantFactory(negotiation=stance.statement.negotiation, party=stance.party)
    factories.RoundFactory(negotiation=stance.statement.negotiation)
    factories.MembershipFactory(party=stance.party)
    usable, skipped = urlmap.fill(urlmap.walk())
    # Of a route's candidate fillings, take the first one a superuser finds (not 404).
    probe = Client()
    probe.force_login(make_user("superuser"))
    for route in usable:
        for path in route.candidates:
            if probe.get(path, HTTP_ACCEPT="text/html").status_code != 404:
                route.candidates = [path]
                break
        route.candidates = route.candidates[:1]
    get_user_model().objects.filter(username="superuser").delete()
    if skipped:
        print("permission matrix skipped unfillable patterns:", skipped)
    return usable


def view_class(route):
    return getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)


def is_api(route, path: str) -> bool:
    cls = view_class(route)
    return path.startswith("/api/") or (isinstance(cls, type) and issubclass(cls, APIView))


def admin_permission(route) -> str | None:
    """The permission the admin needs for this model URL, or None when it is not one."""
    found = urlmap.admin_model(route)
    if not found:
        return None
    model, action = found
    opts = model._meta
    needed = {"add": "add", "delete": "delete"}.get(action, "view")
    return f"{opts.app_label}.{needed}_{opts.model_name}"


def refusals(route, path, role, user, private: bool, response) -> list[str]:
    problems = []
    status = response.status_code
    if status >= 500:
        problems.append(f"{status} server error")
    location = response.headers.get("Location", "")
    if route.namespace == "admin" and route.name not in ADMIN_OPEN:
        if user is None and not (status == 302 and reverse("admin:login") in location):
            problems.append(f"anonymous got {status}, not the admin login")
        permission = admin_permission(route)
        if user is not None and permission and not user.is_superuser:
            allowed = user.has_perm(permission) or (
                permission.split(".")[1].startswith("view_")
                and user.has_perm(permission.replace(".view_", ".change_"))
            )
            if not allowed and status not in {403, 302}:
                problems.append(f"{role} without {permission} got {status}")
        return problems
    if private and user is None and route.name not in {"healthz", "login", "logout"}:
        if route.name in ADMIN_OPEN or route.namespace == "admin":
            return problems
        if is_api(route, path):
            if status not in {401, 403}:
                problems.append(f"private mode: anonymous API read got {status}")
        elif not (status == 302 and reverse("login") in location) and status != 404:
            problems.append(f"private mode: anonymous page read got {status}")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_permission_matrix(routes, private):
    # All roles in one test: filling the URLs from the database is the slow part.
    problems = []
    for role in ROLES:
        user = make_user(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        with override_settings(PARLEY_PRIVATE=private):
            for route in routes:
                path = route.candidates[0]
                response = client.get(path, HTTP_ACCEPT="text/html")
                for problem in refusals(route, path, role, user, private, response):
                    problems.append(
                        f"{role}: GET {path} ({route.name or route.template}): {problem}"
                    )
                cls = view_class(route)
                if (
                    user is None
                    and is_api(route, path)
                    and not (isinstance(cls, type) and issubclass(cls, ObtainAuthToken))
                ):
                    status = Client().post(path, {}, content_type="application/json").status_code
                    if status not in {401, 403, 405}:
                        problems.append(f"POST {path}: anonymous write got {status}")
    assert problems == []


@pytest.mark.django_db
def test_the_matrix_sees_pages_admin_and_api(routes):
    names = {route.name for route in routes}
    assert {"home", "healthz", "admin:index", "schema"} <= names
    registered = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry
    }
    assert registered <= names
