from negotiations.ingest.extraction.text import find_quotes, paragraphs, sentences_of


def test_sentences_do_not_split_inside_quotes_or_after_abbreviations():
    text = "“We are ready. We want peace,” Mr. Lavrov said on Jan. 5 in the U.S. capital. He left."
    sentences = [s.text for s in sentences_of(text)]
    assert sentences == [
        "“We are ready. We want peace,” Mr. Lavrov said on Jan. 5 in the U.S. capital.",
        "He left.",
    ]


def test_straight_and_curly_quotes_are_found():
    s = sentences_of('He said "first words" and then “second words” too.')[0]
    assert [q.inner for q in s.quotes] == ["first words", "second words"]


def test_unclosed_quote_runs_to_the_end_of_the_paragraph():
    assert find_quotes("“It goes on") == [(0, 11)]


def test_headings_and_page_boilerplate_are_dropped():
    text = (
        "A headline without a full stop\n\nThe body starts here.\n"
        "Leave a Comment\nYour email address will not be published.\n"
    )
    assert paragraphs(text) == ["The body starts here."]
