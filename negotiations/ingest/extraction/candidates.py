"""From article text to candidate statements: the extractor's pipeline."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from .attribution import Resolver, Speaker, subject_after, subject_before
from .dates import parse_dateline, resolve
from .demands import DemandMatcher, position
from .model import Candidate, StanceSuggestion
from .setup import Setup
from .speakers import SAY_RE, SPEECH_ONLY, Mention, MentionFinder
from .text import Sentence, fold, paragraphs, sentences_of, words

SCARE_BEFORE = re.compile(
    r"\b(so-called|what (it|he|she|they) calls?|dubbed|termed|known as|"
    r"the word|the term)\s*$",
    re.IGNORECASE,
)
ANAPHORA = re.compile(
    r"\b(this|that|such an?|the same|these|those)\s+(possibilit|option|proposal|idea|plan|offer|"
    r"demand|request|condition|arrangement|model|status|formula|initiative|scenario|solution|"
    r"call)\w*|\bit (is|was|would be) an? (option|possibility)\b|^\W*(something|which|a demand|"
    r"a request|a condition)\b|\bthe demand\b",
    re.IGNORECASE,
)
TAIL_ATTRIBUTION = re.compile(
    r",\s+(?:[^,]{2,70}?)\s+(?P<verb>said|says|told|added|wrote|stated|reported)\b[^,]{0,60}\.?$"
)
CLAUSE_SPLIT = re.compile(
    r";\s+"
    r"|,\s+(?=(?:something|which)\b)"
    r"|,?\s+(?=and that\b)"
    r"|,\s+(?=that\b)"
    r"|,?\s+(?=(?:and|but)\s+(?:also\s+)?(?:has|have|had|is|was|would|will|said|says|told|urged|"
    r"called|accused|added|insisted|demanded|rejected|refused|wrote|warned)\b)"
    r"|,?\s+(?=but\s+(?:the|a|an|[A-Z]))"
    r"|,\s+(?=and\s+[A-Z])"
)


def _strip_dateline(text: str, published_on: dt.date | None) -> tuple[str, dt.date | None]:
    for para in paragraphs(text):
        day, length = parse_dateline(para, published_on)
        if length:
            return text.replace(para, para[length:], 1), day
        break
    return text, None


class Extractor:
    def __init__(self, setup: Setup):
        self.setup = setup
        self.matcher = DemandMatcher(setup)

    def extract(self, text: str, published_on: dt.date | None) -> list[Candidate]:
        text, dateline_day = _strip_dateline(text, published_on)
        ref = dateline_day or published_on
        finder = MentionFinder(self.setup)
        resolver = Resolver(self.setup, finder)
        self._previous_subject: tuple[int, Speaker, dt.date | None] | None = None
        out: list[Candidate] = []
        for sentence in sentences_of(text):
            self._sentence(sentence, finder, resolver, ref, out)
        out = _dedupe(out)
        return out

    # -- one sentence ----------------------------------------------------------------------
    def _sentence(
        self,
        s: Sentence,
        finder: MentionFinder,
        resolver: Resolver,
        ref: dt.date | None,
        out: list[Candidate],
    ) -> None:
        mentions = finder.mentions(s.text)
        for m in mentions:
            if any(q.start <= m.start < q.end for q in s.quotes):
                m.eligible = False
        frame = s.frame()
        day = resolve(frame, ref)
        real = [q for q in s.quotes if self._is_real_quote(s, q, frame)]
        produced: list[Candidate] = []
        if real:
            cand = self._quote_candidate(s, real, mentions, resolver, day, out)
            if cand:
                produced.append(cand)
        for cand in self._reported(s, real, mentions, resolver, day, out, produced):
            produced.append(cand)
        for cand in produced:
            self._inherit_date(cand, out)
            self._suggest_stances(cand, out)
            if cand.kind != "quote" and not cand.stances:
                continue  # reported words count only as a position on a demand
            out.append(cand)
        subject = next((c.speaker for c in produced if c.speaker and c.speaker.name), None)
        if subject is None:
            first = next(
                (
                    m
                    for m in mentions
                    if m.eligible
                    and (m.kind == "person" or (m.kind == "role" and (m.group or not m.definite)))
                ),
                None,
            )
            if first:
                subject = resolver.resolve(first, mentions, day or ref)
        if subject is not None:
            resolver.last_subject = subject
        party_subject = next((m for m in mentions if m.eligible and m.kind == "party"), None)
        who = subject or (Speaker(None, None, party_subject.party) if party_subject else None)
        self._previous_subject = (s.index, who, day) if who else None

    def _is_real_quote(self, s: Sentence, q, frame: str) -> bool:
        n = q.word_count
        if n <= 1:
            return False
        if SCARE_BEFORE.search(s.text[: q.start]) and n <= 3:
            return False
        if n == 2:
            return bool(SPEECH_ONLY.search(frame))
        return True

    def _quote_candidate(self, s, real, mentions, resolver, day, out) -> Candidate | None:
        first_q = real[0]
        speaker = None
        verbs = [
            v
            for v in SAY_RE.finditer(s.text)
            if not any(q.start <= v.start() < q.end for q in s.quotes)
        ]
        # a verb of saying nearest to the quotation decides, other reporting verbs after
        verbs.sort(
            key=lambda v: (
                not SPEECH_ONLY.match(v.group(0)),
                min(abs(v.start() - q.end) for q in real),
            )
        )
        for v in verbs:
            who = None
            if v.group(0).lower() == "according to" or any(q.end <= v.start() for q in real):
                who = subject_after(s.text, mentions, v.end())
                if who and who.kind == "party" and not v.group(0).lower().startswith("accord"):
                    who = subject_before(mentions, v.start()) or who
            if who is not None and who.possessive:
                who = None
            if who is None:
                lo = max((q.end for q in real if q.end <= v.start()), default=0)
                who = subject_before(mentions, v.start(), lo) or subject_before(mentions, v.start())
            if who is not None:
                speaker = resolver.resolve(who, mentions, day)
                if speaker is not None:
                    break
        text = _join_quotes(s.text, real)
        bare = not re.sub(r"QUOTE|[\W_]", "", s.frame())
        if speaker is None:
            prev = out[-1] if out else None
            if prev and prev.kind == "quote" and prev.sentence >= s.index - 1 and bare:
                prev.text = prev.text.rstrip(".") + ". " + text
                prev.evidence = prev.evidence + " " + s.text
                prev.sentence = s.index
                if not prev.stances:
                    self._suggest_stances(prev, out[:-1])
                return None
            if not verbs:
                return None
        a, b = next(((a, b) for a, b in _clauses(s) if a <= first_q.start < b), (0, len(s.text)))
        context = s.text[a:b]
        for q in reversed(real):
            if a <= q.start and q.end <= b:
                context = context[: q.start - a] + " " + context[q.end - a :]
        return Candidate("quote", text, s.text, speaker, day, s.index, context=context)

    def _reported(self, s, real, mentions, resolver, day, out, produced) -> list[Candidate]:
        result: list[Candidate] = []
        clauses = _clauses(s)
        main_subject: Mention | None = None
        tail = TAIL_ATTRIBUTION.search(s.text)
        tail_subject = None
        if tail and not real:
            tail_subject = subject_before(
                [m for m in mentions if m.start >= tail.start()], tail.start("verb")
            )
        for index, (a, b) in enumerate(clauses):
            clause = s.text[a:b]
            lead = clause.lstrip(" ,;")
            own = [m for m in mentions if a <= m.start < b]
            verbs = [
                v
                for v in SAY_RE.finditer(clause)
                if not any(q.start <= a + v.start() < q.end for q in s.quotes)
            ]
            verb = verbs[0] if verbs else None
            complement = bool(re.match(r"(and\s+)?that\b", lead, re.IGNORECASE))
            elliptic = bool(
                re.match(
                    r"(and|but)\s+(also\s+)?(has|have|had|is|was|would|will|"
                    r"\w+ed|said|says|told|wrote)\b",
                    lead,
                    re.IGNORECASE,
                )
            )
            subject = None
            if verbs and not complement and not elliptic:
                for v in verbs:
                    subject = subject_before(own, a + v.start())
                    if subject is not None:
                        break
            if tail_subject is not None and a < tail.start():
                subject = tail_subject
            if index == 0 and subject is not None:
                main_subject = subject
            if subject is None and (complement or elliptic) and main_subject is not None:
                subject = main_subject
            if subject is None or (verb is None and not complement and not elliptic):
                continue
            if any(q.start >= a and q.end <= b for q in real):
                continue  # the quotation candidate covers this clause
            matches = self.matcher.match(clause)
            anaphoric = bool(ANAPHORA.search(clause))
            if not (matches and matches[0].score >= self.matcher.THRESHOLD) and not anaphoric:
                continue
            taken = {st.demand for c in produced for st in c.stances} | {
                m.demand.slug
                for c in produced
                for m in self.matcher.match(c.text, c.context)
                if m.score >= self.matcher.THRESHOLD
            }
            if produced and (
                not matches
                or matches[0].score < self.matcher.THRESHOLD
                or matches[0].demand.slug in taken
            ):
                continue
            speaker = resolver.resolve(subject, mentions, day)
            if speaker is None:
                continue
            top = matches[0].demand.slug if matches else None
            if any(
                c.speaker and c.speaker.key == speaker.key and self._top(c) == top
                for c in [*produced, *result]
            ):
                continue  # "..., which he said ..." repeats the same position
            kind = "paraphrase" if speaker.name else "report"
            result.append(Candidate(kind, _clean_clause(clause), s.text, speaker, day, s.index))
        return result

    def _top(self, cand: Candidate) -> str | None:
        matches = self.matcher.match(cand.text, cand.context)
        return matches[0].demand.slug if matches else None

    # -- dates and stances -----------------------------------------------------------------
    def _inherit_date(self, cand: Candidate, out: list[Candidate]) -> None:
        """Words without a day continue the previous sentence's words of the same speaker."""
        if cand.said_on or not cand.speaker or not cand.speaker.name:
            return
        for prev in reversed(out):
            if prev.sentence < cand.sentence - 1:
                break
            if prev.speaker and prev.speaker.key == cand.speaker.key and prev.said_on:
                cand.said_on = prev.said_on
                return
        last = self._previous_subject
        if last and last[0] == cand.sentence - 1 and last[2] and last[1].key == cand.speaker.key:
            cand.said_on = last[2]

    def _suggest_stances(self, cand: Candidate, out: list[Candidate]) -> None:
        party = cand.party
        principal = (
            party
            and self.setup.parties.get(party)
            and self.setup.parties[party].role == "principal"
        )
        if not principal:
            return
        if cand.kind == "quote":
            matches = self.matcher.match(cand.text, cand.context)
        else:
            matches = self.matcher.match(cand.text)
        chosen = []
        if matches and matches[0].score >= self.matcher.THRESHOLD:
            top = matches[0]
            chosen = [(top.demand, top.score)]
            for m in matches[1:2]:
                if m.score >= max(self.matcher.THRESHOLD, 0.6 * top.score):
                    chosen.append((m.demand, m.score))
        elif ANAPHORA.search(cand.text) or (
            cand.kind == "quote" and ANAPHORA.search(cand.evidence)
        ):
            for prev in reversed(out):
                if prev.sentence < cand.sentence - 1:
                    break
                if prev.stances:
                    demand = next(d for d in self.setup.demands if d.slug == prev.stances[0].demand)
                    chosen = [(demand, self.matcher.THRESHOLD * 0.8)]
                    break
        others = []
        for slug, p in self.setup.parties.items():
            if slug != party:
                others.extend(p.aliases)
        cue_text = cand.evidence if cand.kind == "quote" else cand.text
        for demand, score in chosen:
            pos, pos_conf = position(cue_text, party=party, demand=demand, other_parties=others)
            confidence = min(0.95, (0.4 + 0.12 * score)) * (0.5 + pos_conf / 2)
            cand.stances.append(StanceSuggestion(demand.slug, party, pos, confidence))


def _clauses(s: Sentence) -> list[tuple[int, int]]:
    cuts = [0]
    for m in CLAUSE_SPLIT.finditer(s.text):
        if any(q.start < m.start() < q.end for q in s.quotes):
            continue
        if m.start() - cuts[-1] >= 12:
            cuts.append(m.start())
    cuts.append(len(s.text))
    return list(itertools.pairwise(cuts))


def _clean_clause(clause: str) -> str:
    clause = clause.strip().lstrip(",;").strip()
    clause = re.sub(r"^(and|but)\s+", "", clause, flags=re.IGNORECASE)
    clause = clause.rstrip(",;").strip()
    return clause[:1].upper() + clause[1:]


def _join_quotes(text: str, quotes) -> str:
    parts = [quotes[0].inner]
    for prev, q in itertools.pairwise(quotes):
        between = text[prev.end : q.start]
        comma = text[prev.end - 2 : prev.end - 1] == ","
        if comma or re.fullmatch(r"\s*,[^.]{0,60},\s*", between):
            # “A,” he said, “B.”: one sentence cut by the attribution
            if comma:
                parts[-1] += ","
            parts.append(q.inner)
        else:
            parts.append("... " + q.inner)
    joined = " ".join(parts)
    return joined.rstrip(",").strip()


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Drop a quotation that repeats a longer one by the same speaker, keeping its date."""
    keep = []
    for c in cands:
        f = " ".join(words(fold(c.text)))
        dup = None
        for k in cands:
            if k is c or k.kind != "quote" or c.kind != "quote":
                continue
            g = " ".join(words(fold(k.text)))
            same = c.speaker and k.speaker and c.speaker.key == k.speaker.key
            if same and f in g and len(g) > len(f):
                dup = k
                break
        if dup:
            dup.said_on = dup.said_on or c.said_on
            continue
        keep.append(c)
    return keep


def extract(text: str, published_on: dt.date | None, setup: Setup | dict) -> list[Candidate]:
    if isinstance(setup, dict):
        setup = Setup.from_exchange(setup)
    return Extractor(setup).extract(text, published_on)
