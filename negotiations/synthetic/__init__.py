"""Synthetic trackers for benchmarks and scale tests: `manage.py generate_synthetic`.

The small tables (parties, people, memberships, negotiations, participants, demands, rounds)
go through the ORM; sources, statements and stances stream into PostgreSQL with COPY
(psycopg 3's `cursor.copy`), with ids reserved from the tables' sequences, so a million
stances take minutes rather than hours. Other databases (the SQLite demo) get `bulk_create`.

No history rows are written for synthetic data: it was never edited, and a million history
rows would only slow the generator. "As known on" views therefore see synthetic rows from
their `created_at` onwards only where they fall back to it; the benchmarks do not use them.
Run it on a database nobody else writes to while it runs (the bulk tables are locked).
"""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from psycopg import sql

from negotiations import position_changes
from negotiations.freshness import bump_data_version
from negotiations.models import Demand, Negotiation, Participant, Round, Source, Stance, Statement
from negotiations.synthetic.statements import (
    SOURCE_COLUMNS,
    STANCE_COLUMNS,
    STATEMENT_COLUMNS,
    Ids,
    generate,
)
from negotiations.synthetic.world import World, build_world
from parties.models import Membership, Party, Person

BATCH = 5000


@dataclass(frozen=True)
class Summary:
    negotiations: int
    demands: int
    parties: int
    people: int
    statements: int
    sources: int
    stances: int
    negotiation_slugs: list[str]


class SyntheticConflict(Exception):
    """The database already holds a synthetic set with this prefix."""


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _drop_foreign_keys(models) -> list[tuple[str, str, str]]:
    """Drop the tables' foreign keys; returns what `_restore_foreign_keys` puts back.

    Checked row by row, a million stances cost a million lookups and row locks at COMMIT
    (~100 s of a 170 s run); added back, each key is validated by one join (seconds).
    """
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Check the small tables' pending rows now: ALTER TABLE refuses pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
            )
    return keys


def _restore_foreign_keys(keys: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(
                sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
                + sql.SQL(definition)
            )


def _first_free_id(model) -> int:
    """The next id of the model's table; under the table lock nobody else takes ids."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
        else:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def _settle_sequence(model) -> None:
    if _postgres():
        table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))",
                [table],
            )


class _Writer:
    """COPY on PostgreSQL, batched bulk_create elsewhere; one table at a time."""

    def __init__(self, model, columns: tuple[str, ...]):
        self.model, self.columns = model, columns
        self.pending: list[tuple] = []
        self.copy = self.cursor = None

    def __enter__(self):
        if _postgres():
            self.cursor = connection.cursor()
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(self.model._meta.db_table),
                sql.SQL(", ").join(map(sql.Identifier, self.columns)),
            )
            self.copy_context = self.cursor.cursor.copy(statement)
            self.copy = self.copy_context.__enter__()
        return self

    def write(self, row: tuple) -> None:
        if self.copy is not None:
            self.copy.write_row(row)
            return
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        objects = [self.model(**dict(zip(self.columns, row, strict=True))) for row in self.pending]
        self.model.objects.bulk_create(objects)
        self.pending = []

    def __exit__(self, kind, error, traceback):
        if self.copy is not None:
            self.copy_context.__exit__(kind, error, traceback)
            self.cursor.close()
        elif kind is None and self.pending:
            self._flush()
        return False


def _create_world(world: World, prefix: str) -> Ids:
    parties = Party.objects.bulk_create(Party(**row) for row in world.parties)
    people = Person.objects.bulk_create(Person(**row) for row in world.people)
    Membership.objects.bulk_create(
        Membership(
            person=people[row["person_index"]],
            party=parties[row["party_index"]],
            role=row["role"],
            start_date=row["start_date"],
            end_date=row["end_date"],
        )
        for row in world.memberships
    )
    negotiations, demands = [], []
    for plan in world.negotiations:
        negotiation = Negotiation.objects.create(
            title=plan.title,
            slug=plan.slug,
            description="Synthetic negotiation (generate_synthetic).",
            start_date=plan.start,
            end_date=None,
            convergence_threshold=1,
        )
        negotiations.append(negotiation.pk)
        Participant.objects.bulk_create(
            [
                Participant(negotiation=negotiation, party=parties[plan.principals[0]]),
                Participant(negotiation=negotiation, party=parties[plan.principals[1]]),
                Participant(
                    negotiation=negotiation,
                    party=parties[plan.mediator],
                    role=Participant.Role.MEDIATOR,
                ),
            ]
        )
        day, rounds = plan.start, []
        while day < plan.end:
            rounds.append(
                Round(negotiation=negotiation, date=day, title=f"Round {len(rounds) + 1}")
            )
            day += datetime.timedelta(days=180)
        Round.objects.bulk_create(rounds)
        created = Demand.objects.bulk_create(
            Demand(
                negotiation=negotiation,
                slug=row["slug"],
                title=row["title"],
                topic=row["topic"],
                demanded_by=parties[row["by"]],
                addressed_to=parties[row["to"]],
                weight=row["weight"],
            )
            for row in plan.demands
        )
        demands.append([demand.pk for demand in created])
    return Ids(
        party=[party.pk for party in parties],
        person=[person.pk for person in people],
        negotiation=negotiations,
        demand=demands,
        first_statement=0,
        first_stance=0,
        first_source=0,
    )


@transaction.atomic
def generate_synthetic(
    *, stances: int, negotiations: int = 10, seed: int = 1, prefix: str | None = None
) -> Summary:
    """Create a synthetic tracker with exactly `stances` stances; same seed, same data."""
    if stances < 0 or negotiations < 1:
        raise ValueError("Give a number of stances >= 0 and of negotiations >= 1.")
    prefix = prefix or f"syn{seed}"
    if Negotiation.objects.filter(slug__startswith=f"{prefix}-talks-").exists():
        raise SyntheticConflict(
            f"This database already holds synthetic data with the prefix {prefix!r}: "
            "use another --seed or --prefix, or an empty database."
        )
    world = build_world(seed=seed, negotiations=negotiations, prefix=prefix)
    ids = _create_world(world, prefix)
    if _postgres():
        with connection.cursor() as cursor:
            tables = ", ".join(m._meta.db_table for m in (Source, Statement, Stance))
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        keys = _drop_foreign_keys((Source, Statement, Stance))
    ids.first_statement = _first_free_id(Statement)
    ids.first_stance = _first_free_id(Stance)
    ids.first_source = _first_free_id(Source)
    # Foreign keys are dropped for the copy (and validated when added back), so statements
    # can come before the sources that the same pass produces.
    with _Writer(Statement, STATEMENT_COLUMNS) as writer:
        if not _postgres():
            # bulk_create checks foreign keys per batch: write sources first on other databases.
            rows: list[tuple] = []
            bulk = generate(world=world, ids=ids, seed=seed, stances=stances, emit=rows.append)
            with _Writer(Source, SOURCE_COLUMNS) as sources:
                for row in bulk.sources:
                    sources.write(row)
            for row in rows:
                writer.write(row)
        else:
            bulk = generate(world=world, ids=ids, seed=seed, stances=stances, emit=writer.write)
    if _postgres():
        with _Writer(Source, SOURCE_COLUMNS) as sources:
            for row in bulk.sources:
                sources.write(row)
    with _Writer(Stance, STANCE_COLUMNS) as writer:
        for row in bulk.stances:
            writer.write(row)
    for model in (Source, Statement, Stance):
        _settle_sequence(model)
    # COPY sends no signals: each party's steps on each demand, computed once for the lot.
    position_changes.rebuild(
        list(
            Negotiation.objects.filter(slug__startswith=f"{prefix}-talks-").values_list(
                "pk", flat=True
            )
        )
    )
    if _postgres():
        _restore_foreign_keys(keys)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses on 1M rows
    transaction.on_commit(bump_data_version)  # COPY sends no post_save
    return Summary(
        negotiations=len(world.negotiations),
        demands=sum(len(plan.demands) for plan in world.negotiations),
        parties=len(world.parties),
        people=len(world.people),
        statements=bulk.statements,
        sources=len(bulk.sources),
        stances=len(bulk.stances),
        negotiation_slugs=[plan.slug for plan in world.negotiations],
    )
