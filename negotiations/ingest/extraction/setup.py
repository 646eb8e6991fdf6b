"""The editor's configuration an article is read against, as plain data.

Built from an exchange-format document (parties, people, memberships, one negotiation with
its demands): the extractor never touches the database, so the same code serves the task,
the management command and the evaluation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .countries import CLASSIFICATION_NOUNS, COUNTRY_ALIASES
from .text import fold

GENERIC_NAME_WORDS = {
    "the",
    "of",
    "and",
    "for",
    "government",
    "people's",
    "peoples",
    "liberation",
    "front",
    "forces",
    "force",
    "army",
    "national",
    "democratic",
    "republic",
    "movement",
    "union",
    "african",
    "european",
    "islamic",
    "united",
    "support",
    "rapid",
    "alliance",
    "party",
    "council",
    "revolutionary",
    "popular",
    "federal",
    "state",
    "states",
}
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "de", "da", "del", "van", "von", "la", "le"}
ROLE_SYNONYMS = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "press": "spokesperson",
    "secretary": "secretary",
    "foreign": "foreign",
    "defence": "defence",
    "defense": "defence",
    "negotiator": "negotiator",
    "delegation": "negotiator",
    "president": "president",
    "presidential": "president",
    "premier": "prime",
    "prime": "prime",
    "minister": "minister",
    "ministry": "minister",
    "adviser": "adviser",
    "advisor": "adviser",
    "aide": "adviser",
    "assistant": "adviser",
    "commander": "commander",
    "chief": "commander",
    "head": "head",
    "leader": "leader",
    "chairman": "leader",
    "envoy": "envoy",
    "representative": "envoy",
    "coordinator": "envoy",
    "mediator": "envoy",
    "ambassador": "ambassador",
    "deputy": "deputy",
    "general": "commander",
}


def name_key(token: str) -> str:
    """Spelling-insensitive key of one name token: Zelenskyy, Zelenskiy, Zelenski agree."""
    key = re.sub(r"[^a-z]", "", fold(token))
    key = key.replace("y", "i").replace("j", "i")
    key = re.sub(r"(.)\1+", r"\1", key)
    return key


def role_keys(role: str) -> set[str]:
    keys = {ROLE_SYNONYMS[w] for w in re.findall(r"[a-z]+", fold(role)) if w in ROLE_SYNONYMS}
    if "head" in keys and "negotiator" in keys:
        keys.add("commander")
    return keys


@dataclass
class Party:
    slug: str
    name: str
    classification: str
    country_code: str | None
    role: str | None  # participant role in the negotiation, None when not a participant
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class Membership:
    party: str
    role: str
    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Person:
    slug: str
    name: str
    variants: list[str]
    memberships: list[Membership] = field(default_factory=list)

    @property
    def full_keys(self) -> set[tuple[str, ...]]:
        return {tuple(name_key(t) for t in _name_tokens(v)) for v in self.variants}

    @property
    def surname_keys(self) -> set[str]:
        keys = set()
        for v in self.variants:
            toks = _name_tokens(v)
            if len(toks) >= 2 or len(self.variants) > 1:
                keys.add(name_key(toks[-1]))
                stripped = re.sub(r"^(al|el)-", "", toks[-1], flags=re.IGNORECASE)
                keys.add(name_key(stripped))
        return {k for k in keys if len(k) >= 3}

    @property
    def given_keys(self) -> set[str]:
        return {name_key(_name_tokens(v)[0]) for v in self.variants if len(_name_tokens(v)) >= 2}


def _name_tokens(name: str) -> list[str]:
    toks = re.findall(r"[^\s]+", name)
    return [t for t in toks if fold(t).strip(".") not in {"prince", "sheikh", "gen", "dr", "mr"}]


@dataclass
class Demand:
    slug: str
    title: str
    description: str
    keywords: list[str]
    demanded_by: str | None
    addressed_to: str | None


@dataclass
class Setup:
    parties: dict[str, Party]
    people: dict[str, Person]
    demands: list[Demand]
    negotiation: str | None = None

    @classmethod
    def from_exchange(cls, data: dict[str, Any], negotiation: str | None = None) -> Setup:
        negs = data.get("negotiations") or [{}]
        neg = next((n for n in negs if n.get("slug") == negotiation), negs[0])
        roles = {p["party"]: p["role"] for p in neg.get("participants", [])}
        parties = {
            p["slug"]: Party(
                slug=p["slug"],
                name=p["name"],
                classification=p.get("classification") or "other",
                country_code=p.get("country_code"),
                role=roles.get(p["slug"]),
                short_name=p.get("short_name") or "",
            )
            for p in data.get("parties", [])
        }
        people = {
            p["slug"]: Person(p["slug"], p["name"], [p["name"], *(p.get("other_names") or [])])
            for p in data.get("people", [])
        }
        for m in data.get("memberships", []):
            if m["person"] in people:
                people[m["person"]].memberships.append(
                    Membership(
                        m["party"],
                        m.get("role") or "",
                        _date(m.get("start_date")),
                        _date(m.get("end_date")),
                    )
                )
        demands = [
            Demand(
                slug=d["slug"],
                title=d.get("title", ""),
                description=d.get("description") or "",
                keywords=_keywords(d.get("keywords")),
                demanded_by=d.get("demanded_by"),
                addressed_to=d.get("addressed_to"),
            )
            for d in neg.get("demands", [])
        ]
        setup = cls(parties=parties, people=people, demands=demands, negotiation=neg.get("slug"))
        setup._build_aliases()
        return setup

    def _build_aliases(self) -> None:
        principals = [p for p in self.parties.values() if p.role == "principal"]
        for party in self.parties.values():
            names = [n.strip() for n in party.name.split("/")]
            aliases = set(names)
            for n in names:
                aliases.add(re.sub(r"^(the |government of |republic of )", "", n, flags=re.I))
                caps = [w for w in re.findall(r"[A-Za-z][\w']*", n) if w[0].isupper()]
                if len(caps) >= 2 and not party.country_code:
                    aliases.add("".join(w[0] for w in caps).upper())
                first = caps[0] if caps else ""
                # a region-based group is named by its demonym: Tigray -> "Tigrayan"
                if (
                    not party.country_code
                    and first
                    and fold(first) not in GENERIC_NAME_WORDS
                    and not re.search(r"(ese|an|i)$", first)
                ):
                    aliases.add(first + ("n" if first.endswith("a") else "an"))
                if re.search(r"\barmed forces\b", n, re.I) or re.fullmatch(r"(\w+ )?army", n, re.I):
                    aliases.update({"army", "military", "armed forces"})
            # two-letter codes of states ("RU") are not how articles name them
            if party.short_name and (len(party.short_name) > 2 or not party.country_code):
                aliases.add(party.short_name)
            if party.country_code:
                aliases.update(COUNTRY_ALIASES.get(party.country_code, ()))
            same_kind = [
                p for p in principals if _kind(p.classification) == _kind(party.classification)
            ]
            if party.role == "principal" and len(same_kind) == 1:
                aliases.update(CLASSIFICATION_NOUNS.get(party.classification, ()))
            party.aliases = sorted((a for a in aliases if len(a) >= 2), key=len, reverse=True)

    def party_of(self, person: str, on: dt.date | None) -> str | None:
        p = self.people.get(person)
        if not p or not p.memberships:
            return None
        current = [m for m in p.memberships if m.covers(on)] or p.memberships
        current.sort(
            key=lambda m: (
                self.parties.get(m.party, Party("", "", "", None, None)).role != "principal"
            )
        )
        return current[0].party

    def roles_of(self, person: str) -> list[tuple[str, set[str]]]:
        p = self.people.get(person)
        return [(m.party, role_keys(m.role)) for m in (p.memberships if p else [])]


def _kind(classification: str) -> str:
    return (
        "armed"
        if classification == "armed_group"
        else "gov"
        if classification in {"state", "government"}
        else classification
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _keywords(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [k.strip() for k in value if k and k.strip()]
