"""Score the extractors against the shared gold (../shared/corpus) the way score.py does.

The gold texts are third-party material: they are read in place, never copied here.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from nlp.evaluate import micro_prf, score_entities
from nlp.extract.dates import extract_dates
from nlp.extract.money import extract_money
from nlp.extract.titles import extract_titles

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
EXTRACTORS: dict[str, Callable[[str], list]] = {
    "dates": extract_dates, "money": extract_money, "titles": extract_titles,
}
# minimum strict F1 per (set, family)
TARGETS = {
    ("seed", "dates"): 0.97, ("seed", "money"): 1.0, ("seed", "titles"): 0.99,
    ("dev", "dates"): 0.95, ("dev", "money"): 1.0, ("dev", "titles"): 0.95,
}


def _documents(which: str) -> list[Path]:
    if which == "seed":
        return [CORPUS / "seed.gold.json"]
    return sorted((CORPUS / "dev").glob("*.gold.json"))


def _score(which: str, family: str) -> tuple[float, float, float]:
    scores = []
    for gold_path in _documents(which):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        pred = {"text": text, family: [dataclasses.asdict(m) for m in EXTRACTORS[family](text)]}
        scores.append(score_entities(gold, pred, family))
    return micro_prf(scores)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus (../shared/corpus) not available")
@pytest.mark.parametrize(("which", "family"), sorted(TARGETS))
def test_gold_target(which: str, family: str) -> None:
    if not _documents(which):
        pytest.skip(f"no {which} gold files")
    precision, recall, f1 = _score(which, family)
    assert f1 >= TARGETS[which, family], f"{which} {family}: P={precision:.3f} R={recall:.3f} F1={f1:.3f}"
