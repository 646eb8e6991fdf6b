"""Who is named in a sentence, and who said it: people, roles, pronouns and parties."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .setup import Setup, name_key, role_keys
from .text import fold
from .vocabulary import (
    GROUP_ROLES,
    NOT_NAMES,
    PREPOSITIONS,
    ROLE_NOUNS,
    SAY_VERBS,
    TITLE_WORDS,
)

SAY_RE = re.compile(r"\b(" + "|".join(SAY_VERBS) + r")\b|\baccording to\b", re.IGNORECASE)
# verbs that report what was said, for quote attribution (the wider list adds positions)
SPEECH_ONLY = re.compile(
    r"\b(said|says|say|told|tells|added|adds|stated|wrote|writes|tweeted|posted|noted|stressed|"
    r"declared|explained|replied|responded|asserted|cautioned|remarked|commented|warned|"
    r"insisted|speaking|saying|adding|quoted|called|calls|described|claimed|confirmed|"
    r"acknowledged|announced|reiterated|emphasi[sz]ed|welcomed|hailed|hoped)\b|\baccording to\b",
    re.IGNORECASE,
)
GENERIC_ROLES = {"official", "diplomat", "source", "representative"}
ROLE_RE = re.compile(
    r"\b(?P<det>[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)?\s*"
    r"(?P<quals>(?:[\w.'’-]+\s+){0,5}?)"
    r"(?P<noun>" + "|".join(ROLE_NOUNS) + r")\b",
    re.IGNORECASE,
)
PRONOUN_RE = re.compile(r"\b(he|she|He|She)\b")
GLUE_SUFFIXES = ("has", "had", "was", "is", "said", "says", "and", "after", "who", "told")
NAME_PART = r"(?:(?:al|el|bin|ibn|abu|de|da|del|van|von|la)[- ])?[A-ZÀ-ÖØ-Þ][\w’'-]*\.?"
CAP_SEQ = re.compile(NAME_PART + r"(?:\s+" + NAME_PART + r")*")


@dataclass
class Mention:
    kind: str  # person | role | pronoun | party
    start: int
    end: int
    text: str
    person: str | None = None  # slug of a known person
    name: str | None = None  # display name (known or proposed new person)
    party: str | None = None
    possessive: bool = False
    eligible: bool = True  # may be the subject of a verb
    group: bool = False  # plural or collective role: speaks for a party, not a person
    generic: bool = False  # "the government", "the rebels": weaker than a proper name
    keys: set[str] = field(default_factory=set)  # role keys
    definite: bool = True


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 6:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


class MentionFinder:
    def __init__(self, setup: Setup):
        self.setup = setup
        self.seen_people: list[str] = []  # known people in order of mention
        alias_rows = []
        for party in setup.parties.values():
            for alias in party.aliases:
                lower = alias.islower() or alias.startswith("the ")
                generic = lower
                alias_rows.append((alias, party.slug, lower, generic))
        alias_rows.sort(key=lambda r: len(r[0]), reverse=True)
        self.alias_rows = alias_rows
        self.alias_folded = {fold(a) for a, *_ in alias_rows}

    # -- people -----------------------------------------------------------------------------
    def match_person(self, tokens: list[str]) -> str | None:
        if not tokens:
            return None
        keys = [name_key(t) for t in tokens]
        best = None
        for person in self.setup.people.values():
            for full in person.full_keys:
                if len(full) <= len(keys) and tuple(keys[-len(full) :]) == full:
                    return person.slug
            last = keys[-1]
            if any(_edit1(last, k) for k in person.surname_keys) or (
                len(tokens) == 1 and person.slug in self.seen_people and last in person.given_keys
            ):
                best = best or person.slug
        return best

    def people_in(self, text: str) -> list[Mention]:
        out = []
        for m in CAP_SEQ.finditer(text):
            raw = m.group(0)
            toks = raw.split()
            offs = [m.start() + o.start() for o in re.finditer(r"\S+", raw)]
            # drop leading titles and party words ("Turkish Foreign Minister Mevlut Cavusoglu")
            i = 0
            while i < len(toks) and (
                re.sub(r"(['’]s|\.)$", "", fold(toks[i])) in TITLE_WORDS
                or fold(re.sub(r"['’]s$", "", toks[i])) in self.alias_folded
            ):
                i += 1
            toks, offs = toks[i:], offs[i:]
            if not toks:
                continue
            possessive = bool(re.search(r"['’]s$", toks[-1]))
            clean = [re.sub(r"['’]s$", "", t).rstrip(".,") for t in toks]
            slug = self.match_person(clean)
            end = offs[-1] + len(toks[-1])
            if slug is None:
                glued = re.match(r"(.+?)(" + "|".join(GLUE_SUFFIXES) + r")$", clean[-1])
                if glued and len(glued.group(1)) >= 4:
                    slug = self.match_person([*clean[:-1], glued.group(1)])
                    end -= len(glued.group(2))
            if slug:
                person = self.setup.people[slug]
                out.append(
                    Mention(
                        "person",
                        offs[0],
                        end,
                        text[offs[0] : end],
                        person=slug,
                        name=person.name,
                        possessive=possessive,
                    )
                )
                continue
            if self._looks_like_new_person(clean, text, offs[0], end):
                name = " ".join(clean)
                out.append(
                    Mention(
                        "person",
                        offs[0],
                        end,
                        text[offs[0] : end],
                        name=name,
                        possessive=possessive,
                    )
                )
        return out

    def _looks_like_new_person(self, toks: list[str], text: str, start: int, end: int) -> bool:
        proper = [t for t in toks if not re.match(r"(al|el|bin|ibn|abu|de|da|del|van|von|la)$", t)]
        if len(proper) < 2 or len(proper) > 4:
            return False
        if any(fold(t).strip(".") in NOT_NAMES or fold(t) in self.alias_folded for t in toks):
            return False
        if any(t.isupper() and len(t) > 1 for t in toks):
            return False
        after = text[end : end + 40]
        before = text[max(0, start - 40) : start]
        return bool(
            re.match(r",\s+(a|an|the|who|one|known|deputy|head|chief|senior|spokesman)\b", after)
            or re.match(r"\s+(said|says|told|added|wrote|stated|warned)\b", after)
            or re.search(
                r"\b(" + "|".join(ROLE_NOUNS) + r"|said|according to),?\s+$", before, re.IGNORECASE
            )
        )

    # -- parties, roles, pronouns -----------------------------------------------------------
    def parties_in(self, text: str) -> list[Mention]:
        out: list[Mention] = []
        taken = [False] * (len(text) + 1)
        for alias, slug, lower, generic in self.alias_rows:
            flags = re.IGNORECASE if lower else 0
            pattern = r"(?<![\w.])" + re.escape(alias) + r"(?:['’]s)?(?![\w])"
            for m in re.finditer(pattern, text, flags):
                if any(taken[m.start() : m.end()]):
                    continue
                for k in range(m.start(), m.end()):
                    taken[k] = True
                out.append(
                    Mention(
                        "party",
                        m.start(),
                        m.end(),
                        m.group(0),
                        party=slug,
                        possessive=bool(re.search(r"['’]s$", m.group(0))),
                        generic=generic,
                    )
                )
        out.sort(key=lambda x: x.start)
        # "the Tigrayan authorities": the proper name decides, the generic noun goes
        drop = set()
        for x, y in itertools.pairwise(out):
            if y.generic and not x.generic and re.fullmatch(r"(['’]s)?\s*", text[x.end : y.start]):
                drop.add(id(y))
        return [m for m in out if id(m) not in drop]

    def roles_in(self, text: str, parties: list[Mention]) -> list[Mention]:
        out = []
        for m in ROLE_RE.finditer(text):
            noun = m.group("noun").lower()
            quals = m.group("quals") or ""
            if re.search(r"[,;:]", quals):
                continue
            start = m.start("det") if m.group("det") else m.start("quals")
            phrase = text[start : m.end()]
            tail = re.match(
                r"\s+of\s+(?:the\s+)?([\w'’ -]{0,60}?)(?=,|\s+(?:said|at|to|in)\b|$)",
                text[m.end() :],
            )
            scope_end = m.end() + (tail.end() if tail else 0)
            party = next(
                (p.party for p in parties if p.start >= start and p.end <= scope_end), None
            )
            det = (m.group("det") or "").lower()
            out.append(
                Mention(
                    "role",
                    start,
                    m.end(),
                    phrase,
                    party=party,
                    keys=role_keys(phrase + " " + (tail.group(0) if tail else "")),
                    group=noun in GROUP_ROLES or (noun.endswith("s") and noun not in {"ministry"}),
                    generic=noun in GENERIC_ROLES,
                    definite=det not in {"a", "an"},
                )
            )
        return out

    def mentions(self, text: str) -> list[Mention]:
        parties = self.parties_in(text)
        people = self.people_in(text)
        roles = self.roles_in(text, parties)
        pronouns = [
            Mention("pronoun", m.start(), m.end(), m.group(0)) for m in PRONOUN_RE.finditer(text)
        ]
        # a role phrase that introduces a named person belongs to that person
        named = []
        for r in roles:
            near = [p for p in people if 0 <= p.start - r.end <= 3 or 0 <= r.start - p.end <= 2]
            overlap = [p for p in people if p.start < r.end and r.start < p.end]
            if near or overlap:
                continue
            named.append(r)
        # party words inside a person's name or a role phrase only qualify it
        spans = [(x.start, x.end) for x in people + named]
        kept = []
        for p in parties:
            inside = any(a <= p.start and p.end <= b for a, b in spans)
            qualifies = re.match(
                r"\s*(['’]s\s+)?(\w+\s+){0,3}?(" + "|".join(ROLE_NOUNS) + r")\b",
                text[p.end :],
                re.IGNORECASE,
            )
            before_person = any(
                0 <= q.start - p.end <= 30 and not re.search(r"[,;]", text[p.end : q.start])
                for q in people
            )
            if inside or qualifies or before_person:
                p.eligible = False
            kept.append(p)
        # "Netanyahu's office said": the office speaks for the person's party
        for p in people:
            if p.possessive and p.person:
                body = re.match(
                    r"\s*(\w+\s+){0,2}?(office|government|ministry|spokesman|"
                    r"spokeswoman|aides?|cabinet|camp|party|team)\b",
                    text[p.end :],
                )
                if body:
                    kept.append(
                        Mention(
                            "party",
                            p.end,
                            p.end + body.end(),
                            text[p.end : p.end + body.end()],
                            party=self.setup.party_of(p.person, None),
                        )
                    )
        allm = sorted(people + named + pronouns + kept, key=lambda x: (x.start, -x.end))
        self._mark_ineligible(text, allm)
        for m in allm:
            if m.kind == "person" and m.person and m.person not in self.seen_people:
                self.seen_people.append(m.person)
        return allm

    def _mark_ineligible(self, text: str, mentions: list[Mention]) -> None:
        for m in mentions:
            prev = re.search(r"([\w’']+)\s*$", text[: m.start])
            if prev and fold(prev.group(1)) in PREPOSITIONS:
                m.eligible = False
            if m.kind == "person" and m.possessive:
                m.eligible = False
        # appositions after a person ("X, an adviser to Y, said") hold no subject
        for m in mentions:
            if m.kind != "person":
                continue
            app = re.match(
                r",\s+((?:a|an|the|who|which|known|one|whose|head|chief|deputy)\b[^,]*"
                r"|[a-z][^,]*),",
                text[m.end :],
            )
            if app:
                a, b = m.end, m.end + app.end()
                for other in mentions:
                    if other is not m and a <= other.start < b:
                        other.eligible = False
                        other.appositive_of = m  # type: ignore[attr-defined]
