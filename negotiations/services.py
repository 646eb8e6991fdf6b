"""Writes that span several rows: the one place the rules of statements live.

The admin, the API, the importer and the ingest review queue all call these functions, so an
editor meets the same rules and the same messages whichever way a statement comes in.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from negotiations.alerts.outbox import outbox_record_recompute
from negotiations.models import Demand, Negotiation, Source, Stance, Statement
from negotiations.selectors import party_for_speaker
from parties.models import Party


@dataclass(frozen=True)
class StanceInput:
    demand: Demand
    position: int
    party: Party | None = None  # the statement's party when None
    conditions: str = ""


def validate_statement(statement: Statement) -> None:
    """Field checks plus the rules an editor must see as messages, before any write."""
    errors: dict[str, list[str]] = {}
    if statement.said_on and statement.said_on > timezone.localdate():
        errors.setdefault("said_on", []).append("The date is in the future.")
    if statement.kind == Statement.Kind.QUOTE and statement.source_id is None:
        errors.setdefault("source", []).append("A quote needs a source.")
    try:
        statement.full_clean(validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def validate_stances(*, statement: Statement, stances: Iterable[StanceInput]) -> None:
    """Each stance on a demand of the statement's negotiation, in range, and no duplicates."""
    errors: dict[str, list[str]] = {}
    seen: set[tuple[int, int]] = set()
    for index, stance in enumerate(stances):
        prefix = f"stances[{index}]"
        if stance.demand.negotiation_id != statement.negotiation_id:
            errors.setdefault(f"{prefix}.demand", []).append(
                f"“{stance.demand}” is a demand of another negotiation."
            )
        if stance.position not in range(-2, 3):
            errors.setdefault(f"{prefix}.position", []).append(
                "The position must be between -2 and 2."
            )
        key = (stance.demand.pk, (stance.party or statement.party).pk)
        if key in seen:
            errors.setdefault(f"{prefix}.demand", []).append(
                "This statement already has a stance of this party on this demand."
            )
        seen.add(key)
    if errors:
        raise ValidationError(errors)


def default_party(*, speaker, said_on: date | None) -> Party | None:
    """The party the speaker's membership gives on that date (editors may override it)."""
    if speaker is None or said_on is None:
        return None
    return party_for_speaker(person=speaker, on=said_on)


@transaction.atomic
def statement_create(
    *,
    negotiation: Negotiation,
    by=None,
    stances: Iterable[StanceInput] = (),
    **fields,
) -> Statement:
    """Create a statement (a draft unless `status` says otherwise) with its stances."""
    if fields.get("party") is None:
        fields["party"] = default_party(
            speaker=fields.get("speaker"), said_on=fields.get("said_on")
        )
        if fields["party"] is None:
            raise ValidationError({"party": "Choose the party this statement speaks for."})
    statement = Statement(negotiation=negotiation, created_by=by, **fields)
    stances = list(stances)
    validate_statement(statement)
    validate_stances(statement=statement, stances=stances)
    statement.save()
    _replace_stances(statement=statement, stances=stances)
    if statement.status == Statement.Status.PUBLISHED:
        _record_events_work(statement=statement, demand_ids=_stance_demand_ids(statement))
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    by=None,
    stances: Iterable[StanceInput] | None = None,
    **fields: object,
) -> Statement:
    """Change a statement's fields and, when given, replace its stances."""
    was_published = statement.pk is not None and (
        Statement.objects.filter(pk=statement.pk, status=Statement.Status.PUBLISHED).exists()
    )
    demands_before = _stance_demand_ids(statement) if was_published else set()
    for name, value in fields.items():
        setattr(statement, name, value)
    validate_statement(statement)
    if stances is not None:
        stances = list(stances)
        validate_stances(statement=statement, stances=stances)
    statement.save()
    if stances is not None:
        _replace_stances(statement=statement, stances=stances)
    if was_published or statement.status == Statement.Status.PUBLISHED:
        # Said-on date, party or stances may have moved: both old and new demands recompute.
        _record_events_work(
            statement=statement, demand_ids=demands_before | _stance_demand_ids(statement)
        )
    return statement


def _stance_demand_ids(statement: Statement) -> set[int]:
    return set(Stance.objects.filter(statement=statement).values_list("demand_id", flat=True))


def _record_events_work(*, statement: Statement, demand_ids: set[int]) -> None:
    """The convergence events of these demands need recomputing once this write commits."""
    outbox_record_recompute(negotiation_id=statement.negotiation_id, demand_ids=demand_ids)


def _replace_stances(*, statement: Statement, stances: list[StanceInput]) -> None:
    wanted: Mapping[tuple[int, int], StanceInput] = {
        (s.demand.pk, (s.party or statement.party).pk): s for s in stances
    }
    existing = {(s.demand_id, s.party_id): s for s in statement.stances.all()}
    for key, stance in existing.items():
        if key not in wanted:
            stance.delete()
    for (demand_id, party_id), given in wanted.items():
        stance = existing.get((demand_id, party_id))
        if stance is None:
            stance = Stance(statement=statement, demand=given.demand, party_id=party_id)
        elif stance.position == given.position and stance.conditions == given.conditions:
            continue
        stance.position = given.position
        stance.conditions = given.conditions
        stance.full_clean(validate_constraints=False)
        stance.save()


@transaction.atomic
def statement_publish(*, statement: Statement, by=None) -> Statement:
    if statement.status == Statement.Status.PUBLISHED:
        return statement
    statement.status = Statement.Status.PUBLISHED
    statement.retraction_reason = ""
    validate_statement(statement)
    statement.save(update_fields=["status", "retraction_reason", "updated_at"])
    _record_events_work(statement=statement, demand_ids=_stance_demand_ids(statement))
    return statement


@transaction.atomic
def statement_retract(*, statement: Statement, by=None, reason: str = "") -> Statement:
    """Statements are never deleted: a retraction keeps the row and its history."""
    if statement.status == Statement.Status.RETRACTED:
        return statement
    was_published = statement.status == Statement.Status.PUBLISHED
    statement.status = Statement.Status.RETRACTED
    statement.retraction_reason = reason
    statement.save(update_fields=["status", "retraction_reason", "updated_at"])
    if was_published:
        _record_events_work(statement=statement, demand_ids=_stance_demand_ids(statement))
    return statement


@transaction.atomic
def source_get_or_create(*, url: str, **fields: object) -> Source:
    """The source with this URL as it is, or a new one with these fields (sources are
    identified by their URL, as in the exchange format)."""
    existing = Source.objects.filter(url=url).first()
    if existing is not None:
        return existing
    source = Source(url=url, **fields)
    source.full_clean()
    source.save()
    return source
