"""Articles to draft statements, and the review actions, against PostgreSQL."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from negotiations.ingest import services
from negotiations.ingest.models import Article, Candidate
from negotiations.models import Demand, Source, Statement
from negotiations.services import StanceInput, statement_create
from parties.models import Person
from tests.ingest.conftest import SEED_DAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_pasted_article_becomes_draft_statements_with_stances(
    seed_negotiation, seed_text, inline_tasks
):
    article = services.article_submit(
        negotiation=seed_negotiation, text=seed_text, published_on=SEED_DAY
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.error
    cands = list(article.candidates.select_related("statement__speaker", "statement__party"))
    assert len(cands) >= 8
    assert all(c.statement.status == Statement.Status.DRAFT for c in cands)
    lavrov = next(
        c for c in cands if c.statement.speaker and c.statement.speaker.slug == "sergey-lavrov"
    )
    assert lavrov.statement.kind == Statement.Kind.QUOTE
    assert lavrov.statement.said_on == SEED_DAY
    assert "Negotiations are not easy" in lavrov.evidence
    nato = Statement.objects.filter(
        pk__in=[c.statement_id for c in cands], stances__demand__slug="ukraine-renounces-nato"
    )
    assert nato.filter(party__slug="russia").exists()
    # pasted text has no address: quotes keep a placeholder source the editor can replace
    assert article.source.url.startswith(f"https://{services.PLACEHOLDER_HOST}/articles/")


def test_a_day_the_text_does_not_give_falls_back_to_the_article_date(
    seed_negotiation, inline_tasks
):
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=dt.date(2022, 3, 10),
        text="Russia demands that Ukraine renounce membership in NATO.",
    )
    [cand] = article.candidates.all()
    assert cand.statement.said_on == dt.date(2022, 3, 10)
    assert cand.date_from_text is False
    assert cand.statement.kind == Statement.Kind.REPORT


def test_an_unknown_speaker_is_proposed_and_can_be_created_on_accept(
    seed_negotiation, inline_tasks
):
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="“The talks are useful,” Ivan Petrenko, a spokesman for the Ukrainian delegation, "
        "said on Wednesday.",
    )
    [cand] = article.candidates.all()
    assert cand.proposed_speaker == "Ivan Petrenko"
    assert cand.statement.speaker is None
    assert cand.statement.party.slug == "ukraine"
    statement = services.candidate_accept(
        candidate=cand, create_person=True, **_fields(cand.statement)
    )
    assert statement.speaker == Person.objects.get(name="Ivan Petrenko")


def _fields(statement):
    return {
        "text": statement.text,
        "said_on": statement.said_on,
        "kind": statement.kind,
        "speaker": statement.speaker,
        "party": statement.party,
    }


def test_a_near_identical_existing_statement_is_flagged(seed_negotiation, inline_tasks):
    lavrov = Person.objects.get(slug="sergey-lavrov")
    source = Source.objects.create(url="https://example.org/rbc")
    existing = statement_create(
        negotiation=seed_negotiation,
        said_on=SEED_DAY,
        speaker=lavrov,
        party=lavrov.memberships.get().party,
        kind=Statement.Kind.QUOTE,
        source=source,
        status="published",
        text="Negotiations are not easy, for obvious reasons, but there is some hope to reach "
        "a compromise.",
    )
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="“Negotiations are not easy, for obvious reasons, but there is some hope to reach "
        "a compromise,” Sergey Lavrov said on Wednesday. “Kyiv must accept neutrality,” "
        "Lavrov added on Tuesday.",
    )
    flagged = {c.statement.text[:12]: c.duplicate_of_id for c in article.candidates.all()}
    assert flagged == {"Negotiations": existing.pk, "Kyiv must ac": None}


def test_accept_after_editing_keeps_a_draft_with_the_edited_stances(seed_negotiation, inline_tasks):
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="Russia demands that Ukraine renounce membership in NATO.",
    )
    [cand] = article.candidates.all()
    crimea = Demand.objects.get(slug="crimea-recognised-as-russian")
    fields = {**_fields(cand.statement), "text": "Russia demands NATO renunciation."}
    statement = services.candidate_accept(
        candidate=cand, stances=[StanceInput(demand=crimea, position=1)], **fields
    )
    assert statement.status == Statement.Status.DRAFT
    assert statement.text == "Russia demands NATO renunciation."
    assert [(s.demand.slug, s.position, s.party.slug) for s in statement.stances.all()] == [
        ("crimea-recognised-as-russian", 1, "russia")
    ]
    cand.refresh_from_db()
    assert cand.review == Candidate.Review.ACCEPTED
    with pytest.raises(ValidationError):
        services.candidate_accept(candidate=cand, **fields)


def test_merge_adds_missing_stances_and_retracts_the_draft(seed_negotiation, inline_tasks):
    russia = seed_negotiation.participants.get(party__slug="russia").party
    existing = statement_create(
        negotiation=seed_negotiation,
        said_on=SEED_DAY,
        party=russia,
        kind=Statement.Kind.REPORT,
        text="Russia wants Ukraine out of NATO.",
    )
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="Russia demands that Ukraine renounce membership in NATO.",
    )
    [cand] = article.candidates.all()
    services.candidate_merge(candidate=cand, into=existing)
    assert [s.demand.slug for s in existing.stances.all()] == ["ukraine-renounces-nato"]
    cand.refresh_from_db()
    assert cand.review == Candidate.Review.MERGED
    assert cand.merged_into == existing
    assert cand.statement.status == Statement.Status.RETRACTED
    assert str(existing.pk) in cand.statement.retraction_reason
    with pytest.raises(ValidationError):
        services.candidate_merge(candidate=cand, into=existing)


def test_discard_retracts_the_draft_and_keeps_it(seed_negotiation, inline_tasks):
    article = services.article_submit(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="Russia demands that Ukraine renounce membership in NATO.",
    )
    [cand] = article.candidates.all()
    services.candidate_discard(candidate=cand)
    cand.refresh_from_db()
    assert cand.review == Candidate.Review.DISCARDED
    assert Statement.objects.get(pk=cand.statement_id).status == Statement.Status.RETRACTED


def test_an_article_needs_a_url_a_file_or_text(seed_negotiation):
    with pytest.raises(ValidationError, match="Give a URL, a file or the article"):
        services.article_submit(negotiation=seed_negotiation)
    assert not Article.objects.exists()


def test_an_unreachable_url_fails_the_article_with_its_reason(
    seed_negotiation, inline_tasks, settings
):
    settings.INGEST_ALLOW_PRIVATE_ADDRESSES = False
    article = services.article_submit(
        negotiation=seed_negotiation, url="http://127.0.0.1:9/article"
    )
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "private or reserved address" in article.error
    assert not article.candidates.exists()
    # fixed by pasting the text, then processed again
    Article.objects.filter(pk=article.pk).update(
        text="Russia demands that Ukraine renounce membership in NATO."
    )
    article.refresh_from_db()
    services.article_retry(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.candidates.count() == 1


def test_a_failure_inside_extraction_fails_the_article_and_keeps_its_text(
    seed_negotiation, inline_tasks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "extract", broken)
    article = services.article_submit(negotiation=seed_negotiation, text="Some text.")
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "Extraction failed (RuntimeError)" in article.error
    assert article.text == "Some text."


def test_articles_left_queued_are_sent_again_by_the_periodic_sweep(seed_negotiation, inline_tasks):
    from django.utils import timezone

    from negotiations.ingest.tasks import poll_feeds

    article = Article.objects.create(
        negotiation=seed_negotiation,
        published_on=SEED_DAY,
        text="Russia demands that Ukraine renounce membership in NATO.",
    )  # as if the broker had been down when it was submitted
    Article.objects.filter(pk=article.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    poll_feeds.apply()
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.candidates.count() == 1
