"""The statements list from SQL compiled once per shape equals the ORM's, page by page."""

import datetime

import pytest

from negotiations.api import compiled
from tests.factories import StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def every_page(client, params: dict) -> list:
    pages, url = [], "/api/v1/statements/"
    while url:
        response = client.get(url, params if not pages else None)
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append(body["results"])
        url = body["next"]
    return pages


@pytest.fixture
def many(talks):
    negotiation = talks["negotiation"]
    day = datetime.date(2022, 3, 1)
    for n in range(23):  # several per day, drafts among them, to page across ties
        statement = StatementFactory(
            negotiation=negotiation,
            said_on=day + datetime.timedelta(days=n // 3),
            status="draft" if n % 5 == 0 else "published",
        )
        StanceFactory(statement=statement, demand=talks["nato"], position=n % 5 - 2)
    return negotiation


@pytest.mark.parametrize("role", ["anonymous", "reviewer"])
@pytest.mark.parametrize(
    "params", [{"page_size": 4}, {"page_size": 5, "ordering": "said_on"}, {"page_size": 100}]
)
def test_compiled_pages_equal_the_orm_pages(request, role, params, many, monkeypatch):
    client = request.getfixturevalue(role)
    compiled._shapes.clear()
    fast = every_page(client, params)
    assert any(entry is not None for entry in compiled._shapes.values())  # it was used
    monkeypatch.setattr(compiled, "_compile", lambda build, sentinels: None)
    compiled._shapes.clear()
    assert every_page(client, params) == fast
    assert sum(len(page) for page in fast) > 10


def test_a_filtered_list_takes_the_orm_path(anonymous, many):
    compiled._shapes.clear()
    response = anonymous.get("/api/v1/statements/", {"party": "russia", "page_size": 3})
    assert response.status_code == 200
    assert [key[2] for key in compiled._shapes] == ["embedded-stances"]
