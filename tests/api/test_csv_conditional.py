"""CSV exports (one row per stance, formula-safe) and HTTP validators (ETag, 304)."""

import csv
import io

import pytest

from negotiations.api.renderers import STANCE_COLUMNS, STATEMENT_COLUMNS
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_statements_csv_has_one_row_per_stance(talks, anonymous):
    StatementFactory(negotiation=talks["negotiation"], party=talks["ukraine"], text="No stance.")
    response = anonymous.get("/api/v1/statements/?format=csv")
    header = response.content.decode().splitlines()[0]
    assert header.split(",") == STATEMENT_COLUMNS
    table = rows(response)
    by_statement = {}
    for row in table:
        by_statement.setdefault(int(row["statement_id"]), []).append(row)
    second = talks["published"][1]
    assert sorted((r["demand"], r["position"]) for r in by_statement[second.pk]) == [
        ("ceasefire", "2"),
        ("no-nato", "-2"),  # numbers stay numbers
    ]
    lone = next(r for r in table if r["text"] == "No stance.")
    assert lone["stance_id"] == "" and lone["position"] == ""
    assert len(table) == 5 + 1


def test_csv_cells_cannot_become_formulas(talks, anonymous):
    StatementFactory(
        negotiation=talks["negotiation"], party=talks["ukraine"], text="+1 for peace", language="@x"
    )
    table = rows(anonymous.get("/api/v1/statements/?format=csv"))
    texts = {r["text"] for r in table}
    assert '\'=HYPERLINK("http://evil")' in texts
    assert "'+1 for peace" in texts
    assert any(r["language"] == "'@x" for r in table)
    assert not any(value.startswith(("=", "+", "@")) for r in table for value in r.values())


def test_stances_csv_columns_and_paging_link(talks, anonymous):
    response = anonymous.get("/api/v1/stances/?format=csv&page_size=2")
    assert response.content.decode().splitlines()[0].split(",") == STANCE_COLUMNS
    assert len(rows(response)) == 2
    assert response["Link"].endswith('>; rel="next"')
    following = response["Link"][1 : response["Link"].index(">")]
    assert "format=csv" in following
    assert len(rows(anonymous.get(following))) == 2


def test_csv_errors_are_csv_too(talks, anonymous):
    response = anonymous.get("/api/v1/statements/?format=csv&page_size=0")
    assert response.status_code == 400
    assert response.content.decode().splitlines()[0] == "field,message"


def test_reads_send_an_etag_and_answer_304(talks, anonymous):
    for url in (
        "/api/v1/statements/",
        f"/api/v1/statements/{talks['published'][0].pk}/",
        "/api/v1/parties/russia/",
        "/api/v1/negotiations/ru-ua/convergence/",
    ):
        response = anonymous.get(url)
        etag = response["ETag"]
        assert etag.startswith('"') and etag.endswith('"')
        again = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert anonymous.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_etag_changes_with_the_data(talks, anonymous):
    url = "/api/v1/parties/russia/"
    etag = anonymous.get(url)["ETag"]
    talks["russia"].name = "Russian Federation"
    talks["russia"].save()
    response = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    # a CSV is another representation with its own tag
    assert (
        anonymous.get("/api/v1/stances/?format=csv")["ETag"]
        != anonymous.get("/api/v1/stances/")["ETag"]
    )
