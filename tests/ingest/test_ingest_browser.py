"""An editor pastes an article, the task runs, the queue shows candidates, one is accepted."""

import pytest
from django.contrib.auth import get_user_model

from negotiations.ingest.models import Candidate
from negotiations.models import Statement

ARTICLE = (
    "Russia fundamentally demands that Ukraine renounce membership in NATO.\n"
    "“Ukraine needs security guarantees, legally binding ones,” Mykhailo Podolyak said on "
    "Wednesday."
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_pastes_an_article_and_accepts_a_candidate(
    page, page_guard, live_server, seed_negotiation, inline_tasks, media
):
    get_user_model().objects.create_superuser("editor", "e@example.org", "pw-for-tests-1")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-for-tests-1")
    page.click("input[type=submit]")

    page.goto(live_server.url + "/admin/ingest/article/add/")
    page.select_option("#id_negotiation", str(seed_negotiation.pk))
    page.fill("#id_text", ARTICLE)
    page.fill("#id_published_on", "2022-03-16")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")

    page.goto(live_server.url + "/admin/ingest/candidate/")
    rows = page.locator("#result_list tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2
    assert page.locator("#result_list").get_by_text("security-guarantees +2").count() == 1

    page.locator("#result_list a", has_text="Ukraine needs security guarantees").click()
    page.wait_for_selector("#review-form")
    assert page.locator("#article-text mark").first.inner_text().startswith("“Ukraine needs")
    page.fill("#id_text", "Ukraine needs security guarantees, legally binding ones.")
    page.click("button[value=accept]")
    page.wait_for_selector("#review-status:has-text('Accepted')")
    assert "Draft" in page.inner_text("#statement-status")
    assert "Security guarantees for Ukraine" in page.inner_text("#statement-stances")

    cand = Candidate.objects.get(review=Candidate.Review.ACCEPTED)
    assert cand.statement.status == Statement.Status.DRAFT
    assert cand.statement.text == "Ukraine needs security guarantees, legally binding ones."
    assert [s.demand.slug for s in cand.statement.stances.all()] == ["security-guarantees"]
