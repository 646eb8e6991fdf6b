"""Which demand a clause is about, and what position it expresses.

Matching is lexical and generic: the clause and each demand's title, description and
keywords are reduced to stemmed content words, with general negotiation vocabulary mapped
to shared concepts (a truce is a ceasefire, a pull-out is a withdrawal); words rare among the
negotiation's demands weigh more than words they share. Party names never count: every
demand of a negotiation names its parties.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

import snowballstemmer

from .setup import Demand, Setup
from .text import fold
from .vocabulary import CONCEPTS, GENERIC, STOPWORDS

_stemmer = snowballstemmer.stemmer("english")

POSITIVE = re.compile(
    r"\b(accept\w*|agree[sd]?|agreeing|ready|prepared|willing|commit\w*|pledg\w*|promis\w*|"
    r"welcom\w*|support\w*|back(s|ed)?|endors\w*|approv\w*|decided to|will (?!not)\w+|"
    r"would (?!not)\w+|open(ed)? to|consent\w*|embrac\w*)\b",
    re.IGNORECASE,
)
NEGATIVE = re.compile(
    r"\b(reject\w*|refus\w*|den(y|ies|ied)|oppos\w*|rul(e|es|ed|ing) out|dismiss\w*|"
    r"(will|would|can|could|does|do|did|is|are|was|were|must|shall) not|won't|cannot|can't|"
    r"not going to|"
    r"never|no longer|unacceptable|out of the question|red line|not (accept|agree|give|hand|"
    r"withdraw|leave|recogni[sz]e|allow|release|negotiate|discuss)\w*|resist\w*|walk\w* back)\b",
    re.IGNORECASE,
)
CONDITION = re.compile(
    r"\b(only if|if|provided( that)?|on condition|as long as|once|in return for|in exchange for|"
    r"but only|subject to|unless|until|while|without|before|as part of)\b",
    re.IGNORECASE,
)
FLEXIBLE = re.compile(
    r"\b(compromis\w*|consultations?|settle for|flexib\w*|discuss\w*|consider\w*|stud(y|ied)|"
    r"explor\w*|could accept|negotiable|on the table|talks on|look at|review\w*)\b",
    re.IGNORECASE,
)
DROPPED = re.compile(
    r"\b((dropp\w*|abandon\w*|gave up|give up|giving up|shelv\w*|withdr\w*) "
    r"(its|the|their|our|this) (demand|call|insistence|condition|request)|"
    r"no longer (demand|insist|seek|call)\w*|"
    r"back(ed|s)? down)\b",
    re.IGNORECASE,
)


def stem(word: str) -> str:
    w = fold(word).replace("-", "")
    s = _stemmer.stemWord(w)
    return CONCEPTS.get(s, CONCEPTS.get(w, s))


def content_stems(text: str, exclude: set[str]) -> list[str]:
    out = []
    for w in re.findall(r"[A-Za-zÀ-ÿ][\w'-]*", text):
        f = fold(w).split("'")[0]
        if f in STOPWORDS or f in exclude or (len(f) < 3 and not f.isdigit()):
            continue
        s = stem(f)
        if s and s not in exclude:
            out.append(s)
    return out


@dataclass
class DemandMatch:
    demand: Demand
    score: float
    matched: list[str]


class DemandMatcher:
    THRESHOLD = 1.9  # summed weights of shared words for a match
    COVERAGE = 0.55  # or this share of the title's own weight

    def __init__(self, setup: Setup):
        self.setup = setup
        excl: set[str] = set()
        for party in setup.parties.values():
            for alias in [party.name, *party.aliases]:
                for w in re.findall(r"[\w']+", alias):
                    excl.add(fold(w))
                    excl.add(_stemmer.stemWord(fold(w)))
        self.exclude = excl
        self.profiles: list[tuple[Demand, dict[str, float], set[tuple[str, str]], list[str]]] = []
        self.title_stems: dict[str, set[str]] = {}
        df: dict[str, int] = {}
        raw = []
        for d in setup.demands:
            title = content_stems(d.title, excl)
            desc = content_stems(d.description, excl)
            kw = [" ".join(content_stems(k, excl)) for k in d.keywords]
            weights: dict[str, float] = {}
            for s in desc:
                weights[s] = max(weights.get(s, 0), 0.6)
            for s in title:
                weights[s] = 1.0
            for k in kw:
                for s in k.split():
                    weights[s] = max(weights.get(s, 0), 1.0)
            bigrams = set(itertools.pairwise(title)) | set(itertools.pairwise(desc))
            raw.append((d, weights, bigrams, [k for k in kw if k]))
            self.title_stems[d.slug] = set(title)
            for s in weights:
                df[s] = df.get(s, 0) + 1
        # anchors: a word of one demand only, in its title or a proper name in its description
        # ("Crimea", "Goma", "constitution"): alone it is enough to name that demand
        self.anchors: dict[str, set[str]] = {}
        for d, weights, _bigrams, _kw in raw:
            proper = {
                stem(w)
                for w in re.findall(r"(?<!^)(?<![.:] )\b([A-Z][\w-]+)", d.description)
                + re.findall(r"(?<!^)\b([A-Z][\w-]+)", d.title)
            }
            # participles in a title ("sanctions lifted") say what happens, not what about
            participles = {stem(w) for w in re.findall(r"\b(\w+ed)\b", d.title)}
            self.anchors[d.slug] = {
                t
                for t in weights
                if df[t] == 1
                and t not in GENERIC
                and not t.isdigit()
                and (t in proper or (t in self.title_stems[d.slug] and t not in participles))
            }
        n = max(len(raw), 1)
        for d, weights, bigrams, kw in raw:
            for s in weights:
                idf = math.log(1 + n / df[s]) / math.log(1 + n)
                weights[s] *= idf * (0.35 if s in GENERIC else 1.0)
            self.profiles.append((d, weights, bigrams, kw))

    def match(self, text: str, context: str = "", context_weight: float = 0.6) -> list[DemandMatch]:
        main = content_stems(text, self.exclude)
        ctx = content_stems(context, self.exclude) if context else []
        out = []
        for d, weights, bigrams, keywords in self.profiles:
            score, matched = 0.0, []
            for stems, factor in ((main, 1.0), (ctx, context_weight)):
                seen = set()
                for s in stems:
                    if s in weights and s not in seen:
                        seen.add(s)
                        score += weights[s] * factor
                        matched.append(s)
                for a, b in itertools.pairwise(stems):
                    if (a, b) in bigrams:
                        score += 0.5 * factor
            joined = " ".join(main)
            for k in keywords:
                if k and re.search(r"\b" + re.escape(k) + r"\b", joined):
                    score += 2.0
            title = self.title_stems[d.slug]
            title_total = sum(weights[t] for t in title) or 1.0
            covered = sum(weights[t] for t in title if t in matched) / title_total
            anchored = bool(self.anchors[d.slug] & set(matched))
            if score >= self.THRESHOLD or covered >= self.COVERAGE or anchored:
                # what the title says, said in the clause, is as good as many shared words
                score = max(score, self.THRESHOLD * (1 + covered / 10))
                out.append(DemandMatch(d, round(score, 3), matched))
            elif score >= self.THRESHOLD * 0.5:
                out.append(DemandMatch(d, round(score, 3), matched))
        out.sort(key=lambda m: m.score, reverse=True)
        return out


def position(
    text: str, *, party: str | None, demand: Demand, other_parties: list[str]
) -> tuple[int, float]:
    """A position on the scale, and a confidence, for ``party`` on ``demand`` in ``text``.

    For the party that made the demand, raising it is insisting (+2): negations in its words
    usually refuse the other side ("we will not sit with a militia that occupies homes"), so
    only dropping words lower it, and compromise words make it conditional. For the party it
    is addressed to, cue words decide: refusal -2, refusal with a condition or an opening -1,
    acceptance with a condition +1, acceptance +2, talk of discussing it 0.
    """
    # a compromise "on the part of" the other side is what this party asks for
    cleaned = text
    if other_parties:
        others = "|".join(re.escape(o) for o in other_parties)
        cleaned = re.sub(
            r"\b(compromis\w*|concessions?)\b(?=[^.]{0,30}\b(on the part of|by|from)\s+"
            r"(the\s+)?(" + others + r"))",
            "",
            cleaned,
            flags=re.IGNORECASE,
        )
    neg = NEGATIVE.search(cleaned)
    pos = POSITIVE.search(cleaned)
    cond = CONDITION.search(cleaned)
    flex = FLEXIBLE.search(cleaned)
    if flex and neg and flex.start() > neg.start() and flex.start() - neg.end() < 12:
        flex = None  # "refused to discuss" is a refusal
    if party is not None and party == demand.demanded_by:
        if DROPPED.search(cleaned):
            return -2, 0.6
        if flex and not neg:
            return 1, 0.5
        return 2, 0.75
    if neg:
        if flex or (cond and cond.start() > neg.start()):
            return -1, 0.5
        return -2, 0.7
    if pos:
        if cond:
            return 1, 0.55
        return 2, 0.6
    if flex:
        return 0, 0.5
    return 0, 0.3
