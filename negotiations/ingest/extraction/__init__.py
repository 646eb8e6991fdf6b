"""Statement extraction from news text: plain Python, no Django, no network.

``extract(text, published_on, setup)`` returns :class:`Candidate` objects; ``as_dict()`` gives
the ``ingest --json`` shape. ``setup`` is exchange-format data (or a :class:`Setup`).
"""

from .candidates import Extractor, extract
from .model import Candidate, StanceSuggestion
from .setup import Setup

__all__ = ["Candidate", "Extractor", "Setup", "StanceSuggestion", "extract"]
