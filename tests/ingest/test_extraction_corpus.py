"""The extractor on the annotated corpus: the seed at the issue's targets, the rest as a guard.

The numbers here are floors against regressions, not the measurement: that is
``python -m negotiations.ingest.evaluate tests/ingest/corpus`` (``make eval``).
"""

import datetime as dt
import json
from pathlib import Path

from negotiations.ingest.evaluate import FIELDS, load, score_article
from negotiations.ingest.extraction import Setup, extract

CORPUS = Path(__file__).parent / "corpus"


def _totals(batch):
    totals = {f: [0, 0, 0, 0] for f in FIELDS}
    for _name, text, published, gold, setup in load(CORPUS, batch):
        cands = [c.as_dict() for c in extract(text, published, Setup.from_exchange(setup))]
        for f, row in score_article(gold, cands).items():
            for k in range(4):
                totals[f][k] += row[k]
    return {f: (r[2] / r[3] if r[3] else 1.0) for f, r in totals.items()}


def test_seed_article_json_meets_the_issue_targets():
    setup = json.loads((CORPUS / "seed-article.setup.json").read_text())
    gold = json.loads((CORPUS / "seed-article.gold.json").read_text())
    cands = [
        c.as_dict()
        for c in extract(
            (CORPUS / "seed-article.txt").read_text(),
            dt.date(2022, 3, 16),
            Setup.from_exchange(setup),
        )
    ]
    r = score_article(gold, cands)
    recall = {f: row[2] / row[3] for f, row in r.items() if row[3]}
    assert recall["quotes"] >= 0.9
    quotes_found = r["quotes"][2]
    assert quotes_found == r["quotes"][3]
    assert recall["speaker"] >= 0.85
    assert recall["party"] >= 0.85
    assert recall["date"] == 1.0
    assert recall["demand+position"] >= 0.6


def test_every_annotated_batch_stays_above_its_floor():
    for batch in ("dev", "dev2", "heldout"):
        recall = _totals(batch)
        assert recall["quotes"] >= 0.9, batch
        assert recall["speaker"] >= 0.8, batch
        assert recall["party"] >= 0.8, batch
        assert recall["date"] >= 0.7, batch
        assert recall["demand+position"] >= 0.5, batch
