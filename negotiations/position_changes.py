"""Keeps `PositionChange` (each party's steps on each demand) in step with every write.

The convergence engine only needs, per (demand, party), the days the party's effective
position changed and the stances that stated the new position that day: a party repeating
itself changes nothing, and of one day's stances only the last recorded counts. Reading those
rows instead of every published stance is what keeps the timeline, demand, party and home
pages, the convergence endpoint and the alerts flat as the data grows (at 1M stances one
negotiation has ~96k published stances and a few hundred changes).

The rows of a (demand, party) are recomputed from its stances by one SQL statement (window
functions; PostgreSQL and SQLite alike) inside the writing transaction, so a reader never sees
a stance without its effect:
- model signals: saving or deleting a stance refreshes the pair it is on (and the pair it
  left, when its demand or party changed); saving a statement whose date or status changed
  refreshes the pairs of its stances;
- bulk paths that bypass signals (the importer, `generate_synthetic`, raw SQL) call
  `rebuild()` for the negotiations they wrote; `manage.py rebuild_position_changes` rebuilds
  everything, and `check()` (run with the periodic events consistency check) finds and
  repairs any drift.

Concurrent writers of one demand are serialised on its row (`FOR NO KEY UPDATE`, which does
not block inserting stances that reference it), so two transactions cannot each compute the
pair without the other's stance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from negotiations.convergence import MIN_POSITION
from negotiations.models import Demand, PositionChange, Stance, Statement

COLUMNS = "demand_id, party_id, said_on, position, stance_id, statement_id, recorded_at"
TABLE = PositionChange._meta.db_table

#: The change rows, from day %(since)s on, of the stances matching {scope} (a condition on
#: the stance table "s"). A scope is written with "{t}" before each column, so the same
#: condition selects the stored change rows (same column names) for deletion.
#: One pass of window functions, no self-join (a join of the stances with their days cost
#: seconds on freshly imported tables without statistics). In the engine's order (said_on,
#: created_at, id) the row before a day's first stance is the previous day's last, so its
#: position is the one in force before that day; for the first day in scope it is the pair's
#: last change still stored before it.
CHANGES = f"""
SELECT demand_id, party_id, said_on, position, stance_id, statement_id, created_at
FROM (
    SELECT ordered.*,
           FIRST_VALUE(before_row) OVER (
               PARTITION BY demand_id, party_id, said_on ORDER BY created_at, stance_id
           ) AS before_day
    FROM (
        SELECT s.id AS stance_id, s.statement_id, s.demand_id, s.party_id, s.position,
               st.said_on, s.created_at,
               LAG(s.position) OVER (
                   PARTITION BY s.demand_id, s.party_id ORDER BY st.said_on, s.created_at, s.id
               ) AS before_row,
               FIRST_VALUE(s.position) OVER (
                   PARTITION BY s.demand_id, s.party_id, st.said_on
                   ORDER BY s.created_at DESC, s.id DESC
               ) AS final
        FROM {Stance._meta.db_table} s
        JOIN {Statement._meta.db_table} st ON st.id = s.statement_id
        WHERE st.status = %s AND {{scope}} AND st.said_on >= %s
    ) ordered
) days
WHERE position = final
  AND COALESCE(
      before_day,
      (SELECT c.position FROM {TABLE} c
       WHERE c.demand_id = days.demand_id AND c.party_id = days.party_id AND c.said_on < %s
       ORDER BY c.said_on DESC LIMIT 1),
      {MIN_POSITION - 1}
  ) <> final
"""


def _replace(scope: str, params: list, since: date | None = None) -> None:
    """Replace the change rows in ``scope`` from day ``since`` on (None: all) by fresh ones.

    A stance said on day D cannot change a step before D, so a write only recomputes from
    its day: a few rows for a recent statement, instead of the pair's whole history (38 ms
    for one pair at 1M stances).
    """
    since = since or date.min
    with connection.cursor() as cursor:  # callers hold the transaction (refresh, rebuild)
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE {scope.format(t='')} AND said_on >= %s", [*params, since]
        )
        cursor.execute(
            f"INSERT INTO {TABLE} ({COLUMNS}) " + CHANGES.format(scope=scope.format(t="s.")),
            [Statement.Status.PUBLISHED, *params, since, since],
        )


def refresh(pairs: Iterable[tuple[int | None, int | None]], *, since: date | None = None):
    """Recompute the change rows of these (demand, party) pairs from day ``since`` on."""
    pairs = sorted({(demand, party) for demand, party in pairs if demand and party})
    if not pairs:
        return
    with transaction.atomic():
        # In id order, so that two writers of the same demands cannot deadlock here.
        list(
            Demand.objects.select_for_update(no_key=True)
            .filter(pk__in=sorted({demand for demand, _ in pairs}))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        rows = ", ".join(["(%s, %s)"] * len(pairs))
        scope = f"({{t}}demand_id, {{t}}party_id) IN (VALUES {rows})"
        _replace(scope, [value for pair in pairs for value in pair], since)


def rebuild(negotiation_ids: Sequence[int] | None = None) -> int:
    """Recompute every change row of these negotiations (None: of all); the new row count."""
    if negotiation_ids is None:
        with transaction.atomic():
            _replace("1 = 1", [])
        return PositionChange.objects.count()
    if not negotiation_ids:
        return 0
    marks = ", ".join(["%s"] * len(negotiation_ids))
    demands = f"SELECT id FROM {Demand._meta.db_table} WHERE negotiation_id IN ({marks})"
    with transaction.atomic():
        _replace(f"{{t}}demand_id IN ({demands})", list(negotiation_ids))
    return PositionChange.objects.filter(demand__negotiation_id__in=negotiation_ids).count()


def check(*, repair: bool = True) -> dict[str, int]:
    """Compare the stored rows with a recomputation; with ``repair``, rebuild on a difference.

    Returns how many rows are missing and how many are stale (zero and zero when in step).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            CHANGES.format(scope="1 = 1"), [Statement.Status.PUBLISHED, date.min, date.min]
        )
        wanted = set(map(tuple, cursor.fetchall()))
        cursor.execute(f"SELECT {COLUMNS} FROM {TABLE}")
        stored = set(map(tuple, cursor.fetchall()))
    found = {"missing": len(wanted - stored), "stale": len(stored - wanted)}
    if repair and (found["missing"] or found["stale"]):
        rebuild()
    return found


# --- Signals ---------------------------------------------------------------------------------
# Each write recomputes only from the day it touches, and a draft's stances not at all.


PUBLISHED = Statement.Status.PUBLISHED


def _stance_before_save(sender, instance: Stance, raw: bool = False, **kwargs) -> None:
    if not raw and instance.pk is not None and not hasattr(instance, "_loaded_key"):
        instance._loaded_key = (
            Stance.objects.filter(pk=instance.pk)
            .values_list("demand_id", "party_id", "statement_id")
            .first()
        )


def _dating(statement_id: int) -> tuple[date, str] | None:
    """(said_on, status) of a statement as stored, None if it is gone."""
    return Statement.objects.filter(pk=statement_id).values_list("said_on", "status").first()


def _stance_written(sender, instance: Stance, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: related rows may not exist yet; rebuild after loading
        return
    key = (instance.demand_id, instance.party_id, instance.statement_id)
    loaded = getattr(instance, "_loaded_key", None) or key
    instance._loaded_key = key
    pairs = [key[:2], loaded[:2]]
    if loaded[2] != key[2]:  # moved to another statement: maybe another day or status
        refresh(pairs)
        return
    # As stored: a statement in memory may carry an edited date that is not saved yet.
    cached = instance.statement if Stance.statement.is_cached(instance) else None
    dating = getattr(cached, "_loaded_dating", None) or _dating(instance.statement_id)
    if dating is None:
        refresh(pairs)
    elif dating[1] == PUBLISHED:  # a draft's stances count neither before nor after
        refresh(pairs, since=dating[0])


def _statement_before_save(sender, instance: Statement, raw: bool = False, **kwargs) -> None:
    if not raw and instance.pk is not None and not hasattr(instance, "_loaded_dating"):
        instance._loaded_dating = _dating(instance.pk)


def _statement_saved(sender, instance: Statement, created: bool, raw: bool = False, **kwargs):
    dating = (instance.said_on, instance.status)
    loaded = getattr(instance, "_loaded_dating", None)
    instance._loaded_dating = dating
    if raw or created or loaded == dating:
        return  # a new statement has no stances yet; a text edit moves nothing
    if loaded is not None and PUBLISHED not in (loaded[1], dating[1]):
        return  # a draft stays a draft (or retracted): its stances never counted
    since = None if loaded is None else min(loaded[0], dating[0])
    pairs = Stance.objects.filter(statement_id=instance.pk).values_list("demand_id", "party_id")
    refresh(pairs, since=since)


def connect_signals() -> None:
    uid = "position-changes"
    pre_save.connect(_stance_before_save, sender=Stance, dispatch_uid=f"{uid}-stance-pre")
    post_save.connect(_stance_written, sender=Stance, dispatch_uid=f"{uid}-stance")
    post_delete.connect(_stance_written, sender=Stance, dispatch_uid=f"{uid}-stance-delete")
    pre_save.connect(_statement_before_save, sender=Statement, dispatch_uid=f"{uid}-stmt-pre")
    post_save.connect(_statement_saved, sender=Statement, dispatch_uid=f"{uid}-statement")
