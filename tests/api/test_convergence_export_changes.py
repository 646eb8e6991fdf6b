"""The convergence endpoint, the exchange-format export and the changes feed."""

import datetime

import pytest
from django.utils import timezone

from negotiations import services
from negotiations.exchange import read_document

pytestmark = pytest.mark.django_db


def test_convergence_series_gaps_and_events(talks, anonymous):
    body = anonymous.get("/api/v1/negotiations/ru-ua/convergence/").json()
    assert body["principals"] == ["russia", "ukraine"]
    assert body["threshold"] == 1
    nato = next(d for d in body["demands"] if d["demand"] == "no-nato")
    assert nato["demand_url"].endswith("/demands/ru-ua/no-nato/")
    series = {s["party"]: s for s in nato["series"]}
    assert [(s["start"], s["position"]) for s in series["ukraine"]["steps"]] == [
        ("2022-03-02", -2),
        ("2022-03-10", 1),
    ]
    assert [(p["on"], p["gap"], p["index"], p["converged"]) for p in nato["points"]] == [
        ("2022-03-01", None, None, False),
        ("2022-03-02", 4, 0.0, False),
        ("2022-03-10", 1, 0.75, True),
    ]
    third = talks["published"][2].pk
    shift = next(e for e in nato["events"] if e["kind"] == "shift")
    assert shift == {
        "kind": "shift",
        "on": "2022-03-10",
        "demand": "no-nato",
        "party": "ukraine",
        "direction": "concession",
        "old_position": -2,
        "new_position": 1,
        "gap_before": 4,
        "gap_after": 1,
        "statement_ids": [third],
    }
    converged = next(e for e in nato["events"] if e["kind"] == "converged")
    assert converged["statement_ids"] == [third]
    # the draft (a Russian move on 14 March) counts for nobody
    assert all(p["on"] != "2022-03-14" for p in nato["points"])


def test_convergence_parameters(talks, anonymous):
    url = "/api/v1/negotiations/ru-ua/convergence/"
    body = anonymous.get(f"{url}?demand=no-nato&from=2022-03-05&to=2022-03-09").json()
    assert [d["demand"] for d in body["demands"]] == ["no-nato"]
    (point,) = body["demands"][0]["points"]
    assert (point["on"], point["gap"]) == ("2022-03-05", 4)  # the state carried into `from`
    assert body["demands"][0]["events"] == []
    before = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    body = anonymous.get(f"{url}?as_known_on={before}").json()
    assert body["as_known_on"] == before
    assert all(d["points"] == [] for d in body["demands"])  # nothing was recorded yet
    assert anonymous.get(f"{url}?demand=nothing").status_code == 400
    assert anonymous.get(f"{url}?from=2022-03-09&to=2022-03-01").status_code == 400
    assert anonymous.get(f"{url}?as_known_on=someday").status_code == 400


def test_export_is_the_exchange_format(talks, anonymous, editor):
    public = anonymous.get("/api/v1/negotiations/ru-ua/export/").json()
    checked = read_document(public)  # the importer's own checker accepts it
    assert checked
    (negotiation,) = public["negotiations"]
    assert {s["status"] for s in negotiation["statements"]} == {"published"}
    assert len(negotiation["statements"]) == 4
    full = editor.get("/api/v1/negotiations/ru-ua/export/").json()
    assert len(full["negotiations"][0]["statements"]) == 6


def walk(client, url):
    items = []
    while url:
        body = client.get(url).json()
        items += body["results"]
        url = body["next"]
    return items


def test_changes_since_a_moment_include_retractions_and_deletions(talks, anonymous, editor):
    since = timezone.now()
    draft, published = talks["draft"], talks["published"][1]
    services.statement_update(
        statement=published,
        stances=[services.StanceInput(demand=talks["nato"], position=-1)],
    )
    services.statement_publish(statement=draft)
    services.statement_retract(statement=talks["published"][0], reason="Misquoted.")
    url = f"/api/v1/changes/?since={since.isoformat().replace('+00:00', 'Z')}&page_size=2"
    changes = [(c["resource"], c["key"], c["change"]) for c in walk(anonymous, url)]
    assert ("statement", str(talks["published"][0].pk), "retracted") in changes
    assert ("statement", str(draft.pk), "changed") in changes
    ceasefire_stance = f"{published.pk}"
    assert ("statement", ceasefire_stance, "changed") in changes
    assert any(c[0] == "stance" and c[2] == "deleted" for c in changes)
    assert all(c[0] in {"statement", "stance"} for c in changes)
    assert len(changes) == len(set(changes))
    every = walk(anonymous, "/api/v1/changes/?page_size=7")
    assert [c["changed_at"] for c in every] == sorted(c["changed_at"] for c in every)


def test_anonymous_changes_hide_drafts(talks, anonymous, editor):
    since = timezone.now()
    services.statement_update(statement=talks["draft"], text="Still a draft.")
    url = f"/api/v1/changes/?since={since.isoformat().replace('+00:00', 'Z')}"
    assert anonymous.get(url).json()["results"] == []
    assert [c["key"] for c in editor.get(url).json()["results"]] == [str(talks["draft"].pk)]
    assert anonymous.get("/api/v1/changes/?since=yesterday").status_code == 400
