"""Every resource's list and detail: fields, slugs and links, and what anonymous readers see."""

import pytest

from negotiations.models import Statement

pytestmark = pytest.mark.django_db

BASE = "http://testserver/api/v1/"

LIST_FIELDS = {
    "parties": {
        "slug", "url", "name", "short_name", "classification", "parent", "parent_url",
        "country_code", "color", "wikidata_id", "created_at", "updated_at",
    },
    "people": {"slug", "url", "name", "other_names", "wikidata_id", "created_at", "updated_at"},
    "memberships": {
        "id", "url", "person", "person_url", "party", "party_url", "role", "start_date",
        "end_date", "created_at", "updated_at",
    },
    "negotiations": {
        "slug", "url", "title", "description", "start_date", "end_date",
        "convergence_threshold", "participants", "convergence_url", "export_url",
        "created_at", "updated_at",
    },
    "rounds": {"id", "url", "negotiation", "negotiation_url", "date", "title", "location",
               "format"},
    "demands": {
        "slug", "url", "negotiation", "negotiation_url", "title", "description", "demanded_by",
        "demanded_by_url", "addressed_to", "addressed_to_url", "topic", "weight", "created_at",
        "updated_at",
    },
    "sources": {
        "id", "api_url", "url", "outlet", "title", "published_on", "language", "reliability",
        "archived_url", "created_at", "updated_at",
    },
    "statements": {
        "id", "url", "negotiation", "negotiation_url", "said_on", "said_on_precision", "speaker",
        "speaker_url", "party", "party_url", "kind", "text", "language", "translation", "source",
        "source_url", "status", "retraction_reason", "stances", "created_at", "updated_at",
    },
    "stances": {
        "id", "url", "statement", "statement_url", "negotiation", "negotiation_url", "said_on",
        "demand", "demand_url", "party", "party_url", "position", "position_label",
        "conditions", "statement_status", "created_at", "updated_at",
    },
}  # fmt: skip


@pytest.mark.parametrize("resource", sorted(LIST_FIELDS))
def test_each_list_has_its_fields_and_each_item_its_detail(talks, anonymous, resource):
    response = anonymous.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "results"}
    assert body["results"], resource
    for item in body["results"]:
        assert set(item) == LIST_FIELDS[resource]
        link = item["api_url"] if resource == "sources" else item["url"]
        assert link.startswith(BASE)
        detail = anonymous.get(link)
        assert detail.status_code == 200, link
        assert (
            detail.json()["id" if "id" in item else "slug"]
            == item["id" if "id" in item else "slug"]
        )


def test_related_objects_are_slugs_or_ids_with_links(talks, anonymous):
    stance = anonymous.get("/api/v1/stances/?demand=no-nato&party=russia").json()["results"][0]
    assert stance["demand"] == "no-nato"
    assert stance["demand_url"] == f"{BASE}demands/ru-ua/no-nato/"
    assert stance["party_url"] == f"{BASE}parties/russia/"
    assert stance["statement_url"] == f"{BASE}statements/{stance['statement']}/"
    assert stance["position"] == 2 and stance["position_label"] == "supports"
    demand = anonymous.get(stance["demand_url"]).json()
    assert demand["demanded_by"] == "russia" and demand["addressed_to"] == "ukraine"
    negotiation = anonymous.get(demand["negotiation_url"]).json()
    assert {p["party"]: p["role"] for p in negotiation["participants"]} == {
        "russia": "principal",
        "ukraine": "principal",
        "turkey": "mediator",
    }
    assert negotiation["convergence_url"] == f"{BASE}negotiations/ru-ua/convergence/"
    assert negotiation["export_url"] == f"{BASE}negotiations/ru-ua/export/"


def test_statement_detail_embeds_its_stances_and_source(talks, anonymous):
    statement = talks["published"][1]
    body = anonymous.get(f"/api/v1/statements/{statement.pk}/").json()
    assert body["text"] == "We will never give up NATO."
    assert body["speaker"] == "dmytro-kuleba"
    assert body["speaker_url"] == f"{BASE}people/dmytro-kuleba/"
    assert body["source"]["url"] == "https://news.example.org/neutrality"
    assert body["source"]["reliability"] == "B"
    assert body["source"]["api_url"] == f"{BASE}sources/{talks['source'].pk}/"
    assert "source_url" not in body
    assert {(s["demand"], s["position"]) for s in body["stances"]} == {
        ("no-nato", -2),
        ("ceasefire", 2),
    }


def test_anonymous_readers_see_published_statements_only(talks, anonymous, editor):
    published = {s.pk for s in talks["published"]}
    listed = {s["id"] for s in anonymous.get("/api/v1/statements/").json()["results"]}
    assert listed == published
    stances = anonymous.get("/api/v1/stances/").json()["results"]
    assert {s["statement"] for s in stances} == published
    for hidden in (talks["draft"], talks["retracted"]):
        assert anonymous.get(f"/api/v1/statements/{hidden.pk}/").status_code == 404
        stance = hidden.stances.get()
        assert anonymous.get(f"/api/v1/stances/{stance.pk}/").status_code == 404
        assert editor.get(f"/api/v1/statements/{hidden.pk}/").status_code == 200
        assert editor.get(f"/api/v1/stances/{stance.pk}/").status_code == 200
    # asking for drafts changes nothing for an anonymous reader
    assert anonymous.get("/api/v1/statements/?status=draft").json()["results"] == []
    everything = {s["id"] for s in editor.get("/api/v1/statements/").json()["results"]}
    assert everything == published | {talks["draft"].pk, talks["retracted"].pk}


@pytest.mark.parametrize(
    "path",
    [
        "parties/nobody/",
        "people/nobody/",
        "negotiations/nothing/",
        "demands/ru-ua/nothing/",
        "demands/nothing/no-nato/",
        "memberships/999999/",
        "rounds/999999/",
        "sources/999999/",
        "statements/999999/",
        "stances/999999/",
        "statements/not-a-number/",
        "negotiations/nothing/convergence/",
        "negotiations/nothing/export/",
        "no-such-endpoint/",
    ],
)
def test_an_unknown_slug_or_id_is_a_json_404_on_read(talks, anonymous, path):
    response = anonymous.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_root_lists_every_resource(anonymous, db):
    body = anonymous.get("/api/v1/").json()
    assert set(body) == set(LIST_FIELDS) | {"changes"}


def test_a_statement_retracted_keeps_its_reason_for_editors(talks, editor):
    retracted = talks["retracted"]
    Statement.objects.filter(pk=retracted.pk).update(retraction_reason="Misquoted.")
    body = editor.get(f"/api/v1/statements/{retracted.pk}/").json()
    assert body["status"] == "retracted" and body["retraction_reason"] == "Misquoted."
