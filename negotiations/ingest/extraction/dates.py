"""When a statement was made: the dateline and the day words of the reporter's text.

Rules (DESIGN: a statement's date is the day it was said, null when the text gives no day):
- the reference day is the dateline's date when the story has one ("VIENNA, Dec 3 (Reuters) -"),
  else the publication date;
- "on Wednesday", "Wednesday's", bare "Wednesday" (AP style): the latest such weekday on or
  before the reference day; "yesterday" and "last night": the day before; "today", "this
  morning", "tonight": the reference day;
- "on March 15", "15 March", "March 15, 2022": that day, in the reference year (the previous
  year when that would fall more than a week after the reference day);
- anything vaguer ("last week", "earlier this month", "in 2021") gives no day.
"""

from __future__ import annotations

import datetime as dt
import re

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_RE = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
MONTH_DAY = re.compile(
    r"\b(?P<m>" + MONTH_RE + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>" + MONTH_RE + r")\b"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d))?"
)
WEEKDAY_RE = re.compile(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
RELATIVE_RE = re.compile(
    r"\b(?P<r>yesterday|last night|today|this morning|this afternoon|this evening|tonight|"
    r"earlier today|on the eve)\b",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'/-]{1,40}?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?)"
    r"(?:,\s*(?P<date>" + MONTH_RE + r"\s+\d{1,2}))?"
    r"(?:,?\s*\((?P<agency>[^)]{1,30})\))?\s*[-–—:]+\s+"
)
FUTURE_OR_PAST_RANGE = re.compile(
    r"\b(since|until|till|from|before|after|by|next|last|every)\s+$", re.IGNORECASE
)


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _in_year(month: int, day: int, ref: dt.date, year: str | None) -> dt.date | None:
    try:
        if year:
            return dt.date(int(year), month, day)
        candidate = dt.date(ref.year, month, day)
        if candidate > ref + dt.timedelta(days=7):
            candidate = dt.date(ref.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def parse_dateline(paragraph: str, published_on: dt.date | None) -> tuple[dt.date | None, int]:
    """The dateline's date (or None) and the length of the dateline to strip."""
    m = DATELINE_RE.match(paragraph)
    if not m or len(re.sub(r"[^A-Z]", "", m.group("place").split(",")[0])) < 3:
        return None, 0
    day = None
    if m.group("date"):
        md = MONTH_DAY.match(m.group("date"))
        ref = published_on or dt.date.today()
        if md:
            day = _in_year(_month(md.group("m")), int(md.group("d")), ref, None)
    return day, m.end()


def resolve(text: str, ref: dt.date | None) -> dt.date | None:
    """The day the reporter's words give, or None. ``text`` excludes quoted words."""
    if ref is None:
        found = MONTH_DAY.search(text) or DAY_MONTH.search(text)
        if found and found.group("y"):
            return _in_year(
                _month(found.group("m")), int(found.group("d")), dt.date.today(), found.group("y")
            )
        return None
    hits: list[tuple[int, dt.date]] = []
    for rx in (MONTH_DAY, DAY_MONTH):
        for m in rx.finditer(text):
            if FUTURE_OR_PAST_RANGE.search(text[: m.start()]):
                continue
            day = _in_year(_month(m.group("m")), int(m.group("d")), ref, m.group("y"))
            if day:
                hits.append((m.start(), day))
    for m in WEEKDAY_RE.finditer(text):
        if FUTURE_OR_PAST_RANGE.search(text[: m.start()]):
            continue
        back = (ref.weekday() - WEEKDAYS.index(m.group("w").lower())) % 7
        hits.append((m.start(), ref - dt.timedelta(days=back)))
    for m in RELATIVE_RE.finditer(text):
        word = m.group("r").lower()
        back = 1 if word in {"yesterday", "last night", "on the eve"} else 0
        hits.append((m.start(), ref - dt.timedelta(days=back)))
    if not hits:
        return None
    return min(hits)[1]
