"""Demand matching and position cues."""

import datetime as dt

import pytest

from negotiations.ingest.extraction import Setup, extract
from negotiations.ingest.extraction.demands import DemandMatcher, position
from tests.ingest.mini_setup import setup

DAY = dt.date(2022, 3, 16)


def matcher(**keywords):
    return DemandMatcher(Setup.from_exchange(setup(**keywords)))


@pytest.mark.parametrize(
    ("clause", "demand"),
    [
        ("Ukraine would not join any military alliance", "ukraine-renounces-nato"),
        ("Kyiv must renounce membership in NATO", "ukraine-renounces-nato"),
        ("the guarantees must be legally binding", "security-guarantees"),
        ("Moscow must agree to a truce and pull its troops out", "ceasefire-and-withdrawal"),
        ("recognition of the peninsula's annexation", None),
        ("Crimea was, is and will be Ukrainian", "crimea-recognised-as-russian"),
    ],
)
def test_matching_uses_stems_synonyms_and_title_words(clause, demand):
    found = matcher().match(clause)
    top = found[0].demand.slug if found and found[0].score >= DemandMatcher.THRESHOLD else None
    assert top == demand


def test_keywords_edited_per_demand_improve_matching():
    clause = "recognition of the peninsula's annexation"
    assert not [m for m in matcher().match(clause) if m.score >= DemandMatcher.THRESHOLD]
    kw = matcher(**{"crimea-recognised-as-russian": ["peninsula"]})
    assert kw.match(clause)[0].demand.slug == "crimea-recognised-as-russian"


def _demand(slug):
    return next(d for d in Setup.from_exchange(setup()).demands if d.slug == slug)


@pytest.mark.parametrize(
    ("text", "party", "expected"),
    [
        # the demanding party raising its demand insists
        ("Russia demands that Ukraine renounce NATO membership", "russia", 2),
        ("Russia insists on Ukraine's neutrality", "russia", 2),
        ("Russia could settle for a compromise on neutrality", "russia", 1),
        ("Russia has dropped its demand for neutrality", "russia", -2),
        # the addressed party: cue words decide
        ("Ukraine rejects renouncing NATO membership", "ukraine", -2),
        ("Ukraine refuses to give up joining NATO", "ukraine", -2),
        ("Ukraine is ready to adopt a neutral status", "ukraine", 2),
        ("Ukraine is ready to adopt a neutral status only if it gets guarantees", "ukraine", 1),
        ("Ukraine will not join NATO but proposed consultations", "ukraine", -1),
        ("Ukraine said neutrality was under discussion and on the table", "ukraine", 0),
    ],
)
def test_position_cues(text, party, expected):
    pos, confidence = position(
        text, party=party, demand=_demand("ukraine-renounces-nato"), other_parties=[]
    )
    assert pos == expected
    assert 0 < confidence <= 1


def test_a_compromise_asked_of_the_other_side_is_still_insisting():
    pos, _ = position(
        "it would mean a certain compromise on the part of Kyiv",
        party="russia",
        demand=_demand("ukraine-renounces-nato"),
        other_parties=["Kyiv"],
    )
    assert pos == 2


def test_mediators_get_no_stance():
    [c] = extract(
        "Turkey's foreign minister said Ukraine should renounce NATO membership.", DAY, setup()
    ) or [None]
    assert c is None or c.stances == []
