"""The analysts' pages fetched without a browser: complete, escaped, in constant queries.

lxml (already installed for trafilatura) parses the HTML, so the checks look at elements,
not at strings that a formatting change could break; ``find`` takes a small CSS-like path.
"""

import datetime
import re

import lxml.html
import pytest

from negotiations import services
from negotiations.models import Statement
from tests.factories import DemandFactory, NegotiationFactory, ParticipantFactory
from tests.negotiations.demo_db import add_copies

pytestmark = pytest.mark.django_db

TIMELINE = "/negotiations/russia-ukraine-2022/"
NATO = "/negotiations/russia-ukraine-2022/demands/ukraine-renounces-nato/"


@pytest.fixture
def demo(demo_in_db):
    return demo_in_db


def parse(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def _xpath(selector: str) -> str:
    """A tiny CSS subset to XPath: "tag.class#id" steps, descendant combinator, "a, b"."""
    paths = []
    for alternative in selector.split(","):
        path = "."
        for step in alternative.split():
            tag = re.match(r"[\w*-]*", step).group() or "*"
            tests = [
                f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
                for name in re.findall(r"\.([\w-]+)", step)
            ]
            tests += [f"@id='{name}'" for name in re.findall(r"#([\w-]+)", step)]
            path += f"//{tag}" + "".join(f"[{test}]" for test in tests)
        paths.append(path)
    return " | ".join(paths)


def find(tree, selector):
    return tree.xpath(_xpath(selector))


def texts(tree, selector):
    return [element.text_content().strip() for element in find(tree, selector)]


def test_timeline_renders_lanes_tables_and_feed_without_javascript(client, demo):
    tree = parse(client.get(TIMELINE))
    lanes = find(tree, "section.lane")
    assert len(lanes) == 7
    for lane in lanes:
        # A data table beside every chart, its rows the engine's change points.
        assert find(lane, "details.data-table table tbody tr")
    nato = tree.get_element_by_id("lane-ukraine-renounces-nato")
    assert {p.get("data-party") for p in find(nato, "path.step")} == {"russia", "ukraine"}
    markers = find(nato, "a.marker")
    assert {m.get("data-party") for m in markers} == {"russia", "ukraine"}
    assert len({m.get("data-shape") for m in markers}) == 2  # not colour alone
    assert all(m.get("href").startswith("/statements/") for m in markers)
    assert "converged, gap 1" in find(nato, "h3")[0].text_content()
    rows = [texts(row, "th, td") for row in find(nato, "tbody tr")]
    assert rows == [
        ["2022-02-28", "supports (+2)", "unknown", "n/a", "n/a", "no"],
        ["2022-03-07", "supports (+2)", "resists (-1)", "3", "0.25", "no"],
        ["2022-03-15", "supports (+2)", "conditional (+1)", "1", "0.75", "yes"],
    ]
    index_rows = find(tree, ".index-box tbody tr")
    assert texts(index_rows[-1], "td")[0] == "0.43"  # 3/7, checked by hand in the engine tests
    assert find(tree, ".index-box svg path.index-line")
    feed = find(tree, "#feed li.card")
    assert len(feed) == 20
    assert "2022-04-07" in feed[0].text_content()  # newest first
    assert find(tree.get_element_by_id("feed-more"), "a")[0].get("href")
    # The markers' tooltips: quote, date and speaker.
    assert any(
        "2022-03-15, Volodymyr Zelensky (Ukraine)" in find(m, "title")[0].text for m in markers
    )


def test_load_more_without_javascript_pages_through_every_statement_once(client, demo):
    seen, url = [], TIMELINE
    while url:
        tree = parse(client.get(url))
        seen += [li.get("id") for li in find(tree, "#feed li.card")]
        more = find(tree, "#feed-more a")
        url = more[0].get("href") if more else None
    assert len(seen) == len(set(seen)) == 34


def test_filters_in_the_url_narrow_lanes_and_feed(client, demo):
    tree = parse(client.get(TIMELINE, {"demand": "ukraine-renounces-nato", "party": "ukraine"}))
    assert [lane.get("id") for lane in find(tree, "section.lane")] == [
        "lane-ukraine-renounces-nato"
    ]
    feed = find(tree, "#feed li.card")
    assert len(feed) == 5  # Ukraine's statements with a stance on NATO
    assert all(find(card, ".party-tag")[0].text == "UA" for card in feed)
    # Markers follow the statement filters; the lines stay those of all statements.
    lane = tree.get_element_by_id("lane-ukraine-renounces-nato")
    assert {m.get("data-party") for m in find(lane, "a.marker")} == {"ukraine"}
    assert len(find(lane, "path.step")) == 2

    tree = parse(client.get(TIMELINE, {"q": "NEUTRAL", "date_from": "2022-03-14"}))
    assert len(find(tree, "section.lane")) == 7
    cards = find(tree, "#feed .card")
    assert len(cards) == 5
    assert all("neutral" in card.text_content().lower() for card in cards)

    tree = parse(client.get(TIMELINE, {"speaker": "sergey-lavrov"}))
    assert set(texts(tree, "#feed .card-head strong")) == {"Sergey Lavrov"}


def test_bad_filters_are_reported_and_ignored(client, demo):
    tree = parse(
        client.get(
            TIMELINE,
            {"date_from": "15/03/2022", "demand": "no-such-demand", "date_to": "2022-03-20"},
        )
    )
    errors = texts(tree, ".filters .error")
    assert any("valid date" in error for error in errors)
    assert any("valid choice" in error for error in errors)
    assert len(find(tree, "section.lane")) == 7  # the bad demand is ignored
    assert find(tree, "#feed .card")

    tree = parse(client.get(TIMELINE, {"date_from": "2022-03-20", "date_to": "2022-03-01"}))
    assert "The end date is before the start date." in texts(tree, ".filters .error")


def test_as_known_on_a_day_before_anything_was_recorded_shows_nothing(client, demo):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    tree = parse(client.get(TIMELINE, {"as_known_on": yesterday.isoformat()}))
    assert len(find(tree, "section.lane")) == 7
    assert find(tree, "a.marker") == []
    assert texts(tree, "#feed .card") == ["No statement matches these filters."]
    assert "As known on" in find(tree, ".notice")[0].text_content()
    today = parse(client.get(TIMELINE, {"as_known_on": datetime.date.today().isoformat()}))
    now = parse(client.get(TIMELINE))
    assert len(find(today, "a.marker")) == len(find(now, "a.marker")) > 0


def test_htmx_requests_get_only_their_fragment(client, demo):
    htmx = {"HTTP_HX_REQUEST": "true"}
    response = client.get(TIMELINE, {"demand": "crimea-recognised-as-russian"}, **htmx,
                          HTTP_HX_TARGET="results")  # fmt: skip
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body and 'id="filters"' not in body
    assert response["Vary"] == "HX-Request"
    assert body.count('class="lane"') == 1

    more = find(parse(client.get(TIMELINE)), "#feed-more a")[0].get("hx-get")
    body = client.get(more, **htmx, HTTP_HX_TARGET="feed-more").content.decode()
    assert body.lstrip().startswith('<li class="card"') and "<html" not in body
    assert body.count('class="card"') == 14 and 'id="feed-more"' not in body

    statement = demo.statements.order_by("said_on", "id").first()
    url = f"/statements/{statement.pk}/"
    panel = client.get(url, **htmx, HTTP_HX_TARGET="panel").content.decode()
    assert panel.lstrip().startswith("<article") and "<html" not in panel

    # Back/forward with htmx's history cache missed: the whole page.
    restore = client.get(TIMELINE, **htmx, HTTP_HX_TARGET="results",
                         HTTP_HX_HISTORY_RESTORE_REQUEST="true")  # fmt: skip
    assert "<html" in restore.content.decode()


def test_statement_page_has_source_and_stances_and_hides_drafts(client, demo):
    statement = demo.statements.get(said_on="2022-03-15")
    tree = parse(client.get(f"/statements/{statement.pk}/"))
    assert find(tree, ".source a")[0].get("href") == statement.source.url
    assert [texts(row, "td")[2] for row in find(tree, "table.stances tbody tr")] == [
        "conditional (+1)",
        "supports (+2)",
    ]
    services.statement_retract(statement=statement, reason="Misattributed")
    tree = parse(client.get(f"/statements/{statement.pk}/"))
    assert "Retracted: Misattributed" in find(tree, ".notice")[0].text_content()
    statement.status = Statement.Status.DRAFT
    statement.save()
    assert client.get(f"/statements/{statement.pk}/").status_code == 404


def test_demand_and_party_pages(client, demo):
    tree = parse(client.get(NATO))
    assert len(find(tree, "section.lane")) == 1
    rows = find(tree, ".stance-table tbody tr")
    assert len(rows) == 14  # every stance on NATO, in one page
    assert texts(rows[0], "td")[1] == "Russia"
    assert "concession" in find(tree, ".events")[0].text_content()

    tree = parse(client.get("/parties/ukraine/"))
    cells = [texts(row, "td")[:3] for row in find(tree, "table.positions tbody tr")]
    assert ["Ukraine renounces NATO membership (neutral, non-bloc status)",
            "conditional (+1)", "2022-03-15 statement"] in cells  # fmt: skip
    assert any(name.startswith("Volodymyr Zelensky") for name in texts(tree, "table.people td"))
    assert "Ukraine" in texts(parse(client.get("/parties/")), "table td a")

    assert client.get("/negotiations/nope/").status_code == 404
    assert client.get("/negotiations/russia-ukraine-2022/demands/nope/").status_code == 404
    assert client.get("/parties/nope/").status_code == 404


def test_home_lists_negotiations_with_index_trend_and_events(client, demo):
    tree = parse(client.get("/"))
    card = find(tree, ".negotiation-card")[0]
    assert find(card, "h2 a")[0].get("href") == TIMELINE
    assert find(card, ".index-now")[0].text == "0.43"
    assert find(card, "svg.sparkline path.index-line")
    assert texts(card, "details tbody tr td")[-1] == "0.43"
    events = find(card, ".events li")
    assert len(events) == 4 and "2022-04-07" in events[0].text_content()


HOSTILE = "</title><script>alert(1)</script><img src=x onerror=alert(2)>\"'"


def test_untrusted_text_is_escaped_everywhere(client, demo):
    statement = demo.statements.get(said_on="2022-03-15")
    statement.text = HOSTILE
    statement.save()
    source = statement.source
    source.url = "javascript:alert(3)"
    source.outlet = HOSTILE
    source.save()
    speaker = statement.speaker
    speaker.name = HOSTILE
    speaker.save()
    pages = [
        TIMELINE,
        TIMELINE + "?speaker=volodymyr-zelensky",
        NATO,
        f"/statements/{statement.pk}/",
        "/",
        "/parties/ukraine/",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body, url
        assert "<img src=x" not in body, url
        assert "javascript:alert" not in body, url
    timeline = client.get(TIMELINE).content.decode()
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in timeline  # in a <title>


def pages_of(demo):
    statement = demo.statements.order_by("id").first()
    return [
        ("/", 5),
        # 9, plus the record's first and last day, plus one query per lane (7) for the
        # stances to mark (at most 301 each, whatever the data size).
        (TIMELINE, 17),
        (TIMELINE + "?demand=ukraine-renounces-nato&party=ukraine&q=neutral", 11),
        (TIMELINE + "?as_known_on=" + datetime.date.today().isoformat(), 10),
        (NATO, 9),
        ("/parties/", 1),
        ("/parties/russia/", 6),
        (f"/statements/{statement.pk}/", 2),
    ]


def test_query_counts_are_pinned_and_do_not_grow_with_statements(
    client, demo, django_assert_num_queries
):
    for copies in (0, 2):
        add_copies(demo, copies)
        assert demo.statements.count() == 34 * (1 + copies)
        for url, queries in pages_of(demo):
            with django_assert_num_queries(queries):
                assert client.get(url).status_code == 200, url
        # The htmx fragments: the results (as the page) and one more feed page (4 + 2).
        htmx = {"HTTP_HX_REQUEST": "true"}
        with django_assert_num_queries(17):
            client.get(TIMELINE, {"party": "russia"}, **htmx, HTTP_HX_TARGET="results")
        with django_assert_num_queries(6):
            client.get(
                TIMELINE, {"before": "2022-03-16.999999"}, **htmx, HTTP_HX_TARGET="feed-more"
            )


def test_crowded_lanes_mark_only_the_moves_and_events_name_a_few_statements(client, demo):
    add_copies(demo, 25)  # 26 statements saying each thing: 14 x 26 = 364 stances on NATO
    tree = parse(client.get(TIMELINE, {"demand": "ukraine-renounces-nato"}))
    lane = tree.get_element_by_id("lane-ukraine-renounces-nato")
    # Russia's first stance, Ukraine's first stance and its 15 March move.
    assert len(find(lane, "a.marker")) == 3
    assert (
        "3 stances marked: with more than 300 in these dates"
        in find(lane, ".note")[0].text_content()
    )
    assert len(find(lane, "tbody tr")) == 3  # the lines and the table stay exact
    move = find(tree, ".events li")[0]
    assert "and 23 more" in move.text_content()
    assert len(find(move, ".because a")) == 3


def test_a_negotiation_with_nothing_recorded_yet_renders(client):
    negotiation = NegotiationFactory(slug="new-talks", start_date=None)
    demand = DemandFactory(negotiation=negotiation, slug="truce")
    ParticipantFactory(negotiation=negotiation)
    tree = parse(client.get("/negotiations/new-talks/"))
    assert texts(tree, "section.lane .badge") == ["one side only"]
    assert texts(tree, "#feed .card") == ["No statement matches these filters."]
    assert "n/a" in texts(tree, ".index-now")
    parse(client.get(f"/negotiations/new-talks/demands/{demand.slug}/"))
    assert "new-talks" in client.get("/").content.decode()
