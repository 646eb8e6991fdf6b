"""Attributing words to a speaker: which mention is the subject of the reporting verb."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .setup import Setup
from .speakers import Mention, MentionFinder


@dataclass
class Speaker:
    person: str | None  # slug of a known person
    name: str | None  # display name; set without ``person`` for a proposed new person
    party: str | None

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.person, self.name if not self.person else None, self.party)


def subject_before(mentions: list[Mention], verb_at: int, lo: int = 0) -> Mention | None:
    """The nearest eligible mention before a verb, people and roles before parties."""
    before = [m for m in mentions if m.eligible and lo <= m.start and m.end <= verb_at]
    if not before:
        return None
    agents = [m for m in before if m.kind != "party"]
    if agents:
        return max(agents, key=lambda m: m.end)
    # no person: the party that opens the clause is its subject, later ones are objects
    return min(before, key=lambda m: m.start)


def subject_after(text: str, mentions: list[Mention], verb_end: int) -> Mention | None:
    """Inverted attribution: '"...," said the minister' / 'according to Peskov'."""
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start < verb_end:
            continue
        gap = text[verb_end : m.start]
        if len(gap) <= 45 and not re.search(r"[;.]|\bthat\b", gap):
            return m
        break
    return None


class Resolver:
    """Turns mentions into speakers, remembering who was last the subject of the story."""

    def __init__(self, setup: Setup, finder: MentionFinder):
        self.setup = setup
        self.finder = finder
        self.last_subject: Speaker | None = None

    def resolve(self, m: Mention, mentions: list[Mention], on) -> Speaker | None:
        if m.kind == "person":
            if m.person:
                return Speaker(m.person, m.name, self.setup.party_of(m.person, on))
            return Speaker(None, m.name, self._party_near(m, mentions))
        if m.kind == "party":
            return Speaker(None, None, m.party)
        if m.kind == "pronoun":
            # "Bayramov said ..., which he said ...": the sentence's own subject first
            earlier = [
                x for x in mentions if x.kind == "person" and x.eligible and x.end <= m.start
            ]
            if earlier:
                return self.resolve(earlier[0], mentions, on)
            return self.last_subject
        # role
        if m.group or not m.definite:
            return Speaker(None, None, m.party)
        if m.generic:
            last = self.last_subject
            if last and (m.party is None or last.party == m.party):
                return last
            return Speaker(None, None, m.party)
        person = self._person_for_role(m)
        if person:
            return Speaker(person, self.setup.people[person].name, self.setup.party_of(person, on))
        return Speaker(None, None, m.party)

    def _person_for_role(self, m: Mention) -> str | None:
        keys = m.keys - {"deputy", "head"} or m.keys
        if not keys:
            return None

        def fits(slug: str) -> bool:
            for party, rkeys in self.setup.roles_of(slug):
                if m.party and party != m.party:
                    continue
                if keys <= rkeys or (keys & rkeys and len(keys) == 1):
                    return True
            return False

        for slug in reversed(self.finder.seen_people):
            if fits(slug):
                return slug
        found = [slug for slug in self.setup.people if fits(slug)]
        return found[0] if len(found) == 1 else None

    def _party_near(self, person: Mention, mentions: list[Mention]) -> str | None:
        """A new person's party: from the apposition or the role phrase around the name."""
        for m in mentions:
            if getattr(m, "appositive_of", None) is person and m.party:
                return m.party
        near = [
            m for m in mentions if m.party and m.end <= person.start and person.start - m.end <= 40
        ]
        if near:
            return max(near, key=lambda m: m.end).party
        return None
