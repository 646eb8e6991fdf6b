"""Stance facts from the database: now from the live tables, as known on from the history."""

import datetime

import pytest
from django.utils import timezone

from negotiations import services
from negotiations.convergence import analyse, effective_positions
from negotiations.models import Stance, Statement
from negotiations.timeline.facts import (
    current_facts,
    end_of_day,
    published_facts,
    recorded_facts,
)
from tests.factories import DemandFactory, NegotiationFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db

T1 = datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC)
T2 = datetime.datetime(2022, 3, 5, 12, tzinfo=datetime.UTC)
T3 = datetime.datetime(2022, 3, 9, 12, tzinfo=datetime.UTC)


def gaps(analysis, demand):
    return [(p.on, p.gap) for p in analysis.demands[demand.pk].points]


def test_demo_from_the_database_gives_the_hand_checked_nato_gaps(demo_in_db):
    negotiation = demo_in_db
    principals = [p.party_id for p in negotiation.participants.filter(role="principal")]
    facts = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    every = published_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    assert len(every) == 75  # every stance in the file
    assert len(facts) < len(every)  # only the ones that moved a position
    analysis = analyse(facts, principals=principals, threshold=1)
    assert analysis == analyse(every, principals=principals, threshold=1)
    nato = negotiation.demands.get(slug="ukraine-renounces-nato")
    assert gaps(analysis, nato) == [
        (datetime.date(2022, 2, 28), None),
        (datetime.date(2022, 3, 7), 3),
        (datetime.date(2022, 3, 15), 1),
    ]


def test_as_known_now_from_history_equals_the_live_tables(demo_in_db):
    negotiation = demo_in_db
    principals = [p.party_id for p in negotiation.participants.filter(role="principal")]
    now = timezone.now()
    live = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    history = recorded_facts(negotiation_id=negotiation.pk, until=now)
    assert analyse(history, principals=principals, as_known_on=now) == analyse(
        live, principals=principals
    )


def _restamp(model, pk, *moments):
    """Give an object's history rows, oldest first, the given moments."""
    rows = list(model.history.filter(id=pk).order_by("history_date", "history_id"))
    assert len(rows) == len(moments)
    for row, moment in zip(rows, moments, strict=True):
        type(row).objects.filter(pk=row.pk).update(history_date=moment)


def test_edits_retractions_and_late_publication_as_known_on_each_date():
    negotiation = NegotiationFactory()
    russia, ukraine = PartyFactory(), PartyFactory()
    demand = DemandFactory(negotiation=negotiation, demanded_by=russia)

    def say(party, position, said_on, status=Statement.Status.PUBLISHED):
        return services.statement_create(
            negotiation=negotiation,
            said_on=said_on,
            party=party,
            kind=Statement.Kind.QUOTE,
            text="words",
            source=SourceFactory(),
            status=status,
            stances=[services.StanceInput(demand=demand, position=position)],
        )

    insists = say(russia, 2, datetime.date(2022, 2, 28))
    refuses = say(ukraine, -2, datetime.date(2022, 3, 1))
    # T2: Ukraine's stance corrected to -1 and its date to 2 March. T3: retracted.
    services.statement_update(
        statement=refuses,
        said_on=datetime.date(2022, 3, 2),
        stances=[services.StanceInput(demand=demand, position=-1)],
    )
    services.statement_retract(statement=refuses, reason="misquoted")
    # A draft recorded at T1, published only at T3.
    late = say(ukraine, 2, datetime.date(2022, 3, 3), status=Statement.Status.DRAFT)
    services.statement_publish(statement=late)

    _restamp(Statement, insists.pk, T1)
    _restamp(Stance, insists.stances.get().pk, T1)
    _restamp(Statement, refuses.pk, T1, T2, T3)
    _restamp(Stance, Stance.objects.get(statement=refuses).pk, T1, T2)
    _restamp(Statement, late.pk, T1, T3)
    _restamp(Stance, late.stances.get().pk, T1)

    def known(day):
        moment = end_of_day(day)
        facts = recorded_facts(negotiation_id=negotiation.pk, until=moment)
        positions = effective_positions(facts, as_known_on=moment)
        return {
            party.pk: (fact.position, fact.said_on)
            for party in (russia, ukraine)
            if (fact := positions.get((demand.pk, party.pk)))
        }

    assert known(datetime.date(2022, 2, 28)) == {}
    assert known(T1.date()) == {
        russia.pk: (2, datetime.date(2022, 2, 28)),
        ukraine.pk: (-2, datetime.date(2022, 3, 1)),
    }
    assert known(T2.date())[ukraine.pk] == (-1, datetime.date(2022, 3, 2))
    assert known(T3.date())[ukraine.pk] == (2, datetime.date(2022, 3, 3))
    # Today matches the live tables: the retracted statement is gone, the late one counts.
    live = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    assert {(f.party_id, f.position) for f in live} == {(russia.pk, 2), (ukraine.pk, 2)}


def test_end_of_day_is_the_last_moment_of_that_day():
    moment = end_of_day(datetime.date(2022, 3, 15))
    assert moment.date() == datetime.date(2022, 3, 15)
    assert (moment + datetime.timedelta(microseconds=1)).date() == datetime.date(2022, 3, 16)
