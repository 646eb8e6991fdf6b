"""Write the exchange format, deterministically, so that a round trip gives identical files.

Order: parties and people by slug; memberships by person slug then creation; negotiations by
slug; participants, demands and stances in creation order (the order an editor entered them,
which an import into an empty database reproduces); rounds by date; statements by date then
creation. Besides the fields of FORMAT.md, the export carries a demand's `keywords`, a source's
`archived_url` and a statement's `retraction_reason` when they are set, so that a backup loses
nothing the importer can restore.
"""

import contextlib
import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from django.db.models import Prefetch

from negotiations.exchange.reader import FORMAT_NAME, FORMAT_VERSION
from negotiations.models import Demand, Negotiation, Participant, Round, Stance, Statement
from parties.models import Membership, Party, Person


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _weight(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def export_document(*, negotiation_slugs: list[str] | None = None) -> dict:
    """The whole database, or only the given negotiations with the actors they involve."""
    negotiations = Negotiation.objects.order_by("slug").prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("party").order_by("id"),
        ),
        Prefetch("rounds", queryset=Round.objects.order_by("date", "title", "id")),
        Prefetch(
            "demands",
            queryset=Demand.objects.select_related("demanded_by", "addressed_to").order_by("id"),
        ),
    )
    if negotiation_slugs is not None:
        negotiations = negotiations.filter(slug__in=negotiation_slugs)
    exported = [_negotiation(n) for n in negotiations]

    parties = Party.objects.select_related("parent").order_by("slug")
    people = Person.objects.order_by("slug")
    memberships = Membership.objects.select_related("person", "party").order_by(
        "person__slug", "id"
    )
    if negotiation_slugs is not None:
        party_slugs, person_slugs = _actors_of(exported)
        people = people.filter(slug__in=person_slugs)
        memberships = memberships.filter(person__slug__in=person_slugs)
        party_slugs |= {m.party.slug for m in memberships}
        parties = _with_ancestors(party_slugs)

    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "parties": [_party(p) for p in parties],
        "people": [
            {
                "slug": p.slug,
                "name": p.name,
                "other_names": list(p.other_names),
                "wikidata_id": p.wikidata_id or None,
            }
            for p in people
        ],
        "memberships": [
            {
                "person": m.person.slug,
                "party": m.party.slug,
                "role": m.role,
                "start_date": _day(m.start_date),
                "end_date": _day(m.end_date),
            }
            for m in memberships
        ],
        "negotiations": exported,
    }


def _party(party: Party) -> dict:
    return {
        "slug": party.slug,
        "name": party.name,
        "short_name": party.short_name,
        "classification": party.classification,
        "country_code": party.country_code or None,
        "color": party.color,
        "wikidata_id": party.wikidata_id or None,
        "parent": party.parent.slug if party.parent else None,
    }


def _with_ancestors(slugs: set[str]):
    wanted = set(slugs)
    while True:
        parents = set(
            Party.objects.filter(slug__in=wanted, parent__isnull=False).values_list(
                "parent__slug", flat=True
            )
        )
        if parents <= wanted:
            break
        wanted |= parents
    return Party.objects.select_related("parent").filter(slug__in=wanted).order_by("slug")


def _actors_of(negotiations: list[dict]) -> tuple[set[str], set[str]]:
    parties: set[str] = set()
    people: set[str] = set()
    for negotiation in negotiations:
        parties |= {p["party"] for p in negotiation["participants"]}
        for demand in negotiation["demands"]:
            parties |= {demand["demanded_by"], demand["addressed_to"]} - {None}
        for statement in negotiation["statements"]:
            parties.add(statement["party"])
            if statement["speaker"]:
                people.add(statement["speaker"])
            parties |= {stance["party"] for stance in statement["stances"]}
    return parties, people


def _negotiation(negotiation: Negotiation) -> dict:
    return {
        "slug": negotiation.slug,
        "title": negotiation.title,
        "description": negotiation.description,
        "start_date": _day(negotiation.start_date),
        "end_date": _day(negotiation.end_date),
        "convergence_threshold": negotiation.convergence_threshold,
        "participants": [
            {"party": p.party.slug, "role": p.role} for p in negotiation.participants.all()
        ],
        "rounds": [
            {
                "date": _day(r.date),
                "title": r.title,
                "location": r.location,
                "format": r.format,
            }
            for r in negotiation.rounds.all()
        ],
        "demands": [_demand(d) for d in negotiation.demands.all()],
        "statements": _statements(negotiation),
    }


def _statements(negotiation: Negotiation) -> list[dict]:
    """The negotiation's statements with their stances, in two queries.

    Not a prefetch: that sends every statement id as a parameter, and a negotiation of
    500k statements exceeds PostgreSQL's 65,535 parameters a query. The stances are read by
    a join on the negotiation and grouped here; both queries stream (``iterator``).
    """
    stances: dict[int, list[Stance]] = defaultdict(list)
    for stance in (
        Stance.objects.filter(statement__negotiation=negotiation)
        .select_related("demand", "party")
        .order_by("id")
        .iterator(chunk_size=5000)
    ):
        stances[stance.statement_id].append(stance)
    return [
        _statement(statement, stances.pop(statement.pk, []))
        for statement in Statement.objects.filter(negotiation=negotiation)
        .select_related("speaker", "party", "source")
        .order_by("said_on", "id")
        .iterator(chunk_size=5000)
    ]


def _demand(demand: Demand) -> dict:
    exported = {
        "slug": demand.slug,
        "title": demand.title,
        "description": demand.description,
        "demanded_by": demand.demanded_by.slug,
        "addressed_to": demand.addressed_to.slug if demand.addressed_to else None,
        "topic": demand.topic,
        "weight": _weight(demand.weight),
    }
    if demand.keywords:
        exported["keywords"] = demand.keywords
    return exported


def _statement(statement: Statement, stances: list[Stance]) -> dict:
    exported = {
        "said_on": _day(statement.said_on),
        "said_on_precision": statement.said_on_precision,
        "speaker": statement.speaker.slug if statement.speaker else None,
        "party": statement.party.slug,
        "kind": statement.kind,
        "text": statement.text,
        "language": statement.language,
        "translation": statement.translation or None,
        "status": statement.status,
    }
    if statement.retraction_reason:
        exported["retraction_reason"] = statement.retraction_reason
    source = statement.source
    if source is None:
        exported["source"] = None
    else:
        exported["source"] = {
            "url": source.url,
            "outlet": source.outlet,
            "title": source.title,
            "published_on": _day(source.published_on),
            "language": source.language,
            "reliability": source.reliability,
        }
        if source.archived_url:
            exported["source"]["archived_url"] = source.archived_url
    exported["stances"] = [
        {
            "demand": stance.demand.slug,
            "party": stance.party.slug,
            "position": stance.position,
            "conditions": stance.conditions,
        }
        for stance in stances
    ]
    return exported


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_document(document: dict, path: str | Path) -> None:
    """Write atomically: a temporary file in the same folder, fsync, then os.replace.

    A full disk or a permission error raises OSError and leaves any earlier file untouched
    and no partial file behind.
    """
    target = Path(path)
    data = dumps(document).encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    # Make the rename itself durable.
    try:
        directory = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)
