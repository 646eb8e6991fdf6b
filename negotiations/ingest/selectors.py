"""Reads for ingestion: what the extractor needs to know, and duplicate lookups."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from negotiations.models import Negotiation, Statement
from parties.models import Membership, Party, Person


def negotiation_setup(negotiation: Negotiation) -> dict[str, Any]:
    """The negotiation as the extractor reads it: exchange-format parties, people, demands.

    People are those with a membership of a participant party (the only ones the extractor
    can resolve by name or by role).
    """
    participants = list(negotiation.participants.select_related("party"))
    party_ids = [p.party_id for p in participants]
    memberships = list(
        Membership.objects.filter(party_id__in=party_ids).select_related("person", "party")
    )
    people = {m.person_id: m.person for m in memberships}
    return {
        "format": "negotiation-tracker",
        "version": 1,
        "parties": [
            {
                "slug": p.party.slug,
                "name": p.party.name,
                "short_name": p.party.short_name,
                "classification": p.party.classification,
                "country_code": p.party.country_code or None,
            }
            for p in participants
        ],
        "people": [
            {"slug": person.slug, "name": person.name, "other_names": person.other_names or []}
            for person in people.values()
        ],
        "memberships": [
            {
                "person": m.person.slug,
                "party": m.party.slug,
                "role": m.role,
                "start_date": m.start_date.isoformat() if m.start_date else None,
                "end_date": m.end_date.isoformat() if m.end_date else None,
            }
            for m in memberships
        ],
        "negotiations": [
            {
                "slug": negotiation.slug,
                "title": negotiation.title,
                "participants": [{"party": p.party.slug, "role": p.role} for p in participants],
                "demands": [
                    {
                        "slug": d.slug,
                        "title": d.title,
                        "description": d.description,
                        "keywords": d.keywords,
                        "demanded_by": d.demanded_by.slug,
                        "addressed_to": d.addressed_to.slug if d.addressed_to else None,
                    }
                    for d in negotiation.demands.select_related("demanded_by", "addressed_to")
                ],
            }
        ],
    }


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"\w+", text))


def near_identical(a: str, b: str) -> bool:
    """Same words, give or take punctuation, case and a few words."""
    fa, fb = _folded(a), _folded(b)
    if not fa or not fb:
        return False
    if fa == fb or (min(len(fa), len(fb)) >= 20 and (fa in fb or fb in fa)):
        return True
    return SequenceMatcher(None, fa, fb).ratio() >= 0.9


def duplicate_statement(
    *,
    negotiation: Negotiation,
    speaker: Person | None,
    party: Party,
    said_on: dt.date,
    text: str,
    exclude_ids: set[int] = frozenset(),  # type: ignore[assignment]
) -> Statement | None:
    """An existing statement with the same speaker (or party), date and near-identical text."""
    qs = Statement.objects.filter(negotiation=negotiation, said_on=said_on).exclude(
        status=Statement.Status.RETRACTED
    )
    qs = qs.filter(speaker=speaker) if speaker else qs.filter(speaker__isnull=True, party=party)
    for statement in qs.exclude(pk__in=exclude_ids).only("id", "text"):
        if near_identical(statement.text, text):
            return statement
    return None
