"""Filters, keyset paging (stable while editors insert) and query counts per page."""

import datetime

import pytest

from negotiations.models import Statement
from tests.factories import StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def walk(client, url: str) -> list[int]:
    seen, pages = [], 0
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url, pages = body["next"], pages + 1
        assert pages < 100
    return seen


def test_statement_filters(talks, anonymous, editor):
    first, second, third, fourth = (s.pk for s in talks["published"])
    get = anonymous.get
    assert ids(get("/api/v1/statements/?negotiation=ru-ua")) == [fourth, third, second, first]
    assert ids(get("/api/v1/statements/?negotiation=elsewhere")) == []
    assert ids(get("/api/v1/statements/?party=ukraine")) == [third, second]
    assert ids(get("/api/v1/statements/?speaker=sergey-lavrov")) == [first]
    assert ids(get("/api/v1/statements/?demand=ceasefire")) == [fourth, second]
    assert ids(get("/api/v1/statements/?said_on_after=2022-03-02&said_on_before=2022-03-10")) == [
        third,
        second,
    ]
    assert ids(get("/api/v1/statements/?kind=quote")) == [fourth, third, second, first]
    assert ids(get("/api/v1/statements/?kind=report")) == []
    assert ids(get("/api/v1/statements/?q=NEUTRAL")) == [third, first]
    assert ids(get("/api/v1/statements/?ordering=said_on")) == [first, second, third, fourth]
    assert ids(editor.get("/api/v1/statements/?status=draft")) == [talks["draft"].pk]
    assert ids(editor.get("/api/v1/statements/?status=draft&status=retracted")) == [
        talks["retracted"].pk,
        talks["draft"].pk,
    ]


def test_bad_filter_values_are_a_400_naming_the_parameter(talks, anonymous):
    for query, field in [
        ("said_on_after=yesterday", "said_on"),
        ("kind=poem", "kind"),
        ("ordering=text", "ordering"),
        ("page_size=501", "page_size"),
        ("page_size=0", "page_size"),
        ("cursor=not-a-cursor", "cursor"),
    ]:
        response = anonymous.get(f"/api/v1/statements/?{query}")
        assert response.status_code == 400, query
        assert any(key.startswith(field) for key in response.json()), response.json()


def test_stance_filters(talks, anonymous):
    body = anonymous.get("/api/v1/stances/?demand=no-nato&position=-2").json()["results"]
    assert [(s["party"], s["position"]) for s in body] == [("ukraine", -2)]
    body = anonymous.get("/api/v1/stances/?party=russia&said_on_before=2022-03-05").json()
    assert [(s["demand"], s["position"]) for s in body["results"]] == [("no-nato", 2)]
    body = anonymous.get("/api/v1/stances/?speaker=dmytro-kuleba&q=guarantees").json()
    assert [s["position"] for s in body["results"]] == [1]


def test_cursor_pages_are_stable_while_editors_insert(talks, anonymous):
    negotiation, russia = talks["negotiation"], talks["russia"]
    for day in range(1, 29):
        StatementFactory(negotiation=negotiation, party=russia, said_on=datetime.date(2022, 4, day))
    before = walk(anonymous, "/api/v1/statements/?page_size=500")
    assert len(before) == 32

    seen, url = [], "/api/v1/statements/?page_size=5"
    body = anonymous.get(url).json()
    seen += [item["id"] for item in body["results"]]
    # New statements on both sides of the cursor, and on its very date.
    StatementFactory(negotiation=negotiation, party=russia, said_on=datetime.date(2022, 5, 1))
    StatementFactory(negotiation=negotiation, party=russia, said_on=datetime.date(2022, 4, 24))
    StatementFactory(negotiation=negotiation, party=russia, said_on=datetime.date(2022, 1, 1))
    seen += walk(anonymous, body["next"])
    new_old = Statement.objects.get(said_on=datetime.date(2022, 1, 1)).pk
    new_same_day = Statement.objects.filter(said_on=datetime.date(2022, 4, 24)).latest("id").pk
    assert len(seen) == len(set(seen)), "a row came twice"
    assert [pk for pk in seen if pk not in (new_old, new_same_day)] == before
    assert seen[-1] == new_old  # rows after the cursor appear where they belong


def test_page_size_up_to_500(talks, anonymous):
    assert len(ids(anonymous.get("/api/v1/stances/?page_size=500"))) == 5
    assert anonymous.get("/api/v1/stances/?page_size=2").json()["next"] is not None


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("statements/", 2),  # the page, then its stances
        ("stances/", 1),
        ("parties/", 1),
        ("people/", 1),
        ("memberships/", 1),
        ("negotiations/", 2),  # the page, then the participants
        ("rounds/", 1),
        ("demands/", 1),
        ("sources/", 1),
        ("changes/", 1),  # one UNION ALL over the history tables
    ],
)
def test_query_counts_do_not_grow_with_the_page(
    talks, anonymous, django_assert_num_queries, path, queries
):
    for day in range(1, 21):
        statement = StatementFactory(
            negotiation=talks["negotiation"],
            party=talks["ukraine"],
            said_on=datetime.date(2022, 4, day),
        )
        StanceFactory(statement=statement, demand=talks["nato"], party=talks["ukraine"])
    for size in (3, 60):
        with django_assert_num_queries(queries):
            response = anonymous.get(f"/api/v1/{path}?page_size={size}")
        assert response.status_code == 200


def test_signed_in_query_counts_are_fixed_too(talks, editor, django_assert_num_queries):
    # token, user permissions, group permissions, then the page and its stances
    with django_assert_num_queries(5):
        assert editor.get("/api/v1/statements/?page_size=500").status_code == 200
