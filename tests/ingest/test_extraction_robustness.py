"""Whatever the text, the extractor returns candidates of the documented shape, never raises."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiations.ingest.extraction import Setup, extract
from tests.ingest.mini_setup import setup

SETUP = Setup.from_exchange(setup())
PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "Lavrov",
        "Zelenski",
        "said",
        "he",
        "the minister",
        "Moscow",
        "on Wednesday",
        "NATO",
        "Crimea",
        "rejects",
        "demands that",
        ".",
        ",",
        "\n",
        " ",
        "Mr.",
        "U.S.",
        "—",
        "'s",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60),
    st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1))),
)
def test_any_text_gives_well_formed_candidates(pieces, published_on):
    for cand in extract(" ".join(pieces), published_on, SETUP):
        d = cand.as_dict()
        assert d["kind"] in {"quote", "paraphrase", "report"}
        assert d["text"]
        for s in d["stances"]:
            assert -2 <= s["position"] <= 2
            assert 0 <= s["confidence"] <= 1


def test_empty_text_gives_nothing():
    assert extract("", dt.date(2022, 3, 16), SETUP) == []
