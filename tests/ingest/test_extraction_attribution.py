"""Each attribution pattern of the issue, on a small text."""

import datetime as dt

from negotiations.ingest.extraction import extract
from tests.ingest.mini_setup import setup

DAY = dt.date(2022, 3, 16)


def run(text, **keywords):
    return [c.as_dict() for c in extract(text, DAY, setup(**keywords))]


def only(text, **keywords):
    cands = run(text, **keywords)
    assert len(cands) == 1, cands
    return cands[0]


def test_quote_then_name_said():
    c = only("“Negotiations are not easy,” Sergey Lavrov said on Wednesday.")
    assert (c["speaker"], c["party"], c["said_on"], c["kind"]) == (
        "Sergey Lavrov",
        "russia",
        "2022-03-16",
        "quote",
    )
    assert c["text"] == "Negotiations are not easy"


def test_said_name_inverted_and_straight_quotes():
    c = only('"There will be no deal without guarantees," said Mykhailo Podolyak.')
    assert c["speaker"] == "Mykhailo Podolyak"
    assert c["party"] == "ukraine"


def test_name_said_colon_quote():
    c = only("Sergei Lavrov said: “We are ready to continue the talks.”")
    assert c["speaker"] == "Sergey Lavrov"
    assert c["text"] == "We are ready to continue the talks."


def test_quote_split_around_he_said_is_joined():
    text = (
        "Sergey Lavrov spoke to RBC TV. "
        "“Negotiations are not easy,” he said, “but there is some hope for a compromise.”"
    )
    c = only(text)
    assert c["text"] == "Negotiations are not easy, but there is some hope for a compromise."
    assert c["speaker"] == "Sergey Lavrov"


def test_several_sentences_inside_one_quote():
    c = only("“We are ready. We want peace. We will not give up,” Zelenski said.")
    assert c["text"].startswith("We are ready. We want peace.")
    assert c["speaker"] == "Volodymyr Zelensky"


def test_a_quote_paragraph_continues_the_previous_speaker():
    text = (
        "“We cannot yet say there is a breakthrough,” Dmitry Peskov told reporters.\n"
        "“Much work remains to be done.”"
    )
    c = only(text)
    assert c["speaker"] == "Dmitry Peskov"
    assert "Much work remains" in c["text"]


def test_pronoun_refers_to_the_subject_of_the_previous_sentence():
    text = (
        "Mykhailo Podolyak spoke in Kyiv on Wednesday. "
        "“Crimea was, is and will be Ukrainian,” he added."
    )
    c = only(text)
    assert c["speaker"] == "Mykhailo Podolyak"


def test_title_on_second_mention_resolves_through_membership_roles():
    text = "Sergey Lavrov met his Turkish counterpart. “Some hope remains,” the minister said."
    assert only(text)["speaker"] == "Sergey Lavrov"


def test_title_resolves_even_without_a_first_mention():
    c = only("“There is no breakthrough yet,” the Kremlin spokesman told reporters.")
    assert c["speaker"] == "Dmitry Peskov"
    assert c["party"] == "russia"


def test_spelling_variants_and_glued_words():
    for name in ("Zelensky", "Zelenskyy", "Zelenskiy", "Zelenski"):
        c = only(f"“We need a just peace,” {name} said.")
        assert c["speaker"] == "Volodymyr Zelensky", name
    c = only(
        "The President of Ukraine, Volodymyr Zelenskyhas stated that his country "
        "“needs to negotiate a just peace”."
    )
    assert c["speaker"] == "Volodymyr Zelensky"


def test_unknown_name_is_proposed_as_a_new_person_with_party_from_the_apposition():
    [cand] = extract(
        "“The talks are useful,” Ivan Petrenko, a spokesman for the Ukrainian delegation, said.",
        DAY,
        setup(),
    )
    assert cand.speaker_name == "Ivan Petrenko"
    assert cand.is_new_person
    assert cand.party == "ukraine"


def test_party_from_the_text_without_a_person():
    for subject, party in (
        ("The Kremlin", "russia"),
        ("Moscow", "russia"),
        ("Kyiv", "ukraine"),
        ("The Ukrainian side", "ukraine"),
    ):
        c = only(f"“The talks will continue next week,” {subject} said.")
        assert (c["speaker"], c["party"]) == (None, party), subject


def test_reported_speech_without_quotes():
    c = only("Ukraine has rejected any recognition of Crimea as Russian territory.")
    assert c["kind"] == "report"
    assert c["party"] == "ukraine"
    assert c["stances"][0]["demand"] == "crimea-recognised-as-russian"
    assert c["stances"][0]["position"] == -2
    c = only("Russia demands that Ukraine renounce membership in NATO.")
    assert c["party"] == "russia"
    assert (c["stances"][0]["demand"], c["stances"][0]["position"]) == ("ukraine-renounces-nato", 2)


def test_according_to():
    c = only("According to Dmitry Peskov, “a neutral status is on the table”.")
    assert c["speaker"] == "Dmitry Peskov"


def test_scare_quotes_are_not_statements():
    assert run("The so-called “special operation” continued in the east.") == []
    assert run("Russia recognised the “people's republics” in February.") == []


def test_duplicate_fragment_of_a_longer_quote_is_dropped_keeping_its_date():
    text = (
        "Sergey Lavrov acknowledged on Wednesday that the talks “are not easy”. "
        "“Negotiations are not easy, but there is hope,” the minister said."
    )
    c = only(text)
    assert c["text"] == "Negotiations are not easy, but there is hope"
    assert c["said_on"] == "2022-03-16"


def test_json_shape_is_exactly_the_issue_s():
    c = only("Russia demands that Ukraine renounce membership in NATO.")
    assert set(c) == {"speaker", "party", "said_on", "kind", "text", "evidence", "stances"}
    assert set(c["stances"][0]) == {"demand", "party", "position", "confidence"}
    assert 0 < c["stances"][0]["confidence"] <= 1
