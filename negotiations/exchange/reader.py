"""Check a whole exchange document before anything is written, naming the JSON path of errors.

The result is plain data (dicts with dates as `datetime.date`, empty optional text as "") in
the shape of the file, so the importer only has to match and write. References (`party`,
`speaker`, a stance's `demand`, ...) are checked against the file; a party or person slug the
file does not define may still name a row already in the database (the importer checks it).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from negotiations.exchange.checks import (
    COLOR,
    COUNTRY,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_REPORTED_ERRORS,
    SLUG,
    Checker,
    ExchangeError,
    References,
)
from negotiations.models import POSITION_MAX, POSITION_MIN, Participant, Round, Source, Statement
from parties.models import Party

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "ExchangeError", "read_document"]

_url_validator = URLValidator()

PARTY_FIELDS = {
    "slug",
    "name",
    "short_name",
    "classification",
    "country_code",
    "color",
    "wikidata_id",
    "parent",
}
PERSON_FIELDS = {"slug", "name", "other_names", "wikidata_id"}
MEMBERSHIP_FIELDS = {"person", "party", "role", "start_date", "end_date"}
NEGOTIATION_FIELDS = {
    "slug",
    "title",
    "description",
    "start_date",
    "end_date",
    "convergence_threshold",
    "participants",
    "rounds",
    "demands",
    "statements",
}
DEMAND_FIELDS = {
    "slug",
    "title",
    "description",
    "demanded_by",
    "addressed_to",
    "topic",
    "weight",
    "keywords",
}
STATEMENT_FIELDS = {
    "said_on",
    "said_on_precision",
    "speaker",
    "party",
    "kind",
    "text",
    "language",
    "translation",
    "status",
    "retraction_reason",
    "source",
    "stances",
}
SOURCE_FIELDS = {
    "url",
    "outlet",
    "title",
    "published_on",
    "language",
    "reliability",
    "archived_url",
}
STANCE_FIELDS = {"demand", "party", "position", "conditions"}


def read_document(document: Any) -> dict:
    """Check everything; return the plain data or raise ExchangeError with every problem."""
    check = Checker()
    root = check.mapping(
        document,
        "$",
        {"format", "version", "parties", "people", "memberships", "negotiations"},
    )
    if root is None:
        raise ExchangeError(check.errors)
    if root.get("format") != FORMAT_NAME:
        check.error("format", f'must be "{FORMAT_NAME}"')
    if root.get("version") != FORMAT_VERSION:
        check.error("version", f"must be {FORMAT_VERSION} (this importer reads version 1)")

    result: dict = {"parties": [], "people": [], "memberships": [], "negotiations": []}
    party_slugs: dict[str, str] = {}
    for index, raw in enumerate(check.items(root, "parties", "$")):
        path = f"parties[{index}]"
        item = check.mapping(raw, path, PARTY_FIELDS)
        if item is None:
            continue
        party = _read_party(check, item, path)
        if party["slug"] in party_slugs:
            check.error(f"{path}.slug", f"repeats the slug of {party_slugs[party['slug']]}")
        party_slugs[party["slug"]] = path
        result["parties"].append(party)
    person_slugs: dict[str, str] = {}
    for index, raw in enumerate(check.items(root, "people", "$")):
        path = f"people[{index}]"
        item = check.mapping(raw, path, PERSON_FIELDS)
        if item is None:
            continue
        person = {
            "slug": check.text(
                item,
                "slug",
                path,
                required=True,
                max_length=100,
                pattern=SLUG,
                pattern_help="must be a slug (letters, digits, - and _)",
            ),
            "name": check.text(item, "name", path, required=True, max_length=200),
            "other_names": _read_names(check, item, path),
            "wikidata_id": check.text(item, "wikidata_id", path, max_length=20),
        }
        if person["slug"] in person_slugs:
            check.error(f"{path}.slug", f"repeats the slug of {person_slugs[person['slug']]}")
        person_slugs[person["slug"]] = path
        result["people"].append(person)

    refs = References(check, party_slugs, person_slugs)
    for index, raw in enumerate(check.items(root, "memberships", "$")):
        path = f"memberships[{index}]"
        item = check.mapping(raw, path, MEMBERSHIP_FIELDS)
        if item is None:
            continue
        membership = {
            "person": refs.person(item, "person", path, required=True),
            "party": refs.party(item, "party", path, required=True),
            "role": check.text(item, "role", path, max_length=200),
            "start_date": check.day(item, "start_date", path),
            "end_date": check.day(item, "end_date", path),
        }
        _check_period(check, membership, path)
        result["memberships"].append(membership)

    negotiation_slugs: dict[str, str] = {}
    sources: dict[str, tuple[str, dict]] = {}
    for index, raw in enumerate(check.items(root, "negotiations", "$")):
        path = f"negotiations[{index}]"
        item = check.mapping(raw, path, NEGOTIATION_FIELDS)
        if item is None:
            continue
        negotiation = _read_negotiation(check, refs, item, path, sources)
        if negotiation["slug"] in negotiation_slugs:
            check.error(
                f"{path}.slug", f"repeats the slug of {negotiation_slugs[negotiation['slug']]}"
            )
        negotiation_slugs[negotiation["slug"]] = path
        result["negotiations"].append(negotiation)

    # A parent may be defined after its child, or be a party already in the database.
    for party in result["parties"]:
        if party["parent"] and party["parent"] not in party_slugs:
            refs.external_parties.setdefault(party["parent"], f"{party['path']}.parent")
    result["sources"] = {url: source for url, (_, source) in sources.items()}
    result["external_parties"] = refs.external_parties
    result["external_people"] = refs.external_people
    if check.errors:
        raise ExchangeError(_trim(check.errors))
    return result


def _trim(errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    more = len(errors) - MAX_REPORTED_ERRORS
    return [*errors[:MAX_REPORTED_ERRORS], ("", f"... and {more} more errors")]


def _read_party(check: Checker, item: dict, path: str) -> dict:
    parent = item.get("parent")
    if parent is not None and (not isinstance(parent, str) or not SLUG.match(parent)):
        check.error(f"{path}.parent", f"must be a party slug or null (got {parent!r})")
        parent = None
    return {
        "slug": check.text(
            item,
            "slug",
            path,
            required=True,
            max_length=100,
            pattern=SLUG,
            pattern_help="must be a slug (letters, digits, - and _)",
        ),
        "name": check.text(item, "name", path, required=True, max_length=200),
        "short_name": check.text(item, "short_name", path, max_length=20),
        "classification": check.choice(
            item, "classification", path, Party.Classification, Party.Classification.STATE
        ),
        "country_code": check.text(
            item,
            "country_code",
            path,
            pattern=COUNTRY,
            pattern_help="must be an ISO 3166-1 alpha-2 code in capitals, such as UA",
        ),
        "color": check.text(
            item, "color", path, pattern=COLOR, pattern_help="must be a hex colour like #0072B2"
        )
        or "#666666",
        "wikidata_id": check.text(item, "wikidata_id", path, max_length=20),
        "parent": parent,
        "path": path,
    }


def _read_names(check: Checker, item: dict, path: str) -> list[str]:
    names = item.get("other_names")
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        check.error(f"{path}.other_names", "must be a list of strings")
        return []
    return names


def _check_period(check: Checker, item: dict, path: str) -> None:
    start, end = item.get("start_date"), item.get("end_date")
    if start and end and end < start:
        check.error(f"{path}.end_date", "is before start_date")


def _read_negotiation(
    check: Checker, refs: References, item: dict, path: str, sources: dict
) -> dict:
    negotiation = {
        "slug": check.text(
            item,
            "slug",
            path,
            required=True,
            max_length=100,
            pattern=SLUG,
            pattern_help="must be a slug (letters, digits, - and _)",
        ),
        "title": check.text(item, "title", path, required=True, max_length=300),
        "description": check.text(item, "description", path),
        "start_date": check.day(item, "start_date", path),
        "end_date": check.day(item, "end_date", path),
        "convergence_threshold": check.integer(
            item, "convergence_threshold", path, default=1, low=0, high=4
        ),
        "participants": [],
        "rounds": [],
        "demands": [],
        "statements": [],
    }
    _check_period(check, negotiation, path)

    seen_parties: dict[str, str] = {}
    for index, raw in enumerate(check.items(item, "participants", path)):
        where = f"{path}.participants[{index}]"
        participant = check.mapping(raw, where, {"party", "role"})
        if participant is None:
            continue
        party = refs.party(participant, "party", where, required=True)
        if party in seen_parties:
            check.error(f"{where}.party", f"already takes part at {seen_parties[party]}")
        seen_parties[party] = where
        role = check.choice(
            participant, "role", where, Participant.Role, Participant.Role.PRINCIPAL
        )
        negotiation["participants"].append({"party": party, "role": role})

    for index, raw in enumerate(check.items(item, "rounds", path)):
        where = f"{path}.rounds[{index}]"
        round_ = check.mapping(raw, where, {"date", "title", "location", "format"})
        if round_ is None:
            continue
        negotiation["rounds"].append(
            {
                "date": check.day(round_, "date", where, required=True),
                "title": check.text(round_, "title", where, required=True, max_length=200),
                "location": check.text(round_, "location", where, max_length=200),
                "format": check.choice(
                    round_, "format", where, Round.Format, Round.Format.IN_PERSON
                ),
            }
        )

    demand_slugs: dict[str, str] = {}
    for index, raw in enumerate(check.items(item, "demands", path)):
        where = f"{path}.demands[{index}]"
        demand = check.mapping(raw, where, DEMAND_FIELDS)
        if demand is None:
            continue
        weight = demand.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            check.error(f"{where}.weight", f"must be a number greater than 0 (got {weight!r})")
            weight = 1
        slug = check.text(
            demand,
            "slug",
            where,
            required=True,
            max_length=100,
            pattern=SLUG,
            pattern_help="must be a slug (letters, digits, - and _)",
        )
        if slug in demand_slugs:
            check.error(f"{where}.slug", f"repeats the slug of {demand_slugs[slug]}")
        demand_slugs[slug] = where
        negotiation["demands"].append(
            {
                "slug": slug,
                "title": check.text(demand, "title", where, required=True, max_length=300),
                "description": check.text(demand, "description", where),
                "demanded_by": refs.party(demand, "demanded_by", where, required=True),
                "addressed_to": refs.party(demand, "addressed_to", where),
                "topic": check.text(demand, "topic", where, max_length=100),
                "weight": float(weight),
                "keywords": check.text(demand, "keywords", where),
            }
        )

    keys: dict[tuple, str] = {}
    for index, raw in enumerate(check.items(item, "statements", path)):
        where = f"{path}.statements[{index}]"
        statement = check.mapping(raw, where, STATEMENT_FIELDS)
        if statement is None:
            continue
        read = _read_statement(check, refs, statement, where, demand_slugs, sources)
        key = (read["said_on"], read["party"], read["speaker"], read["source_url"], read["text"])
        if key in keys:
            check.error(where, f"repeats the statement at {keys[key]} (same date, party, "
                        "speaker, source and text)")  # fmt: skip
        keys[key] = where
        negotiation["statements"].append(read)
    return negotiation


def _read_statement(
    check: Checker,
    refs: References,
    item: dict,
    path: str,
    demand_slugs: dict[str, str],
    sources: dict[str, tuple[str, dict]],
) -> dict:
    said_on = check.day(item, "said_on", path, required=True)
    precision = check.choice(
        item, "said_on_precision", path, Statement.Precision, Statement.Precision.DAY
    )
    if said_on is not None:
        if said_on > check.today:
            check.error(f"{path}.said_on", "is in the future")
        if precision == Statement.Precision.MONTH and said_on.day != 1:
            check.error(f"{path}.said_on", "must be the 1st of the month with precision month")
        if precision == Statement.Precision.YEAR and (said_on.month, said_on.day) != (1, 1):
            check.error(f"{path}.said_on", "must be 1 January with precision year")
    kind = check.choice(item, "kind", path, Statement.Kind, Statement.Kind.QUOTE)
    party = refs.party(item, "party", path, required=True)
    translation = item.get("translation")
    if translation is not None and not isinstance(translation, str):
        check.error(f"{path}.translation", "must be a string or null")
        translation = None
    source = _read_source(check, item.get("source"), f"{path}.source", sources)
    if kind == Statement.Kind.QUOTE and source is None:
        check.error(f"{path}.source", "is required for a quote")
    statement = {
        "said_on": said_on,
        "said_on_precision": precision,
        "speaker": refs.person(item, "speaker", path),
        "party": party,
        "kind": kind,
        "text": check.text(item, "text", path, required=True),
        "language": check.text(item, "language", path, max_length=10),
        "translation": translation or "",
        "status": check.choice(item, "status", path, Statement.Status, Statement.Status.DRAFT),
        "retraction_reason": check.text(item, "retraction_reason", path),
        "source_url": source["url"] if source else None,
        "stances": [],
    }
    seen: dict[tuple, str] = {}
    for index, raw in enumerate(check.items(item, "stances", path)):
        where = f"{path}.stances[{index}]"
        stance = check.mapping(raw, where, STANCE_FIELDS)
        if stance is None:
            continue
        demand = stance.get("demand")
        if not isinstance(demand, str) or demand not in demand_slugs:
            check.error(
                f"{where}.demand",
                f"must be the slug of a demand of this negotiation (got {demand!r})",
            )
        stance_party = refs.party(stance, "party", where) or party
        key = (demand, stance_party)
        if key in seen:
            check.error(f"{where}.demand", f"repeats the stance of this party at {seen[key]}")
        seen[key] = where
        statement["stances"].append(
            {
                "demand": demand,
                "party": stance_party,
                "position": check.integer(
                    stance, "position", where, default=None, low=POSITION_MIN, high=POSITION_MAX
                ),
                "conditions": check.text(stance, "conditions", where),
            }
        )
    return statement


def _read_source(check: Checker, raw, path: str, sources: dict) -> dict | None:
    if raw is None:
        return None
    item = check.mapping(raw, path, SOURCE_FIELDS)
    if item is None:
        return None
    url = check.text(item, "url", path, required=True, max_length=2000)
    if url:
        try:
            _url_validator(url)
        except ValidationError:
            check.error(f"{path}.url", f"must be an http(s) URL (got {url!r})")
    archived = check.text(item, "archived_url", path, max_length=2000)
    source = {
        "url": url,
        "outlet": check.text(item, "outlet", path, max_length=200),
        "title": check.text(item, "title", path, max_length=500),
        "published_on": check.day(item, "published_on", path),
        "language": check.text(item, "language", path, max_length=10),
        "reliability": check.choice(
            item, "reliability", path, Source.Reliability, Source.Reliability.F
        ),
        "archived_url": archived,
    }
    if not url:
        return None
    first = sources.get(url)
    if first is None:
        sources[url] = (path, source)
    elif first[1] != source:
        check.error(path, f"describes the source {url} differently from {first[0]}")
    return source
