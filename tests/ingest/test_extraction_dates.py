import datetime as dt

import pytest

from negotiations.ingest.extraction.dates import parse_dateline, resolve

WED = dt.date(2022, 3, 16)  # a Wednesday


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("acknowledged on Wednesday that", WED),
        ("said on Tuesday that", dt.date(2022, 3, 15)),
        ("said Monday", dt.date(2022, 3, 14)),
        ("at Friday's ceremony", dt.date(2022, 3, 11)),
        ("acknowledged last night that", dt.date(2022, 3, 15)),
        ("said yesterday", dt.date(2022, 3, 15)),
        ("told reporters today", WED),
        ("said on March 15 that", dt.date(2022, 3, 15)),
        ("said on 15 March that", dt.date(2022, 3, 15)),
        ("said on December 30", dt.date(2021, 12, 30)),  # a late date is last year's
        ("wrote on March 1, 2021", dt.date(2021, 3, 1)),
        ("has stated that", None),
        ("said last week", None),
        ("said in 2021", None),
        ("will meet next Friday", None),
        ("has been in force since March 1", None),
    ],
)
def test_day_words_resolve_against_the_reference_day(words, expected):
    assert resolve(words, WED) == expected


def test_without_a_reference_day_only_full_dates_resolve():
    assert resolve("said on Wednesday", None) is None
    assert resolve("said on March 15, 2022", None) == dt.date(2022, 3, 15)


@pytest.mark.parametrize(
    ("paragraph", "day"),
    [
        ("VIENNA, Dec 3 (Reuters) - Talks broke off.", dt.date(2021, 12, 3)),
        ("ARLINGTON, Virginia, May 4 (Reuters) - The ministers met.", dt.date(2022, 5, 4)),
        ("MOSCOW/KYIV, March 4 – Negotiators agreed.", dt.date(2022, 3, 4)),
        ("HAVANA (AP) — The government signed.", None),
    ],
)
def test_datelines(paragraph, day):
    found, length = parse_dateline(paragraph, dt.date(2022, 5, 10))
    assert length > 0
    assert found == day


def test_an_ordinary_first_sentence_is_no_dateline():
    assert parse_dateline("Russia and Ukraine continue negotiating.", WED) == (None, 0)


def test_the_dateline_day_is_the_reference_for_weekdays():
    from negotiations.ingest.extraction import extract
    from tests.ingest.mini_setup import setup

    text = (
        "ISTANBUL, March 30 (Reuters) - Talks ended.\n"
        '"We will study the proposals," Sergey Lavrov said on Tuesday.'
    )
    [c] = extract(text, dt.date(2022, 4, 2), setup())
    assert c.said_on == dt.date(2022, 3, 29)
