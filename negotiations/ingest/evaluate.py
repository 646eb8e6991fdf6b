"""Score the extractor against annotated articles.

    python -m negotiations.ingest.evaluate tests/ingest/corpus [--batch dev|heldout|seed] [-v]

Each article is ``NAME.txt`` with ``NAME.gold.json`` (the annotation), ``NAME.setup.json``
(what the editor had configured) and optionally ``NAME.meta.json`` (``published_on``,
``batch``). Gold statements are matched to candidates by their quoted words (quotes) or by
their evidence (reported positions); then each field is scored:

- quotes: recall = gold quotations found, precision = quotation candidates that are gold;
- statements: the same over all gold statements and all candidates;
- speaker, party: right among matched gold statements (precision) and among all (recall);
- date: precision over candidate dates given, recall over gold statements that have a day
  (a gold null is right only when the candidate gives none);
- demand, demand+position: a gold stance is found when a matched candidate suggests that
  demand (and position); precision is over the stances suggested on matched candidates.

Needs no database: it runs the plain extractor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from negotiations.ingest.extraction import Setup, extract
from negotiations.ingest.extraction.text import fold, words

FIELDS = ["quotes", "statements", "speaker", "party", "date", "demand", "demand+position"]


def _toks(text: str | None) -> list[str]:
    return words(fold(text or "").replace("...", " "))


def _overlap(gold: str, cand: str) -> float:
    g, c = Counter(_toks(gold)), Counter(_toks(cand))
    if not g or not c:
        return 0.0
    common = sum((g & c).values())
    return max(
        common / sum(g.values()) * 0.9,
        common / sum(c.values()) * 0.6 if common / sum(g.values()) > 0.3 else 0,
    )


def match(gold: list[dict], cands: list[dict]) -> dict[int, int]:
    """gold index -> candidate index. Quotes match one to one; reported positions may share
    a candidate (one sentence often carries several positions)."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    scored = []
    for gi, g in enumerate(gold):
        if not g.get("quote"):
            continue
        for ci, c in enumerate(cands):
            if c["kind"] == "quote":
                s = _overlap(g["quote"], c["text"])
                if s >= 0.5:
                    scored.append((s, gi, ci))
    for _score, gi, ci in sorted(scored, reverse=True):
        if gi not in pairs and ci not in used:
            pairs[gi] = ci
            used.add(ci)
    for gi, g in enumerate(gold):
        if gi in pairs:
            continue
        best = None
        for ci, c in enumerate(cands):
            s = max(
                _overlap(g["evidence"], c["text"]), _overlap(g["evidence"], c["evidence"]) * 0.8
            )
            if g.get("quote") and c["kind"] == "quote":
                s = max(s, _overlap(g["quote"], c["text"]))
            if s < 0.45:
                continue
            demands = {st["demand"] for st in c["stances"]}
            bonus = 0.3 * (g.get("demand_slug") in demands) + 0.1 * (g["party_slug"] == c["party"])
            bonus += 0.2 * (g.get("speaker") == c["speaker"]) - 0.3 * (ci in used)
            if best is None or s + bonus > best[0]:
                best = (s + bonus, ci)
        if best:
            pairs[gi] = best[1]
            used.add(best[1])
    return pairs


def score_article(gold: list[dict], cands: list[dict]) -> dict[str, list[int]]:
    """field -> [right predictions, predictions, gold found, gold]."""
    pairs = match(gold, cands)
    r: dict[str, list[int]] = {f: [0, 0, 0, 0] for f in FIELDS}
    gold_quotes = [i for i, g in enumerate(gold) if g.get("quote")]
    found_q = [gi for gi in gold_quotes if gi in pairs and cands[pairs[gi]]["kind"] == "quote"]
    quote_cands = [i for i, c in enumerate(cands) if c["kind"] == "quote"]
    r["quotes"] = [
        len({pairs[g] for g in found_q}),
        len(quote_cands),
        len(found_q),
        len(gold_quotes),
    ]
    matched = set(pairs.values())
    r["statements"] = [len(matched), len(cands), len(pairs), len(gold)]
    for gi, g in enumerate(gold):
        c = cands[pairs[gi]] if gi in pairs else None
        for f, gv, cv in (
            ("speaker", g.get("speaker"), c and c["speaker"]),
            ("party", g.get("party_slug"), c and c["party"]),
        ):
            r[f][3] += 1
            if c is not None:
                ok = int((gv or None) == (cv or None))
                r[f][0] += ok
                r[f][1] += 1
                r[f][2] += ok
        if c is not None and c["said_on"]:
            r["date"][1] += 1
            r["date"][0] += int(c["said_on"] == g.get("date"))
        if g.get("date"):
            r["date"][3] += 1
            r["date"][2] += int(c is not None and c["said_on"] == g["date"])
        if g.get("demand_slug"):
            r["demand"][3] += 1
            r["demand+position"][3] += 1
            if c is not None:
                sts = c["stances"]
                r["demand"][2] += int(any(s["demand"] == g["demand_slug"] for s in sts))
                r["demand+position"][2] += int(
                    any(
                        s["demand"] == g["demand_slug"] and s["position"] == g["position"]
                        for s in sts
                    )
                )
    # each stance suggested on a matched candidate: right if some gold on it has it
    golds_by_cand: dict[int, list[dict]] = {}
    for gi, ci in pairs.items():
        golds_by_cand.setdefault(ci, []).append(gold[gi])
    for ci, gs in golds_by_cand.items():
        for s in cands[ci]["stances"]:
            r["demand"][1] += 1
            r["demand+position"][1] += 1
            r["demand"][0] += int(any(g.get("demand_slug") == s["demand"] for g in gs))
            r["demand+position"][0] += int(
                any(
                    g.get("demand_slug") == s["demand"] and g.get("position") == s["position"]
                    for g in gs
                )
            )
    return r


def load(corpus: Path, batch: str | None):
    for txt in sorted(corpus.glob("*.txt")):
        name = txt.stem
        gold_path, setup_path = corpus / f"{name}.gold.json", corpus / f"{name}.setup.json"
        if not gold_path.exists() or not setup_path.exists():
            continue
        meta_path = corpus / f"{name}.meta.json"
        meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        if batch and meta.get("batch") != batch:
            continue
        published = meta.get("published_on")
        yield (
            name,
            txt.read_text(),
            dt.date.fromisoformat(published) if published else None,
            json.loads(gold_path.read_text()),
            json.loads(setup_path.read_text()),
        )


def _pr(tp: int, pred: int, found: int, gold: int) -> str:
    p = f"{tp / pred:6.0%}" if pred else "     -"
    r = f"{found / gold:6.0%}" if gold else "     -"
    return f"{p} {r}"


def run(
    corpus: Path, batch: str | None = None, verbose: bool = False, out=sys.stdout
) -> dict[str, Any]:
    totals = {f: [0, 0, 0, 0] for f in FIELDS}
    header = f"{'article':40s}" + "".join(f" {f[:15]:>13s}" for f in FIELDS)
    print(header, file=out)
    print(f"{'':40s}" + " P      R     " * len(FIELDS), file=out)
    for name, text, published, gold, setup in load(corpus, batch):
        cands = [c.as_dict() for c in extract(text, published, Setup.from_exchange(setup))]
        r = score_article(gold, cands)
        for f in FIELDS:
            for k in range(4):
                totals[f][k] += r[f][k]
        print(f"{name[:40]:40s}" + "".join(f" {_pr(*r[f])}" for f in FIELDS), file=out)
        if verbose:
            _explain(gold, cands, out)
    print(f"{'TOTAL':40s}" + "".join(f" {_pr(*totals[f])}" for f in FIELDS), file=out)
    return totals


def _explain(gold, cands, out) -> None:
    pairs = match(gold, cands)
    for gi, g in enumerate(gold):
        c = cands[pairs[gi]] if gi in pairs else None
        gs = (g.get("demand_slug"), g.get("position"))
        if c is None:
            print(
                f"   MISS  {g.get('speaker')}/{g['party_slug']} {gs} {g['evidence'][:90]!r}",
                file=out,
            )
            continue
        cs = [(s["demand"], s["position"]) for s in c["stances"]]
        flags = []
        if (g.get("speaker") or None) != c["speaker"]:
            flags.append(f"speaker {c['speaker']}!={g.get('speaker')}")
        if g["party_slug"] != c["party"]:
            flags.append(f"party {c['party']}!={g['party_slug']}")
        if g.get("date") != c["said_on"]:
            flags.append(f"date {c['said_on']}!={g.get('date')}")
        if (g.get("demand_slug") and gs not in cs) or (not g.get("demand_slug") and cs):
            flags.append(f"stance {cs}!={gs}")
        if flags:
            print(f"   {'; '.join(flags)} :: {g['evidence'][:70]!r}", file=out)
    for ci, c in enumerate(cands):
        if ci not in pairs.values():
            print(f"   EXTRA {c['kind']} {c['speaker']}/{c['party']} {c['text'][:80]!r}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--batch", help="only articles whose meta.json has this batch")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    run(args.corpus, args.batch, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
