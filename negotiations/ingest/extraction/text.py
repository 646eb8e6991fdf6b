"""Text plumbing: folding, tokens, paragraphs and quote-aware sentence splitting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

OPEN_QUOTES = '“"«„'
CLOSE_QUOTES = '”"»“'

# Lines that web pages leave around an article and that are never part of it.
BOILERPLATE = re.compile(
    r"^(leave a (comment|reply)|your email address will not be published|%d bloggers like this"
    r"|share this|related:|read more|sign up|subscribe|advertisement|reporting by|editing by"
    r"|writing by|\(reporting|\(writing|\(editing|copyright|all rights reserved)",
    re.IGNORECASE,
)

ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "st",
    "jr",
    "sr",
    "prof",
    "maj",
    "adm",
    "cmdr",
    "brig",
    "rev",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "etc",
    "inc",
    "corp",
    "ltd",
    "co",
    "u.s",
    "u.n",
    "u.k",
    "e.u",
    "i.e",
    "e.g",
    "a.m",
    "p.m",
}

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ0-9]+(?:[’'`.-][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ0-9]+)*")


def fold(text: str) -> str:
    """Lower case, no diacritics, straight quotes: for comparing, never for output."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return text.lower()


def words(text: str) -> list[str]:
    return WORD.findall(text)


def tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]


@dataclass
class QuoteSpan:
    start: int  # offset of the opening mark in the sentence
    end: int  # offset just after the closing mark
    inner: str  # the quoted words, stripped

    @property
    def word_count(self) -> int:
        return len(words(self.inner))


@dataclass
class Sentence:
    text: str
    index: int  # position in the article
    paragraph: int
    quotes: list[QuoteSpan] = field(default_factory=list)

    def frame(self) -> str:
        """The sentence with every quotation replaced by a marker: the reporter's words."""
        out, last = [], 0
        for q in self.quotes:
            out.append(self.text[last : q.start])
            out.append(" QUOTE ")
            last = q.end
        out.append(self.text[last:])
        return re.sub(r"\s+", " ", "".join(out)).strip()


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Pairs of (open, close) offsets of double quotation marks, curly or straight.

    An opening mark left unclosed at the end of the text closes there: wire stories leave a
    quote open when it continues in the next paragraph.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, ch in enumerate(text):
        if opened is None:
            if ch in '“"«„':
                opened = i
        elif ch in '”"»' or (ch == "“" and text[opened] == "„"):
            spans.append((opened, i + 1))
            opened = None
        elif ch == "“" and text[opened] == "“":
            # A new opening mark before a close: the previous quote ran to here.
            spans.append((opened, i))
            opened = i
    if opened is not None and len(text) - opened > 1:
        spans.append((opened, len(text)))
    return spans


def _is_boundary(text: str, i: int) -> bool:
    """Is the sentence-final mark at text[i] a real end of sentence?"""
    ch = text[i]
    if ch in "!?":
        return True
    # a period: not after an abbreviation, an initial or inside a number
    m = re.search(r"([A-Za-z.]+)$", text[:i])
    prev = m.group(1).lower() if m else ""
    if prev.rstrip(".") in ABBREVIATIONS or prev in ABBREVIATIONS:
        return False
    if re.fullmatch(r"[a-z]", prev):  # initial like "J." (lower-cased here)
        return bool(re.match(r"\s+[a-z]", text[i + 1 : i + 4]))
    # U.S. / U.N.: rarely ends a sentence
    return not re.fullmatch(r"(?:[a-z]\.)+[a-z]", prev)


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, never inside a quotation."""
    quotes = find_quotes(paragraph)
    inside = [False] * (len(paragraph) + 1)
    for a, b in quotes:
        for k in range(a + 1, max(a + 1, b - 1)):
            inside[k] = True
    sentences, start, i = [], 0, 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in ".!?" and not inside[i] and _is_boundary(paragraph, i):
            j = i + 1
            while j < n and paragraph[j] in "”\"’')»":
                j += 1
            if j >= n or (paragraph[j].isspace() and _next_starts_sentence(paragraph, j)):
                sentences.append(paragraph[start:j].strip())
                start = j
                i = j
                continue
        i += 1
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return [s for s in sentences if s]


def _next_starts_sentence(text: str, j: int) -> bool:
    rest = text[j:].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in OPEN_QUOTES)


def is_heading(line: str) -> bool:
    """Titles, subheads and bylines: short lines that do not end like a sentence."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[-1] in '.!?"”’:)':
        return False
    return len(words(stripped)) <= 25


def paragraphs(text: str) -> list[str]:
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.replace("\r", "").split("\n")]
    return [ln for ln in lines if ln and not BOILERPLATE.match(ln) and not is_heading(ln)]


def sentences_of(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for p_index, para in enumerate(paragraphs(text)):
        for s in split_sentences(para):
            sentence = Sentence(text=s, index=len(out), paragraph=p_index)
            for a, b in find_quotes(s):
                inner = s[a + 1 : b - 1 if b <= len(s) and s[b - 1] in CLOSE_QUOTES else b]
                inner = inner.strip().rstrip(",").strip()
                if inner:
                    sentence.quotes.append(QuoteSpan(a, b, inner))
            out.append(sentence)
    return out
