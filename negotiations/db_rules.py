"""Rules the database enforces with triggers, where a CHECK constraint cannot look at other rows.

"A stance's demand belongs to its statement's negotiation" spans three tables, so it is a
trigger on PostgreSQL and on SQLite alike. The SQL is kept here (not only in the migration)
because SQLite drops a table's triggers when Django rebuilds the table for a later
`ALTER TABLE`; `ensure_db_rules` runs after every `migrate` (post_migrate) and re-creates
them idempotently.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

MESSAGE = "a stance's demand must belong to its statement's negotiation"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION negotiations_stance_demand_in_negotiation() RETURNS trigger AS $$
    BEGIN
        IF (SELECT negotiation_id FROM negotiations_demand WHERE id = NEW.demand_id)
           IS DISTINCT FROM
           (SELECT negotiation_id FROM negotiations_statement WHERE id = NEW.statement_id) THEN
            RAISE EXCEPTION '{MESSAGE.replace("'", "''")} (statement %, demand %)',
                NEW.statement_id, NEW.demand_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    # DROP + CREATE rather than CREATE OR REPLACE TRIGGER, which needs PostgreSQL 14.
    "DROP TRIGGER IF EXISTS negotiations_stance_demand_in_negotiation ON negotiations_stance",
    """
    CREATE TRIGGER negotiations_stance_demand_in_negotiation
    BEFORE INSERT OR UPDATE OF statement_id, demand_id ON negotiations_stance
    FOR EACH ROW EXECUTE FUNCTION negotiations_stance_demand_in_negotiation()
    """,
    # Moving a statement or a demand to another negotiation must not orphan its stances.
    f"""
    CREATE OR REPLACE FUNCTION negotiations_stances_follow_negotiation() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM negotiations_stance s
            JOIN negotiations_demand d ON d.id = s.demand_id
            JOIN negotiations_statement st ON st.id = s.statement_id
            WHERE (s.statement_id = NEW.id AND TG_TABLE_NAME = 'negotiations_statement'
                   OR s.demand_id = NEW.id AND TG_TABLE_NAME = 'negotiations_demand')
              AND d.negotiation_id <> st.negotiation_id
        ) THEN
            RAISE EXCEPTION '{MESSAGE.replace("'", "''")}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    # DROP + CREATE rather than CREATE OR REPLACE TRIGGER, which needs PostgreSQL 14.
    "DROP TRIGGER IF EXISTS negotiations_statement_keeps_stances ON negotiations_statement",
    """
    CREATE TRIGGER negotiations_statement_keeps_stances
    AFTER UPDATE OF negotiation_id ON negotiations_statement
    FOR EACH ROW EXECUTE FUNCTION negotiations_stances_follow_negotiation()
    """,
    # DROP + CREATE rather than CREATE OR REPLACE TRIGGER, which needs PostgreSQL 14.
    "DROP TRIGGER IF EXISTS negotiations_demand_keeps_stances ON negotiations_demand",
    """
    CREATE TRIGGER negotiations_demand_keeps_stances
    AFTER UPDATE OF negotiation_id ON negotiations_demand
    FOR EACH ROW EXECUTE FUNCTION negotiations_stances_follow_negotiation()
    """,
]

POSTGRESQL_TRIGGERS = [
    "negotiations_stance_demand_in_negotiation",
    "negotiations_statement_keeps_stances",
    "negotiations_demand_keeps_stances",
]

_SQLITE_STANCE_CHECK = f"""
    WHEN (SELECT negotiation_id FROM negotiations_demand WHERE id = NEW.demand_id)
         IS NOT (SELECT negotiation_id FROM negotiations_statement WHERE id = NEW.statement_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END
"""
SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS negotiations_stance_demand_in_negotiation_insert "
    "BEFORE INSERT ON negotiations_stance FOR EACH ROW " + _SQLITE_STANCE_CHECK,
    "CREATE TRIGGER IF NOT EXISTS negotiations_stance_demand_in_negotiation_update "
    "BEFORE UPDATE OF statement_id, demand_id ON negotiations_stance FOR EACH ROW "
    + _SQLITE_STANCE_CHECK,
    f"""
    CREATE TRIGGER IF NOT EXISTS negotiations_statement_keeps_stances
    BEFORE UPDATE OF negotiation_id ON negotiations_statement FOR EACH ROW
    WHEN EXISTS (SELECT 1 FROM negotiations_stance s
                 JOIN negotiations_demand d ON d.id = s.demand_id
                 WHERE s.statement_id = NEW.id AND d.negotiation_id <> NEW.negotiation_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS negotiations_demand_keeps_stances
    BEFORE UPDATE OF negotiation_id ON negotiations_demand FOR EACH ROW
    WHEN EXISTS (SELECT 1 FROM negotiations_stance s
                 JOIN negotiations_statement st ON st.id = s.statement_id
                 WHERE s.demand_id = NEW.id AND st.negotiation_id <> NEW.negotiation_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE.replace("'", "''")}'); END
    """,
]

DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS negotiations_stance_demand_in_negotiation ON negotiations_stance",
        "DROP TRIGGER IF EXISTS negotiations_statement_keeps_stances ON negotiations_statement",
        "DROP TRIGGER IF EXISTS negotiations_demand_keeps_stances ON negotiations_demand",
        "DROP FUNCTION IF EXISTS negotiations_stance_demand_in_negotiation()",
        "DROP FUNCTION IF EXISTS negotiations_stances_follow_negotiation()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS negotiations_stance_demand_in_negotiation_insert",
        "DROP TRIGGER IF EXISTS negotiations_stance_demand_in_negotiation_update",
        "DROP TRIGGER IF EXISTS negotiations_statement_keeps_stances",
        "DROP TRIGGER IF EXISTS negotiations_demand_keeps_stances",
    ],
}


def ensure_db_rules(connection: BaseDatabaseWrapper) -> None:
    """Create (or re-create) the triggers; a no-op for other database engines."""
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(connection.vendor)
    if statements is None:
        return
    tables = set(connection.introspection.table_names())
    if not {"negotiations_stance", "negotiations_statement", "negotiations_demand"} <= tables:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL keeps triggers across ALTER TABLE: only re-create what is missing,
            # so a routine `migrate` takes no lock on these tables.
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname = ANY(%s)",
                [POSTGRESQL_TRIGGERS],
            )
            if cursor.fetchone()[0] == len(POSTGRESQL_TRIGGERS):
                return
        for sql in statements:
            cursor.execute(sql)


def drop_db_rules(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in DROP.get(connection.vendor, []):
            cursor.execute(sql)
