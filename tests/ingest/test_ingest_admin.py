"""The admin: submitting an article and the review queue (accept, merge, discard)."""

import pytest
from django.urls import reverse

from negotiations.ingest import services
from negotiations.ingest.models import Article, Candidate
from negotiations.models import Statement
from negotiations.services import statement_create
from tests.ingest.conftest import SEED_DAY

pytestmark = pytest.mark.django_db(transaction=True)
TEXT = (
    "Russia demands that Ukraine renounce membership in NATO.\n"
    "“Crimea was, is and will be Ukrainian,” Mykhailo Podolyak said on Wednesday."
)


def submit(negotiation):
    return services.article_submit(negotiation=negotiation, text=TEXT, published_on=SEED_DAY)


def test_an_editor_submits_pasted_text_in_the_admin(
    admin_client, seed_negotiation, inline_tasks, media
):
    response = admin_client.post(
        reverse("admin:ingest_article_add"),
        {
            "negotiation": seed_negotiation.pk,
            "text": TEXT,
            "published_on": "2022-03-16",
            "url": "",
            "title": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.status == Article.Status.DONE
    assert article.candidates.count() == 2
    page = admin_client.get(reverse("admin:ingest_article_change", args=[article.pk]))
    assert "Crimea was, is and will be Ukrainian" in page.content.decode()


def test_an_empty_submission_is_refused_with_a_message(admin_client, seed_negotiation):
    response = admin_client.post(
        reverse("admin:ingest_article_add"),
        {
            "negotiation": seed_negotiation.pk,
            "text": "",
            "url": "",
            "title": "",
        },
    )
    assert response.status_code == 200
    assert "Give a URL, a file or the article" in response.content.decode()
    assert not Article.objects.exists()


def test_review_queue_lists_candidates_in_a_fixed_number_of_queries(
    admin_client, seed_negotiation, inline_tasks, django_assert_max_num_queries
):
    submit(seed_negotiation)
    submit_more = services.article_submit(
        negotiation=seed_negotiation,
        text=TEXT.replace("Wednesday", "Tuesday"),
        published_on=SEED_DAY,
    )
    assert submit_more.candidates.count() == 2
    url = reverse("admin:ingest_candidate_changelist")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("ukraine-renounces-nato +2") == 2


def test_review_page_highlights_the_evidence_and_flags_a_duplicate(
    admin_client, seed_negotiation, inline_tasks
):
    russia = seed_negotiation.participants.get(party__slug="russia").party
    existing = statement_create(
        negotiation=seed_negotiation,
        said_on=SEED_DAY,
        party=russia,
        kind="report",
        text="Russia demands that Ukraine renounce membership in NATO.",
    )
    article = submit(seed_negotiation)
    cand = article.candidates.get(statement__kind="report")
    assert cand.duplicate_of == existing
    body = admin_client.get(reverse("admin:ingest_candidate_change", args=[cand.pk])).content
    body = body.decode()
    assert "<mark>Russia demands that Ukraine renounce membership in NATO.</mark>" in body
    assert "Possible duplicate of statement" in body


def _form(cand, **changes):
    s = cand.statement
    data = {
        "text": s.text,
        "said_on": s.said_on.isoformat(),
        "kind": s.kind,
        "speaker": s.speaker_id or "",
        "party": s.party_id,
        "merge_into": "",
    }
    for i, stance in enumerate(s.stances.all()):
        data[f"stance_{i}_demand"] = stance.demand_id
        data[f"stance_{i}_party"] = stance.party_id
        data[f"stance_{i}_position"] = stance.position
    data.update(changes)
    return data


def test_accept_after_edit_merge_and_discard_from_the_review_page(
    admin_client, seed_negotiation, inline_tasks
):
    article = submit(seed_negotiation)
    report, quote = article.candidates.order_by("position_in_article")
    url = reverse("admin:ingest_candidate_change", args=[quote.pk])
    crimea = seed_negotiation.demands.get(slug="crimea-recognised-as-russian")
    response = admin_client.post(
        url,
        _form(
            quote,
            action="accept",
            stance_0_demand=crimea.pk,
            stance_0_position=-2,
            stance_0_party="",
        ),
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.review == Candidate.Review.ACCEPTED
    assert quote.statement.status == Statement.Status.DRAFT
    assert [(s.demand.slug, s.position) for s in quote.statement.stances.all()] == [
        ("crimea-recognised-as-russian", -2)
    ]
    # merge needs a target
    url = reverse("admin:ingest_candidate_change", args=[report.pk])
    response = admin_client.post(url, _form(report, action="merge"))
    assert response.status_code == 200
    assert "Choose the statement to merge into" in response.content.decode()
    response = admin_client.post(url, _form(report, action="merge", merge_into=quote.statement_id))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == Candidate.Review.MERGED
    # a third, discarded
    other = services.article_submit(
        negotiation=seed_negotiation,
        text=TEXT.replace("Wednesday", "Monday"),
        published_on=SEED_DAY,
    ).candidates.first()
    response = admin_client.post(
        reverse("admin:ingest_candidate_change", args=[other.pk]), {"action": "discard"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.review == Candidate.Review.DISCARDED
    assert other.statement.status == Statement.Status.RETRACTED


def test_editors_can_use_the_review_queue(client, seed_negotiation, inline_tasks):
    from django.contrib.auth.models import Group, User

    from negotiations.groups import ensure_editor_groups
    from negotiations.ingest.permissions import grant_ingest_permissions

    ensure_editor_groups()  # a transactional test before this one may have flushed them
    grant_ingest_permissions()
    editor = User.objects.create_user("ed", password="pw-for-tests-1", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    cand = submit(seed_negotiation).candidates.first()
    assert client.get(reverse("admin:ingest_article_add")).status_code == 200
    response = client.post(
        reverse("admin:ingest_candidate_change", args=[cand.pk]), {"action": "discard"}
    )
    assert response.status_code == 302
    cand.refresh_from_db()
    assert cand.review == Candidate.Review.DISCARDED
