"""An editor adds a statement with two stances in a real browser, and meets a message first."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from negotiations.groups import ensure_editor_groups
from negotiations.models import Statement
from tests.factories import (
    DemandFactory,
    MembershipFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    SourceFactory,
)

PASSWORD = "correct horse battery staple"


def choose(page, field_id: str, term: str, label: str) -> None:
    """Pick `label` in a select2 autocomplete widget by typing `term`."""
    page.locator(f"#{field_id} + .select2").click()  # select2's box, right after the <select>
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(term)
    page.locator(".select2-results__option", has_text=label).first.click()
    expect(page.locator(f"#select2-{field_id}-container")).to_contain_text(label)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_adds_a_statement_with_two_stances(page, page_guard, live_server):
    ensure_editor_groups()  # a transactional test starts from a flushed database
    editor = get_user_model().objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    negotiation = NegotiationFactory(title="Russia-Ukraine talks, 2022")
    russia, ukraine = PartyFactory(name="Russia"), PartyFactory(name="Ukraine")
    DemandFactory(negotiation=negotiation, title="Neutral status", demanded_by=russia)
    DemandFactory(negotiation=negotiation, title="Ceasefire", demanded_by=ukraine)
    medinsky = PersonFactory(name="Vladimir Medinsky")
    MembershipFactory(person=medinsky, party=russia, start_date=datetime.date(2020, 1, 1))
    SourceFactory(title="Talks in Istanbul", url="https://news.example.org/istanbul")

    page.goto(f"{live_server.url}/admin/login/?next=/admin/negotiations/statement/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#id_text")).to_be_visible()

    page.fill("#id_said_on", "2022-03-29")
    choose(page, "id_speaker", "Medinsky", "Vladimir Medinsky")
    # static/js/statement-party-default.js fills the party from the speaker's membership.
    expect(page.locator("#select2-id_party-container")).to_contain_text("Russia")
    page.fill("#id_text", "Ukraine's proposals are a step towards compromise.")
    choose(page, "id_source", "Istanbul", "Talks in Istanbul")

    choose(page, "id_stances-0-demand", "Neutral", "Neutral status")
    page.fill("#id_stances-0-position", "3")  # out of range
    choose(page, "id_stances-1-demand", "Ceasefire", "Ceasefire")
    choose(page, "id_stances-1-party", "Ukraine", "Ukraine")
    page.fill("#id_stances-1-position", "-1")
    page.locator("input[name=_save]").click()

    expect(page.get_by_text("The position must be between -2 and 2.")).to_be_visible()
    assert not Statement.objects.exists()

    page.fill("#id_stances-0-position", "1")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile("was added successfully"))
    statement = Statement.objects.get()
    assert statement.party == russia
    assert statement.status == Statement.Status.DRAFT
    assert sorted(statement.stances.values_list("demand__title", "party__name", "position")) == [
        ("Ceasefire", "Ukraine", -1),
        ("Neutral status", "Russia", 1),
    ]
