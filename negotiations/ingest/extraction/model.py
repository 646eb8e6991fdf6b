"""What the extractor returns: candidate statements with suggested stances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .attribution import Speaker


@dataclass
class StanceSuggestion:
    demand: str
    party: str
    position: int
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "demand": self.demand,
            "party": self.party,
            "position": self.position,
            "confidence": round(self.confidence, 2),
        }


@dataclass
class Candidate:
    kind: str  # quote | paraphrase | report
    text: str
    evidence: str
    speaker: Speaker | None
    said_on: dt.date | None
    sentence: int
    stances: list[StanceSuggestion] = field(default_factory=list)
    context: str = ""  # the reporter's words around a quote, for demand matching

    @property
    def party(self) -> str | None:
        return self.speaker.party if self.speaker else None

    @property
    def speaker_name(self) -> str | None:
        return self.speaker.name if self.speaker else None

    @property
    def speaker_slug(self) -> str | None:
        return self.speaker.person if self.speaker else None

    @property
    def is_new_person(self) -> bool:
        return bool(self.speaker and self.speaker.name and not self.speaker.person)

    def as_dict(self) -> dict[str, Any]:
        """The issue's ``--json`` shape, exactly."""
        return {
            "speaker": self.speaker_name,
            "party": self.party,
            "said_on": self.said_on.isoformat() if self.said_on else None,
            "kind": self.kind,
            "text": self.text,
            "evidence": self.evidence,
            "stances": [s.as_dict() for s in self.stances],
        }
