"""factory_boy factories for the domain; each builds a valid row with its dependencies."""

import datetime

import factory

from negotiations.models import (
    Demand,
    Negotiation,
    Participant,
    Round,
    Source,
    Stance,
    Statement,
)
from parties.models import Membership, Party, Person


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Party {n}")
    slug = factory.Sequence(lambda n: f"party-{n}")
    short_name = factory.Sequence(lambda n: f"P{n}")
    color = "#0072B2"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    other_names = factory.LazyFunction(list)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(PartyFactory)
    role = "Minister of Foreign Affairs"
    start_date = datetime.date(2020, 1, 1)
    end_date = None


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiation

    title = factory.Sequence(lambda n: f"Talks {n}")
    slug = factory.Sequence(lambda n: f"talks-{n}")
    start_date = datetime.date(2022, 2, 28)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    negotiation = factory.SubFactory(NegotiationFactory)
    party = factory.SubFactory(PartyFactory)
    role = Participant.Role.PRINCIPAL


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    negotiation = factory.SubFactory(NegotiationFactory)
    date = datetime.date(2022, 3, 1)
    title = factory.Sequence(lambda n: f"Round {n}")


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    negotiation = factory.SubFactory(NegotiationFactory)
    slug = factory.Sequence(lambda n: f"demand-{n}")
    title = factory.Sequence(lambda n: f"Demand {n}")
    demanded_by = factory.SubFactory(PartyFactory)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/article-{n}")
    outlet = "Example News"
    title = factory.Sequence(lambda n: f"Article {n}")
    published_on = datetime.date(2022, 3, 16)
    reliability = Source.Reliability.B


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    negotiation = factory.SubFactory(NegotiationFactory)
    said_on = datetime.date(2022, 3, 16)
    party = factory.SubFactory(PartyFactory)
    kind = Statement.Kind.QUOTE
    text = factory.Sequence(lambda n: f"We said thing number {n}.")
    source = factory.SubFactory(SourceFactory)
    status = Statement.Status.PUBLISHED


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    statement = factory.SubFactory(StatementFactory)
    demand = factory.SubFactory(
        DemandFactory, negotiation=factory.SelfAttribute("..statement.negotiation")
    )
    party = factory.SelfAttribute("statement.party")
    position = 0
