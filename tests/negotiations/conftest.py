import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.db import transaction

from negotiations.convergence import StanceFact
from tests.negotiations.demo_db import load_demo

DEMO = Path(__file__).resolve().parents[2] / "negotiations" / "demo" / "russia-ukraine-2022.json"


@pytest.fixture(scope="session")
def demo_negotiation() -> dict:
    """The demo negotiation, straight from the JSON file."""
    return json.loads(DEMO.read_text())["negotiations"][0]


@pytest.fixture(scope="session")
def demo_facts(demo_negotiation) -> list[StanceFact]:
    """The demo stances as engine input, with no database.

    Statement ids are the indices of the statements in the file, demand and party ids their
    slugs; every stance is recorded in file order, one second apart.
    """
    recorded = datetime(2022, 5, 1, tzinfo=UTC)
    facts = []
    for statement_id, statement in enumerate(demo_negotiation["statements"]):
        assert statement["status"] == "published"
        for stance in statement["stances"]:
            facts.append(
                StanceFact(
                    stance_id=len(facts),
                    statement_id=statement_id,
                    demand_id=stance["demand"],
                    party_id=stance["party"],
                    position=stance["position"],
                    said_on=date.fromisoformat(statement["said_on"]),
                    recorded_from=recorded + timedelta(seconds=len(facts)),
                )
            )
    return facts


@pytest.fixture(scope="module")
def demo_in_db(django_db_setup, django_db_blocker):
    """The demo negotiation in the database, loaded once for a test module (~4 s here).

    It lives in a transaction rolled back after the module; each test's own changes roll back
    to a savepoint as usual. Not for transactional (live server) tests, which load their own.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
