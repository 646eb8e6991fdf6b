"""Rules the database itself enforces, whatever writes the row, and the services' messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from negotiations.models import Source, Stance, Statement
from negotiations.services import StanceInput, statement_create
from tests.factories import (
    DemandFactory,
    NegotiationFactory,
    PartyFactory,
    SourceFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def raw_insert_stance(*, statement_id: int, demand_id: int, party_id: int, position: int = 0):
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO negotiations_stance "
            "(statement_id, demand_id, party_id, position, conditions, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, '', %s, %s)",
            [statement_id, demand_id, party_id, position, now, now],
        )


def test_a_raw_insert_of_a_stance_on_another_negotiations_demand_fails():
    statement = StatementFactory()
    foreign = DemandFactory()  # its own negotiation
    with pytest.raises(IntegrityError, match="demand must belong"), transaction.atomic():
        raw_insert_stance(
            statement_id=statement.pk, demand_id=foreign.pk, party_id=statement.party_id
        )
    assert not Stance.objects.exists()
    # The same insert with a demand of the statement's negotiation is fine.
    own = DemandFactory(negotiation=statement.negotiation)
    raw_insert_stance(statement_id=statement.pk, demand_id=own.pk, party_id=statement.party_id)
    assert Stance.objects.count() == 1


def test_a_stance_cannot_be_moved_to_another_negotiations_demand():
    stance = StanceFactory()
    foreign = DemandFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.filter(pk=stance.pk).update(demand=foreign)


def test_a_statement_with_stances_cannot_move_to_another_negotiation():
    stance = StanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=stance.statement_id).update(negotiation=NegotiationFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        type(stance.demand).objects.filter(pk=stance.demand_id).update(
            negotiation=NegotiationFactory()
        )
    # Without stances, a statement may move.
    lone = StatementFactory()
    Statement.objects.filter(pk=lone.pk).update(negotiation=NegotiationFactory())


@pytest.mark.parametrize("position", [3, -3, 100])
def test_the_position_range_is_a_database_constraint(position):
    statement = StatementFactory()
    demand = DemandFactory(negotiation=statement.negotiation)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_insert_stance(
            statement_id=statement.pk,
            demand_id=demand.pk,
            party_id=statement.party_id,
            position=position,
        )


def test_one_stance_per_statement_demand_and_party():
    stance = StanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.create(
            statement=stance.statement, demand=stance.demand, party=stance.party, position=1
        )
    # Another party's stance on the same demand in the same statement is fine.
    Stance.objects.create(
        statement=stance.statement, demand=stance.demand, party=PartyFactory(), position=1
    )


def test_a_source_url_is_unique():
    source = SourceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(url=source.url)


def test_a_quote_needs_a_source_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(kind=Statement.Kind.QUOTE, source=None)
    StatementFactory(kind=Statement.Kind.REPORT, source=None)


@pytest.fixture
def negotiation_with_demand():
    negotiation = NegotiationFactory()
    party = PartyFactory()
    return negotiation, party, DemandFactory(negotiation=negotiation, demanded_by=party)


def create(negotiation, party, *, stances=(), **fields):
    values = {
        "said_on": datetime.date(2022, 3, 16),
        "party": party,
        "kind": Statement.Kind.QUOTE,
        "text": "Words.",
        "source": SourceFactory(),
        **fields,
    }
    return statement_create(negotiation=negotiation, stances=stances, **values)


@pytest.mark.parametrize(
    ("case", "key", "message"),
    [
        ("future", "said_on", "The date is in the future."),
        ("no-source", "source", "A quote needs a source."),
        ("foreign-demand", "stances[0].demand", "is a demand of another negotiation."),
        ("out-of-range", "stances[0].position", "The position must be between -2 and 2."),
        (
            "duplicate",
            "stances[1].demand",
            "This statement already has a stance of this party on this demand.",
        ),
    ],
)
def test_the_services_explain_each_rule_and_write_nothing(
    negotiation_with_demand, case, key, message
):
    negotiation, party, demand = negotiation_with_demand
    fields: dict = {}
    stances: list = []
    if case == "future":
        fields["said_on"] = timezone.localdate() + datetime.timedelta(days=1)
    elif case == "no-source":
        fields["source"] = None
    elif case == "foreign-demand":
        stances = [StanceInput(demand=DemandFactory(), position=1)]
    elif case == "out-of-range":
        stances = [StanceInput(demand=demand, position=5)]
    else:
        stances = [StanceInput(demand=demand, position=1), StanceInput(demand=demand, position=2)]
    with pytest.raises(ValidationError) as error:
        create(negotiation, party, stances=stances, **fields)
    assert any(message in m for m in error.value.message_dict[key])
    assert not Statement.objects.exists()


def test_the_triggers_come_back_after_being_lost():
    """What post_migrate does after every migrate (SQLite loses triggers on table rebuilds)."""
    from negotiations.db_rules import drop_db_rules, ensure_db_rules

    statement = StatementFactory()
    foreign = DemandFactory()
    drop_db_rules(connection)
    ensure_db_rules(connection)
    ensure_db_rules(connection)  # idempotent
    with pytest.raises(IntegrityError, match="demand must belong"), transaction.atomic():
        raw_insert_stance(
            statement_id=statement.pk, demand_id=foreign.pk, party_id=statement.party_id
        )
