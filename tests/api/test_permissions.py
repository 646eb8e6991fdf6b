"""The permission matrix: anonymous, Editor, Reviewer, superuser x every endpoint x method."""

import pytest

from tests.api.conftest import ROLES, client_for

pytestmark = pytest.mark.django_db

READ_PATHS = [
    "",
    "parties/",
    "parties/russia/",
    "people/",
    "people/sergey-lavrov/",
    "memberships/",
    "memberships/{membership}/",
    "negotiations/",
    "negotiations/ru-ua/",
    "negotiations/ru-ua/convergence/",
    "negotiations/ru-ua/export/",
    "rounds/",
    "rounds/{round}/",
    "demands/",
    "demands/ru-ua/no-nato/",
    "sources/",
    "sources/{source}/",
    "statements/",
    "statements/{published}/",
    "stances/",
    "stances/{published_stance}/",
    "changes/",
]
DRAFT_PATHS = ["statements/{draft}/", "stances/{draft_stance}/"]
READ_ONLY_DETAILS = [p for p in READ_PATHS if p.count("/") == 2 and "statements" not in p]

A, E, R, S = ROLES  # anonymous, editor, reviewer, superuser


def fill(path: str, talks) -> str:
    from parties.models import Membership

    return "/api/v1/" + path.format(
        membership=Membership.objects.first().pk,
        round=talks["negotiation"].rounds.get().pk,
        source=talks["source"].pk,
        published=talks["published"][0].pk,
        published_stance=talks["published"][0].stances.get().pk,
        draft=talks["draft"].pk,
        draft_stance=talks["draft"].stances.get().pk,
    )


def create_body() -> dict:
    return {
        "negotiation": "ru-ua",
        "said_on": "2022-03-20",
        "party": "russia",
        "kind": "report",
        "text": "Reported.",
        "stances": [{"demand": "no-nato", "position": 0}],
    }


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_published_data(talks, role):
    client = client_for(role)
    for path in READ_PATHS:
        assert client.get(fill(path, talks)).status_code == 200, (role, path)


@pytest.mark.parametrize(("role", "status"), [(A, 404), (E, 200), (R, 200), (S, 200)])
def test_drafts_are_for_editors_reviewers_and_superusers(talks, role, status):
    client = client_for(role)
    for path in DRAFT_PATHS:
        assert client.get(fill(path, talks)).status_code == status, (role, path)


@pytest.mark.parametrize(("role", "status"), [(A, 401), (E, 201), (R, 201), (S, 201)])
def test_creating_statements(talks, role, status):
    response = client_for(role).post("/api/v1/statements/", create_body(), format="json")
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("role", "status"), [(A, 401), (E, 200), (R, 200), (S, 200)])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_changing_drafts(talks, role, status, method):
    client = client_for(role)
    path = fill("statements/{draft}/", talks)
    response = getattr(client, method)(path, create_body(), format="json")
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("role", "status"), [(A, 401), (E, 403), (R, 200), (S, 200)])
@pytest.mark.parametrize("action", ["publish", "retract"])
def test_publishing_and_retracting(talks, role, status, action):
    path = fill("statements/{draft}/", talks) + f"{action}/"
    assert client_for(role).post(path).status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_no_deletes_and_no_writes_to_read_only_resources(talks, role):
    client = client_for(role)
    for path in READ_PATHS + DRAFT_PATHS:
        url = fill(path, talks)
        assert client.delete(url).status_code == 405, (role, path)
    for path in [*READ_ONLY_DETAILS, "stances/{published_stance}/"]:
        url = fill(path, talks)
        for method in ("put", "patch"):
            assert getattr(client, method)(url, {}, format="json").status_code == 405, (
                role,
                method,
                path,
            )
    for path in [p for p in READ_PATHS if p.count("/") <= 1 and p != "statements/"]:
        assert client.post(fill(path, talks), {}, format="json").status_code == 405, (role, path)


def test_a_signed_in_user_without_a_group_reads_published_only_and_writes_nothing(talks):
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    user = User.objects.create_user("reader")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert client.get(fill("statements/{draft}/", talks)).status_code == 404
    assert client.post("/api/v1/statements/", create_body(), format="json").status_code == 403


def test_a_wrong_token_is_refused(talks):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = client.get("/api/v1/statements/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
