"""Statement writes: nested stances in one atomic request, field-named errors, If-Match,
publish and retract, and no deletes."""

import datetime

import pytest

from negotiations.models import Source, Stance, Statement

pytestmark = pytest.mark.django_db


def new_statement(**changes) -> dict:
    body = {
        "negotiation": "ru-ua",
        "said_on": "2022-03-20",
        "speaker": "sergey-lavrov",
        "kind": "quote",
        "text": "Neutral status is being discussed seriously.",
        "source": {
            "url": "https://news.example.org/serious",
            "outlet": "Example News",
            "reliability": "C",
        },
        "stances": [
            {"demand": "no-nato", "position": 1, "conditions": "with security guarantees"},
            {"demand": "ceasefire", "party": "ukraine", "position": 2},
        ],
    }
    body.update(changes)
    return body


def test_an_editor_creates_a_draft_with_its_stances_and_source(talks, editor):
    response = editor.post("/api/v1/statements/", new_statement(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == body["url"]
    assert response["ETag"]
    assert body["status"] == "draft"
    assert body["party"] == "russia"  # the speaker's membership on that date
    assert body["source"]["url"] == "https://news.example.org/serious"
    statement = Statement.objects.get(pk=body["id"])
    assert statement.created_by == editor.user
    assert {
        (s.demand.slug, s.party.slug, s.position, s.conditions) for s in statement.stances.all()
    } == {
        ("no-nato", "russia", 1, "with security guarantees"),
        ("ceasefire", "ukraine", 2, ""),
    }
    # an existing source is found by its URL, not duplicated
    again = new_statement(source={"url": "https://news.example.org/serious"}, said_on="2022-03-21")
    assert editor.post("/api/v1/statements/", again, format="json").status_code == 201
    assert Source.objects.filter(url="https://news.example.org/serious").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stances": [{"demand": "no-nato", "position": 1}, {"demand": "nope", "position": 0}]},
         "stances[1].demand"),
        ({"stances": [{"demand": "no-nato", "position": 3}]}, "stances[0].position"),
        ({"stances": [{"demand": "no-nato", "position": 1}, {"demand": "no-nato", "position": 2}]},
         "stances[1].demand"),
        ({"stances": [{"demand": "no-nato", "party": "atlantis", "position": 1}]},
         "stances[0].party"),
        ({"negotiation": "elsewhere"}, "negotiation"),
        ({"speaker": "nobody"}, "speaker"),
        ({"party": "atlantis"}, "party"),
        ({"said_on": "2999-01-01"}, "said_on"),
        ({"said_on": "soon"}, "said_on"),
        ({"text": ""}, "text"),
        ({"kind": "quote", "source": None}, "source"),
        ({"source": {"url": "not a url"}}, "source.url"),
        ({"speaker": None}, "party"),
    ],
)  # fmt: skip
def test_invalid_input_is_a_400_naming_the_field_and_writes_nothing(talks, editor, changes, field):
    counts = (Statement.objects.count(), Stance.objects.count(), Source.objects.count())
    response = editor.post("/api/v1/statements/", new_statement(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert (Statement.objects.count(), Stance.objects.count(), Source.objects.count()) == counts


def test_an_editor_changes_a_draft_and_its_stances(talks, editor):
    draft = talks["draft"]
    url = f"/api/v1/statements/{draft.pk}/"
    response = editor.patch(
        url,
        {"text": "Corrected words.", "stances": [{"demand": "ceasefire", "position": -1}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.text == "Corrected words."
    assert [(s.demand.slug, s.position) for s in draft.stances.all()] == [("ceasefire", -1)]
    # leaving out stances keeps them
    assert editor.patch(url, {"translation": "x"}, format="json").status_code == 200
    assert draft.stances.count() == 1
    # a full replacement needs the required fields
    response = editor.put(url, {"text": "Only text."}, format="json")
    assert response.status_code == 400
    assert {"negotiation", "said_on"} <= set(response.json())


def test_a_statement_cannot_move_to_another_negotiation(talks, editor):
    from tests.factories import NegotiationFactory

    NegotiationFactory(slug="other-talks")
    response = editor.patch(
        f"/api/v1/statements/{talks['draft'].pk}/", {"negotiation": "other-talks"}, format="json"
    )
    assert response.status_code == 400
    assert "negotiation" in response.json()


def test_published_statements_are_not_changed_through_the_api(talks, editor):
    published = talks["published"][0]
    response = editor.patch(
        f"/api/v1/statements/{published.pk}/", {"text": "Rewritten."}, format="json"
    )
    assert response.status_code == 409
    published.refresh_from_db()
    assert published.text == "Ukraine must stay neutral."


def test_a_stale_write_is_refused_with_412(talks, editor):
    url = f"/api/v1/statements/{talks['draft'].pk}/"
    etag = editor.get(url)["ETag"]
    # someone else changes it meanwhile
    assert editor.patch(url, {"text": "First edit."}, format="json").status_code == 200
    stale = editor.patch(url, {"text": "Second edit."}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Statement.objects.get(pk=talks["draft"].pk).text == "First edit."
    fresh = editor.get(url)["ETag"]
    response = editor.patch(url, {"text": "Second edit."}, format="json", HTTP_IF_MATCH=fresh)
    assert response.status_code == 200
    assert response["ETag"] == editor.get(url)["ETag"] != fresh
    assert (
        editor.patch(url, {"text": "Third."}, format="json", HTTP_IF_MATCH="*").status_code == 200
    )


def test_reviewers_publish_and_retract(talks, reviewer, anonymous):
    draft = talks["draft"]
    url = f"/api/v1/statements/{draft.pk}/"
    etag = reviewer.get(url)["ETag"]
    response = reviewer.post(f"{url}publish/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "published"
    assert anonymous.get(url).status_code == 200
    # the ETag it had before publishing is stale now
    assert reviewer.post(f"{url}retract/", HTTP_IF_MATCH=etag).status_code == 412
    response = reviewer.post(f"{url}retract/", {"reason": "Misattributed."}, format="json")
    assert response.status_code == 200
    assert response.json()["retraction_reason"] == "Misattributed."
    draft.refresh_from_db()
    assert draft.status == "retracted"
    assert anonymous.get(url).status_code == 404


def test_publishing_applies_the_services_rules(talks, reviewer):
    future = talks["draft"]
    Statement.objects.filter(pk=future.pk).update(said_on=datetime.date(2999, 1, 1))
    response = reviewer.post(f"/api/v1/statements/{future.pk}/publish/")
    assert response.status_code == 400
    assert "said_on" in response.json()


def test_nobody_deletes_through_the_api(talks, superuser):
    statement = talks["published"][0]
    for path in (f"statements/{statement.pk}/", f"stances/{statement.stances.get().pk}/",
                 "parties/russia/"):  # fmt: skip
        assert superuser.delete(f"/api/v1/{path}").status_code == 405
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_session_authentication_works_too(talks, client):
    from tests.api.conftest import make_user

    client.force_login(make_user("editor"))
    response = client.post("/api/v1/statements/", new_statement(), content_type="application/json")
    assert response.status_code == 201
