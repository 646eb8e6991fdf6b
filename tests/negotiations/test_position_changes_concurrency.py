"""Two writers of one demand: the position changes stay in step (real commits, threads).

Its own module: the module-scoped demo fixture of test_position_changes.py holds a
transaction open that a transactional test must not run inside.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from negotiations import position_changes
from negotiations.models import PositionChange
from tests.factories import (
    DemandFactory,
    NegotiationFactory,
    ParticipantFactory,
    StanceFactory,
    StatementFactory,
)

IN_STEP = {"missing": 0, "stale": 0}
DAY = datetime.date(2022, 3, 1)


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_demand_are_serialised_and_leave_the_changes_in_step():
    """B writes while A's stance is recorded but not committed: B must wait and then see it.

    A says +2 on day 10, B says +2 on day 5, so day 10 only repeats B's position. Had B not
    waited for A, A's row for day 10 (computed without B's stance) would survive as a change.
    """
    negotiation = NegotiationFactory()
    party = ParticipantFactory(negotiation=negotiation).party
    demand = DemandFactory(negotiation=negotiation)
    recorded, errors = threading.Event(), []

    def say(day: int, hold: float = 0) -> None:
        try:
            with transaction.atomic():
                statement = StatementFactory(
                    negotiation=negotiation, party=party, said_on=DAY.replace(day=day)
                )
                StanceFactory(statement=statement, demand=demand, party=party, position=2)
                recorded.set()
                time.sleep(hold)  # A keeps its transaction (and the demand's lock) open
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    a = threading.Thread(target=say, args=(10, 0.5))
    a.start()
    assert recorded.wait(10)
    started = time.monotonic()
    say(5)
    waited = time.monotonic() - started
    a.join(10)
    assert errors == []
    assert waited > 0.3  # B's refresh waited for A's commit
    assert position_changes.check(repair=False) == IN_STEP
    assert [row.said_on.day for row in PositionChange.objects.filter(demand=demand)] == [5]
