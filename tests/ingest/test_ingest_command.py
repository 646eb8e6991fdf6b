"""The ingest management command: --json prints the candidates, without it they are saved."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from negotiations.ingest.evaluate import score_article
from negotiations.ingest.models import Article
from negotiations.models import Statement
from tests.ingest.conftest import CORPUS, article_html


def run(*args) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_on_the_seed_article_matches_its_gold_at_the_targets(seed_negotiation):
    out = run(
        str(CORPUS / "seed-article.txt"),
        "--negotiation",
        "russia-ukraine-2022",
        "--published-on",
        "2022-03-16",
        "--json",
    )
    data = json.loads(out)
    cands = data["candidates"]
    assert cands and set(cands[0]) == {
        "speaker",
        "party",
        "said_on",
        "kind",
        "text",
        "evidence",
        "stances",
    }
    gold = json.loads((CORPUS / "seed-article.gold.json").read_text())
    r = score_article(gold, cands)
    recall = {f: row[2] / row[3] for f, row in r.items() if row[3]}
    assert recall["quotes"] >= 0.9
    assert recall["speaker"] >= 0.85
    assert recall["party"] >= 0.85
    assert recall["date"] >= 0.99
    assert recall["demand+position"] >= 0.6
    assert not Statement.objects.exists()  # --json saves nothing
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_json_reads_an_html_file(seed_negotiation, tmp_path):
    page = tmp_path / "article.html"
    page.write_text(article_html("T", "Russia demands that Ukraine renounce membership in NATO."))
    data = json.loads(run(str(page), "--negotiation", "russia-ukraine-2022", "--json"))
    assert [c["stances"][0]["demand"] for c in data["candidates"]] == ["ukraine-renounces-nato"]


@pytest.mark.django_db(transaction=True)
def test_without_json_the_drafts_are_saved(seed_negotiation, media):
    out = run(
        str(CORPUS / "seed-article.txt"),
        "--negotiation",
        "russia-ukraine-2022",
        "--published-on",
        "2022-03-16",
    )
    article = Article.objects.get()
    assert f"Article {article.pk}:" in out
    assert article.status == Article.Status.DONE
    assert article.candidates.count() >= 8
    assert set(Statement.objects.values_list("status", flat=True)) == {"draft"}


@pytest.mark.django_db
def test_bad_arguments_are_clear_errors(seed_negotiation, tmp_path):
    with pytest.raises(CommandError, match="No negotiation"):
        run(str(CORPUS / "seed-article.txt"), "--negotiation", "nope", "--json")
    with pytest.raises(CommandError, match="neither an http"):
        run(str(tmp_path / "missing.txt"), "--negotiation", "russia-ukraine-2022", "--json")


@pytest.mark.django_db
def test_json_fetches_a_url(seed_negotiation, web, settings):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = True
    url = web.page("/a", article_html("T", "Russia demands that Ukraine recognise Crimea."))
    data = json.loads(run(url, "--negotiation", "russia-ukraine-2022", "--json"))
    assert [c["party"] for c in data["candidates"]] == ["russia"]
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(CommandError, match="private or reserved"):
        run(url, "--negotiation", "russia-ukraine-2022", "--json")
