"""The SQLite flavour of the stance trigger (the suite's database is PostgreSQL): run the real
migrations' SQL against an in-memory SQLite with the three tables it reads."""

import sqlite3

import pytest

from negotiations.db_rules import SQLITE


@pytest.fixture
def sqlite():
    connection = sqlite3.connect(":memory:")
    connection.executescript(
        """
        CREATE TABLE negotiations_demand (id INTEGER PRIMARY KEY, negotiation_id INTEGER);
        CREATE TABLE negotiations_statement (id INTEGER PRIMARY KEY, negotiation_id INTEGER);
        CREATE TABLE negotiations_stance (
            id INTEGER PRIMARY KEY, statement_id INTEGER, demand_id INTEGER);
        INSERT INTO negotiations_demand VALUES (1, 10), (2, 20);
        INSERT INTO negotiations_statement VALUES (1, 10), (2, 20);
        """
    )
    for sql in SQLITE:
        connection.execute(sql)
    for sql in SQLITE:  # idempotent: re-created after every migrate
        connection.execute(sql)
    try:
        yield connection
    finally:
        connection.close()


def test_a_stance_on_a_demand_of_another_negotiation_is_refused(sqlite):
    sqlite.execute("INSERT INTO negotiations_stance VALUES (1, 1, 1)")
    with pytest.raises(sqlite3.IntegrityError, match="demand must belong"):
        sqlite.execute("INSERT INTO negotiations_stance VALUES (2, 1, 2)")
    with pytest.raises(sqlite3.IntegrityError):
        sqlite.execute("UPDATE negotiations_stance SET demand_id = 2 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        sqlite.execute("UPDATE negotiations_statement SET negotiation_id = 20 WHERE id = 1")
    with pytest.raises(sqlite3.IntegrityError):
        sqlite.execute("UPDATE negotiations_demand SET negotiation_id = 20 WHERE id = 1")
    # A statement without stances may move.
    sqlite.execute("UPDATE negotiations_statement SET negotiation_id = 10 WHERE id = 2")
