"""The editors' admin: group permissions, validation messages on the form, history, defaults."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from negotiations.groups import ensure_editor_groups
from negotiations.models import Stance, Statement
from tests.factories import (
    DemandFactory,
    MembershipFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    SourceFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:negotiations_statement_add")
CHANGELIST_URL = reverse("admin:negotiations_statement_changelist")


def make_user(username: str, group: str | None = None, *, superuser: bool = False):
    ensure_editor_groups()
    user = get_user_model().objects.create_user(
        username=username, password="x", is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return make_user("editor", "Editors")


@pytest.fixture
def reviewer():
    return make_user("reviewer", "Reviewers")


@pytest.fixture
def superuser():
    return make_user("admin", superuser=True)


@pytest.fixture
def setting():
    """A negotiation with two demands, two parties and a sourced speaker."""
    negotiation = NegotiationFactory()
    russia, ukraine = PartyFactory(name="Russia"), PartyFactory(name="Ukraine")
    return {
        "negotiation": negotiation,
        "russia": russia,
        "ukraine": ukraine,
        "nato": DemandFactory(negotiation=negotiation, demanded_by=russia, addressed_to=ukraine),
        "ceasefire": DemandFactory(negotiation=negotiation, demanded_by=ukraine),
        "source": SourceFactory(),
    }


def statement_post(setting, *, stances=(), **overrides) -> dict:
    data = {
        "negotiation": setting["negotiation"].pk,
        "said_on": "2022-03-16",
        "said_on_precision": "day",
        "speaker": "",
        "party": setting["russia"].pk,
        "kind": "quote",
        "text": "Neutral status is being seriously discussed.",
        "language": "en",
        "translation": "",
        "source": setting["source"].pk,
        "stances-TOTAL_FORMS": str(len(stances)),
        "stances-INITIAL_FORMS": "0",
        "stances-MIN_NUM_FORMS": "0",
        "stances-MAX_NUM_FORMS": "1000",
    }
    for index, stance in enumerate(stances):
        for field in ("demand", "party", "position", "conditions"):
            value = stance.get(field, "")
            data[f"stances-{index}-{field}"] = getattr(value, "pk", value)
    data.update(overrides)
    return data


def errors_of(response) -> list[str]:
    """Every message on the re-displayed form: the statement form's and each stance form's."""
    messages = [str(m) for ms in response.context["adminform"].form.errors.values() for m in ms]
    for formset in response.context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            messages += [str(m) for ms in form_errors.values() for m in ms]
        messages += [str(m) for m in formset.formset.non_form_errors()]
    return messages


# --- saving through the services, with their messages ------------------------------------


def test_editor_adds_a_draft_with_two_stances(client, editor, setting):
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        statement_post(
            setting,
            stances=[
                {"demand": setting["nato"], "position": 1, "conditions": "with guarantees"},
                {"demand": setting["ceasefire"], "party": setting["ukraine"], "position": -1},
            ],
        ),
    )
    assert response.status_code == 302, errors_of(response)
    statement = Statement.objects.get()
    assert statement.status == Statement.Status.DRAFT
    assert statement.created_by == editor
    assert sorted(statement.stances.values_list("party__name", "position")) == [
        ("Russia", 1),
        ("Ukraine", -1),
    ]
    # History: who created it, through the admin.
    assert statement.history.get().history_user == editor


@pytest.mark.parametrize(
    ("overrides", "stances", "message"),
    [
        ({"said_on": "2999-01-01"}, [], "The date is in the future."),
        ({"source": ""}, [], "A quote needs a source."),
        ({}, [{"demand": "other", "position": 1}], "is a demand of another negotiation."),
        (
            {},
            [{"demand": "nato", "position": 1}, {"demand": "nato", "position": 2}],
            "This statement already has a stance of this party on this demand.",
        ),
        ({}, [{"demand": "nato", "position": 3}], "The position must be between -2 and 2."),
        ({}, [{"demand": "nato", "position": -7}], "The position must be between -2 and 2."),
    ],
    ids=["future-date", "quote-without-source", "other-negotiation", "duplicate", "3", "-7"],
)
def test_invalid_statements_show_the_message_and_save_nothing(
    client, editor, setting, overrides, stances, message
):
    other = DemandFactory(title="Elsewhere")
    demands = {"nato": setting["nato"], "other": other}
    stances = [{**s, "demand": demands[s["demand"]]} for s in stances]
    client.force_login(editor)
    response = client.post(ADD_URL, statement_post(setting, stances=stances, **overrides))
    assert response.status_code == 200
    assert any(message in shown for shown in errors_of(response)), errors_of(response)
    assert message in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
    assert not Statement.objects.exists()
    assert not Stance.objects.exists()


def test_the_party_defaults_to_the_speakers_membership_on_that_date(client, editor, setting):
    person = PersonFactory(name="Vladimir Medinsky")
    MembershipFactory(
        person=person,
        party=setting["ukraine"],
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    MembershipFactory(person=person, party=setting["russia"], start_date=datetime.date(2020, 1, 1))
    client.force_login(editor)
    response = client.post(
        ADD_URL,
        statement_post(
            setting,
            party="",
            speaker=person.pk,
            stances=[{"demand": setting["nato"], "position": 2}],
        ),
    )
    assert response.status_code == 302, errors_of(response)
    statement = Statement.objects.get()
    assert statement.party == setting["russia"]
    # The stance without a party is the statement's party's.
    assert statement.stances.get().party == setting["russia"]

    # The JSON endpoint behind static/js/statement-party-default.js gives the same answer.
    url = reverse("admin:negotiations_statement_party_default")
    answer = client.get(url, {"speaker": person.pk, "said_on": "2015-06-01"}).json()
    assert answer == {"id": setting["ukraine"].pk, "text": "Ukraine"}
    assert client.get(url, {"speaker": person.pk, "said_on": "2009-01-01"}).json()["id"] is None


def test_an_editor_overrides_the_default_party(client, editor, setting):
    person = PersonFactory()
    MembershipFactory(person=person, party=setting["russia"])
    client.force_login(editor)
    response = client.post(
        ADD_URL, statement_post(setting, party=setting["ukraine"].pk, speaker=person.pk)
    )
    assert response.status_code == 302, errors_of(response)
    assert Statement.objects.get().party == setting["ukraine"]


def test_without_party_or_membership_the_form_asks_for_the_party(client, editor, setting):
    client.force_login(editor)
    response = client.post(ADD_URL, statement_post(setting, party="", speaker=""))
    assert response.status_code == 200
    assert any("Choose the party" in m for m in errors_of(response))
    assert not Statement.objects.exists()


def test_changing_a_draft_replaces_its_stances_and_keeps_history(client, editor, setting):
    statement = StatementFactory(
        negotiation=setting["negotiation"],
        party=setting["russia"],
        status=Statement.Status.DRAFT,
        source=setting["source"],
    )
    stance = StanceFactory(statement=statement, demand=setting["nato"], position=2)
    client.force_login(editor)
    data = statement_post(
        setting,
        stances=[{"demand": setting["nato"], "position": 1}],
        **{
            "stances-INITIAL_FORMS": "1",
            "stances-0-id": stance.pk,
            "stances-0-statement": statement.pk,
        },
    )
    data["text"] = "Corrected words."
    response = client.post(
        reverse("admin:negotiations_statement_change", args=[statement.pk]), data
    )
    assert response.status_code == 302, errors_of(response)
    statement.refresh_from_db()
    assert statement.text == "Corrected words."
    assert statement.stances.get().position == 1
    latest = statement.history.latest()
    assert latest.history_user == editor
    assert latest.prev_record.text != "Corrected words."
    assert Stance.history.filter(id=stance.pk).latest().history_user == editor


# --- group permissions ---------------------------------------------------------------------


def action_names(client) -> set[str]:
    response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    form = response.context["action_form"]
    return {name for name, _ in form.fields["action"].choices} if form else set()


def test_an_editor_cannot_publish(client, editor, setting):
    statement = StatementFactory(negotiation=setting["negotiation"], status=Statement.Status.DRAFT)
    client.force_login(editor)
    assert "publish" not in action_names(client)
    assert "retract" not in action_names(client)
    response = client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [statement.pk]}
    )
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT
    assert response.status_code in (200, 302)


def test_an_editor_cannot_change_a_published_statement(client, editor, setting):
    statement = StatementFactory(negotiation=setting["negotiation"], party=setting["russia"])
    client.force_login(editor)
    url = reverse("admin:negotiations_statement_change", args=[statement.pk])
    assert client.get(url).status_code == 200  # can view it
    response = client.post(url, statement_post(setting, text="Rewritten."))
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.text != "Rewritten."


def test_a_reviewer_publishes_and_retracts_through_the_services(client, reviewer, setting):
    drafts = [
        StatementFactory(negotiation=setting["negotiation"], status=Statement.Status.DRAFT)
        for _ in range(2)
    ]
    client.force_login(reviewer)
    assert {"publish", "retract"} <= action_names(client)
    ids = [s.pk for s in drafts]
    response = client.post(CHANGELIST_URL, {"action": "publish", "_selected_action": ids})
    assert response.status_code == 302
    assert set(Statement.objects.values_list("status", flat=True)) == {"published"}
    # Retracting asks why first; without a reason nothing changes.
    confirm = client.post(CHANGELIST_URL, {"action": "retract", "_selected_action": ids[:1]})
    assert confirm.status_code == 200
    assert 'name="reason"' in confirm.content.decode()
    retract = {"action": "retract", "_selected_action": ids[:1], "confirm": "yes"}
    assert "Say why" in client.post(CHANGELIST_URL, {**retract, "reason": " "}).content.decode()
    assert Statement.objects.get(pk=ids[0]).status == Statement.Status.PUBLISHED
    response = client.post(CHANGELIST_URL, {**retract, "reason": "Misattributed quote."})
    assert response.status_code == 302
    assert Statement.objects.get(pk=ids[0]).status == Statement.Status.RETRACTED
    assert Statement.objects.get(pk=ids[0]).retraction_reason == "Misattributed quote."
    assert Statement.objects.get(pk=ids[1]).status == Statement.Status.PUBLISHED
    assert Statement.objects.get(pk=ids[0]).history.latest().history_user == reviewer


def test_publishing_is_refused_with_the_services_message(client, reviewer, setting):
    statement = StatementFactory(
        negotiation=setting["negotiation"],
        status=Statement.Status.DRAFT,
        said_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(reviewer)
    response = client.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [statement.pk]}, follow=True
    )
    assert "The date is in the future." in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_nobody_but_a_superuser_deletes(client, setting, who, request):
    user = request.getfixturevalue(who)
    statement = StatementFactory(negotiation=setting["negotiation"], status=Statement.Status.DRAFT)
    client.force_login(user)
    for model, obj in (
        ("statement", statement),
        ("demand", setting["nato"]),
        ("source", setting["source"]),
    ):
        url = reverse(f"admin:negotiations_{model}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert (
        client.post(
            reverse("admin:parties_party_delete", args=[setting["ukraine"].pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert "delete_selected" not in action_names(client)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_a_superuser_deletes(client, superuser, setting):
    statement = StatementFactory(negotiation=setting["negotiation"], status=Statement.Status.DRAFT)
    client.force_login(superuser)
    url = reverse("admin:negotiations_statement_delete", args=[statement.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_every_admin_page_opens_for_an_editor(client, editor, setting):
    statement = StatementFactory(negotiation=setting["negotiation"], status=Statement.Status.DRAFT)
    StanceFactory(statement=statement, demand=setting["nato"])
    client.force_login(editor)
    urls = [
        reverse("admin:index"),
        CHANGELIST_URL + "?q=said&status__exact=draft",
        ADD_URL,
        reverse("admin:negotiations_statement_change", args=[statement.pk]),
        reverse("admin:negotiations_statement_history", args=[statement.pk]),
        reverse("admin:negotiations_negotiation_change", args=[setting["negotiation"].pk]),
        reverse("admin:negotiations_demand_changelist") + "?q=demand",
        reverse("admin:negotiations_source_changelist") + "?q=example",
        reverse("admin:parties_party_changelist") + "?q=russia",
        reverse("admin:parties_person_add"),
        reverse("admin:parties_membership_changelist"),
        reverse("admin:autocomplete")
        + "?app_label=negotiations&model_name=stance&field_name=demand&term=Demand",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    page = client.get(CHANGELIST_URL).content.decode()
    assert f'href="/negotiations/{setting["negotiation"].slug}/#statement-{statement.pk}"' in page
    change = client.get(reverse("admin:negotiations_statement_change", args=[statement.pk]))
    assert f'href="/statements/{statement.pk}/"' in change.content.decode()  # View on site


def test_the_statement_list_costs_a_fixed_number_of_queries(
    client, editor, setting, django_assert_max_num_queries
):
    for _ in range(3):
        StatementFactory(negotiation=setting["negotiation"], party=setting["russia"])
    client.force_login(editor)
    client.get(CHANGELIST_URL)  # warm the session and content-type caches
    with django_assert_max_num_queries(20) as few:
        client.get(CHANGELIST_URL)
    for _ in range(20):
        StatementFactory(negotiation=setting["negotiation"], party=PartyFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CHANGELIST_URL)


def test_changes_to_actors_demands_and_sources_are_kept_in_history(client, editor, setting):
    client.force_login(editor)
    party = setting["ukraine"]
    response = client.post(
        reverse("admin:parties_party_change", args=[party.pk]),
        {
            "name": "Ukraine",
            "slug": party.slug,
            "short_name": "UA",
            "classification": "state",
            "parent": "",
            "country_code": "UA",
            "color": "#0057B7",
            "wikidata_id": "Q212",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = party.history.latest()
    assert (latest.history_user, latest.color, latest.prev_record.color) == (
        editor,
        "#0057B7",
        "#0072B2",
    )

    response = client.post(
        reverse("admin:parties_person_add"),
        {
            "name": "Volodymyr Zelenskyy",
            "slug": "volodymyr-zelenskyy",
            "other_names": '["Zelensky", "Zelenski"]',
            "wikidata_id": "",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-party": party.pk,
            "memberships-0-role": "President",
            "memberships-0-start_date": "2019-05-20",
            "memberships-0-end_date": "",
        },
    )
    assert response.status_code == 302
    person = party.memberships.get().person
    assert person.history.get().history_user == editor
    assert party.memberships.get().history.get().history_user == editor
    # The alias finds the person in the admin search.
    page = client.get(reverse("admin:parties_person_changelist"), {"q": "Zelenski"})
    assert "Volodymyr Zelenskyy" in page.content.decode()

    demand = setting["nato"]
    demand.title = "Ukraine stays out of NATO"
    demand.save()
    assert demand.history.latest().title == "Ukraine stays out of NATO"
    source = setting["source"]
    source.reliability = "A"
    source.save()
    assert [h.reliability for h in source.history.order_by("history_id")] == ["B", "A"]
