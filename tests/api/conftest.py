"""Fixtures for the API tests: clients for each role, and a small negotiation.

The Editors and Reviewers groups come from the migrations (negotiations 0004), so the tests
meet the permissions the admin hands out.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from negotiations.models import Participant, Statement
from tests.factories import (
    DemandFactory,
    MembershipFactory,
    NegotiationFactory,
    ParticipantFactory,
    PartyFactory,
    PersonFactory,
    RoundFactory,
    SourceFactory,
    StanceFactory,
    StatementFactory,
)

ROLES = ("anonymous", "editor", "reviewer", "superuser")


def make_user(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser(f"api-{role}", password="x")
    user = User.objects.create_user(f"api-{role}", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name={"editor": "Editors", "reviewer": "Reviewers"}[role]))
    return user


def client_for(role: str) -> APIClient:
    """An API client authenticated with a DRF token (anonymous: none)."""
    client = APIClient()
    user = make_user(role)
    if user is not None:
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    client.user = user
    return client


@pytest.fixture
def anonymous():
    return client_for("anonymous")


@pytest.fixture
def editor(db):
    return client_for("editor")


@pytest.fixture
def reviewer(db):
    return client_for("reviewer")


@pytest.fixture
def superuser(db):
    return client_for("superuser")


@pytest.fixture
def talks(db):
    """Two principals, a mediator, two demands, published, draft and retracted statements."""
    russia = PartyFactory(slug="russia", name="Russia", country_code="RU")
    ukraine = PartyFactory(slug="ukraine", name="Ukraine", country_code="UA")
    turkey = PartyFactory(slug="turkey", name="Turkey")
    negotiation = NegotiationFactory(slug="ru-ua", title="Russia-Ukraine talks")
    ParticipantFactory(negotiation=negotiation, party=russia)
    ParticipantFactory(negotiation=negotiation, party=ukraine)
    ParticipantFactory(negotiation=negotiation, party=turkey, role=Participant.Role.MEDIATOR)
    RoundFactory(negotiation=negotiation, title="Istanbul", location="Istanbul")
    nato = DemandFactory(
        negotiation=negotiation, slug="no-nato", demanded_by=russia, addressed_to=ukraine
    )
    ceasefire = DemandFactory(negotiation=negotiation, slug="ceasefire", demanded_by=ukraine)
    lavrov = PersonFactory(slug="sergey-lavrov", name="Sergey Lavrov")
    MembershipFactory(person=lavrov, party=russia)
    kuleba = PersonFactory(slug="dmytro-kuleba", name="Dmytro Kuleba")
    MembershipFactory(person=kuleba, party=ukraine)
    source = SourceFactory(url="https://news.example.org/neutrality", reliability="B")

    def statement(day, party, speaker, text, status=Statement.Status.PUBLISHED, **stances):
        made = StatementFactory(
            negotiation=negotiation,
            said_on=datetime.date(2022, 3, day),
            party=party,
            speaker=speaker,
            text=text,
            source=source,
            status=status,
        )
        for demand, position in stances.items():
            StanceFactory(
                statement=made,
                demand={"nato": nato, "ceasefire": ceasefire}[demand],
                party=party,
                position=position,
            )
        return made

    published = [
        statement(1, russia, lavrov, "Ukraine must stay neutral.", nato=2),
        statement(2, ukraine, kuleba, "We will never give up NATO.", nato=-2, ceasefire=2),
        statement(10, ukraine, kuleba, "Neutrality is possible with guarantees.", nato=1),
        statement(12, russia, None, '=HYPERLINK("http://evil")', ceasefire=-1),
    ]
    draft = statement(14, russia, lavrov, "Draft words.", Statement.Status.DRAFT, nato=1)
    retracted = statement(
        15, ukraine, kuleba, "Retracted words.", Statement.Status.RETRACTED, ceasefire=0
    )
    return {
        "negotiation": negotiation,
        "russia": russia,
        "ukraine": ukraine,
        "turkey": turkey,
        "nato": nato,
        "ceasefire": ceasefire,
        "lavrov": lavrov,
        "kuleba": kuleba,
        "source": source,
        "published": published,
        "draft": draft,
        "retracted": retracted,
    }
