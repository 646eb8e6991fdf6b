"""Statement and stance representations built from ``.values()`` rows.

The hot lists skip model instances and per-field serializer calls: one query for a page of
statements, one for their stances, then plain dicts. The shapes are the ones described by
``StatementListSerializer`` and ``StanceSerializer`` (the schema tests hold them together).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from negotiations.api.compiled import compiled_rows
from negotiations.api.links import Links
from negotiations.models import Position, Stance

POSITION_LABELS = {choice.value: choice.label for choice in Position}

STATEMENT_COLUMNS = (
    "id",
    "said_on",
    "said_on_precision",
    "kind",
    "text",
    "language",
    "translation",
    "source_id",
    "status",
    "retraction_reason",
    "created_at",
    "updated_at",
)
STATEMENT_RELATED = {
    "negotiation_slug": F("negotiation__slug"),
    "speaker_slug": F("speaker__slug"),
    "party_slug": F("party__slug"),
}
EMBEDDED_STANCE_COLUMNS = ("id", "statement_id", "position", "conditions")
EMBEDDED_STANCE_RELATED = {
    "demand_slug": F("demand__slug"),
    "party_slug": F("party__slug"),
    "negotiation_slug": F("demand__negotiation__slug"),
}
STANCE_COLUMNS = ("id", "statement_id", "position", "conditions", "created_at", "updated_at")
STANCE_RELATED = {
    **EMBEDDED_STANCE_RELATED,
    "said_on": F("statement__said_on"),
    "statement_status": F("statement__status"),
}


def statement_values(queryset: QuerySet) -> QuerySet:
    return queryset.values(*STATEMENT_COLUMNS, **STATEMENT_RELATED)


def stance_values(queryset: QuerySet) -> QuerySet:
    return queryset.values(*STANCE_COLUMNS, **STANCE_RELATED)


def _statement_in(ids: list[int]):
    """``statement_id IN (...)``; on PostgreSQL one array parameter (``= ANY(%s)``) instead
    of a hundred, which psycopg and Django's compiler handle one by one (~0.5 ms a page)."""
    if connection.vendor != "postgresql":
        return Q(statement_id__in=ids)
    column = f'"{Stance._meta.db_table}"."statement_id"'
    # The ids are bound as one parameter; only the table name (ours) is formatted in.
    return RawSQL(f"{column} = ANY(%s)", (ids,), output_field=BooleanField())  # noqa: S611


def embedded_stances(statement_ids: Iterable[int], links: Links) -> dict[int, list[dict]]:
    """The stances of these statements, grouped by statement (one query)."""
    by_statement: dict[int, list[dict]] = defaultdict(list)
    ids = list(statement_ids)
    if not ids:
        return by_statement

    def build(values):
        return (
            Stance.objects.filter(_statement_in(values[0]))
            .order_by("statement_id", "id")
            .values(*EMBEDDED_STANCE_COLUMNS, **EMBEDDED_STANCE_RELATED)
        )

    rows = None
    if connection.vendor == "postgresql":  # one array parameter: one SQL text for any page
        rows = compiled_rows("embedded-stances", build, [ids], [[-8_675_309]])
    if rows is None:
        rows = build([ids])
    to = links.to
    for row in rows:
        by_statement[row["statement_id"]].append(
            {
                "id": row["id"],
                "url": to("stances", row["id"]),
                "demand": row["demand_slug"],
                "demand_url": to("demands", row["negotiation_slug"], row["demand_slug"]),
                "party": row["party_slug"],
                "party_url": to("parties", row["party_slug"]),
                "position": row["position"],
                "position_label": POSITION_LABELS[row["position"]],
                "conditions": row["conditions"],
            }
        )
    return by_statement


def statement_rows(rows: list[dict], links: Links) -> list[dict]:
    stances = embedded_stances((row["id"] for row in rows), links)
    to = links.to
    return [
        {
            "id": row["id"],
            "url": to("statements", row["id"]),
            "negotiation": row["negotiation_slug"],
            "negotiation_url": to("negotiations", row["negotiation_slug"]),
            "said_on": row["said_on"],
            "said_on_precision": row["said_on_precision"],
            "speaker": row["speaker_slug"],
            "speaker_url": to("people", row["speaker_slug"]),
            "party": row["party_slug"],
            "party_url": to("parties", row["party_slug"]),
            "kind": row["kind"],
            "text": row["text"],
            "language": row["language"],
            "translation": row["translation"],
            "source": row["source_id"],
            "source_url": to("sources", row["source_id"]),
            "status": row["status"],
            "retraction_reason": row["retraction_reason"],
            "stances": stances.get(row["id"], []),
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]


def stance_rows(rows: list[dict], links: Links) -> list[dict]:
    to = links.to
    return [
        {
            "id": row["id"],
            "url": to("stances", row["id"]),
            "statement": row["statement_id"],
            "statement_url": to("statements", row["statement_id"]),
            "negotiation": row["negotiation_slug"],
            "negotiation_url": to("negotiations", row["negotiation_slug"]),
            "said_on": row["said_on"],
            "demand": row["demand_slug"],
            "demand_url": to("demands", row["negotiation_slug"], row["demand_slug"]),
            "party": row["party_slug"],
            "party_url": to("parties", row["party_slug"]),
            "position": row["position"],
            "position_label": POSITION_LABELS[row["position"]],
            "conditions": row["conditions"],
            "statement_status": row["statement_status"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]
