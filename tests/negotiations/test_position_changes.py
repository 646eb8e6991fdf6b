"""PositionChange follows every write, and the engine answers the same from it as from stances."""

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection

from negotiations import position_changes
from negotiations.alerts.consistency import POSITION_CHANGES, events_consistency_check
from negotiations.convergence import analyse
from negotiations.models import PositionChange, Stance, Statement
from negotiations.timeline.facts import current_facts, published_facts
from tests.factories import (
    DemandFactory,
    NegotiationFactory,
    ParticipantFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

IN_STEP = {"missing": 0, "stale": 0}
DAY = datetime.date(2022, 3, 1)


def analyses_agree(negotiation, principals) -> bool:
    changes = current_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    stances = published_facts(negotiation_ids=[negotiation.pk])[negotiation.pk]
    assert len(changes) <= len(stances)
    weights = {demand.pk: demand.weight for demand in negotiation.demands.all()}
    return analyse(changes, principals=principals, weights=weights) == analyse(
        stances, principals=principals, weights=weights
    )


@pytest.fixture
def talks():
    negotiation = NegotiationFactory()
    parties = [ParticipantFactory(negotiation=negotiation).party for _ in range(2)]
    demands = [DemandFactory(negotiation=negotiation) for _ in range(2)]
    return negotiation, parties, demands


def test_repeating_a_position_adds_no_change_and_the_last_recorded_of_a_day_wins(talks):
    negotiation, (russia, ukraine), (nato, _) = talks

    def say(day, party, position):
        statement = StatementFactory(negotiation=negotiation, party=party, said_on=day)
        return StanceFactory(statement=statement, demand=nato, party=party, position=position)

    first = say(DAY, russia, 2)
    say(DAY + datetime.timedelta(days=1), russia, 2)  # repeats: no change
    say(DAY + datetime.timedelta(days=2), russia, 0)  # same day: the later recorded wins
    last = say(DAY + datetime.timedelta(days=2), russia, 1)
    rows = PositionChange.objects.filter(demand=nato).order_by("said_on")
    assert [(row.said_on.day, row.position, row.stance_id) for row in rows] == [
        (1, 2, first.pk),
        (3, 1, last.pk),
    ]
    assert analyses_agree(negotiation, [russia.pk, ukraine.pk])


def test_every_kind_of_write_keeps_the_changes_equal_to_a_recomputation(talks):
    """Random writes through the ORM: after each, the stored rows equal a fresh computation."""
    negotiation, parties, demands = talks
    principals = [party.pk for party in parties]
    rng = random.Random(7)
    statements: list[Statement] = []
    for step in range(80):
        action = rng.choice(
            ["add", "add", "add", "position", "date", "status", "move", "delete", "drop"]
        )
        if action == "add" or not statements:
            party = rng.choice(parties)
            statement = StatementFactory(
                negotiation=negotiation,
                party=party,
                said_on=DAY + datetime.timedelta(days=rng.randrange(12)),
                status=rng.choice([Statement.Status.PUBLISHED] * 3 + [Statement.Status.DRAFT]),
            )
            for demand in rng.sample(demands, rng.randint(1, 2)):
                StanceFactory(
                    statement=statement, demand=demand, party=party, position=rng.randint(-2, 2)
                )
            statements.append(statement)
            continue
        statement = Statement.objects.get(pk=rng.choice(statements).pk)
        stances = list(statement.stances.all())
        if action == "position" and stances:
            stance = rng.choice(stances)
            stance.position = rng.randint(-2, 2)
            stance.save()
        elif action == "date":
            statement.said_on = DAY + datetime.timedelta(days=rng.randrange(12))
            statement.save()
        elif action == "status":
            statement.status = rng.choice(list(Statement.Status))
            statement.save()
        elif action == "move" and stances:
            stance = rng.choice(stances)
            stance.party = rng.choice(parties)
            taken = {(s.demand_id, s.party_id) for s in stances if s.pk != stance.pk}
            if (stance.demand_id, stance.party_id) not in taken:
                stance.save()
        elif action == "delete" and stances:
            rng.choice(stances).delete()
        elif action == "drop":
            statements.remove(next(s for s in statements if s.pk == statement.pk))
            statement.delete()
        assert position_changes.check(repair=False) == IN_STEP, (step, action)
    assert PositionChange.objects.exists()
    assert analyses_agree(negotiation, principals)


def test_writes_to_drafts_and_text_edits_recompute_nothing(talks, django_assert_num_queries):
    negotiation, (russia, _), (nato, _) = talks
    draft = StatementFactory(negotiation=negotiation, party=russia, status="draft")
    with django_assert_num_queries(2):  # the insert and its history row
        Stance.objects.create(statement=draft, demand=nato, party=russia, position=2)
    published = Statement.objects.get(pk=StatementFactory(negotiation=negotiation).pk)
    published.text = "Corrected wording."
    with django_assert_num_queries(2):  # the update and its history row
        published.save()


def test_the_consistency_check_finds_and_repairs_drift(talks):
    negotiation, (russia, _), (nato, _) = talks
    StanceFactory(statement__negotiation=negotiation, statement__party=russia, demand=nato)
    with connection.cursor() as cursor:  # a raw write that bypassed the application
        cursor.execute(f"DELETE FROM {PositionChange._meta.db_table}")
    report = events_consistency_check(repair=False)
    assert report[POSITION_CHANGES] == {"missing": 1, "stale": 0, "extra": 0}
    events_consistency_check(repair=True)
    assert position_changes.check(repair=False) == IN_STEP


def test_the_rebuild_command_recomputes_everything(talks, capsys):
    negotiation, (russia, _), (nato, other) = talks
    for demand in (nato, other):
        StanceFactory(statement__negotiation=negotiation, statement__party=russia, demand=demand)
    PositionChange.objects.all().delete()
    call_command("rebuild_position_changes")
    assert "2 position changes." in capsys.readouterr().out
    assert position_changes.check(repair=False) == IN_STEP


def test_the_demo_import_fills_them_and_the_engine_agrees(demo_in_db):
    principals = [p.party_id for p in demo_in_db.participants.filter(role="principal")]
    assert position_changes.check(repair=False) == IN_STEP
    assert 0 < PositionChange.objects.count() < Stance.objects.count()
    assert analyses_agree(demo_in_db, principals)
