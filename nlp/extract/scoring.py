"""Entity scoring (实体评分) the way ``shared/tools/score.py`` does it, for dates, money, titles.

A prediction matches a gold entry when their spans overlap; it is strict-correct when
the value is equal too. Gold entries marked ``in_title``/``garbled``/``truncated`` are
neither required nor penalised: predictions overlapping them are dropped.

>>> gold = [{"text": "3月22日", "start": 0, "value": "2023-03-22"}]
>>> pred = [{"text": "3月22日", "start": 0, "end": 5, "value": "2023-03-22"}]
>>> score_entities("dates", gold, pred)
{'gold': 1, 'pred': 1, 'tp': 1}
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Entity = dict[str, Any]


def _norm(text: str | None) -> str:
    return re.sub(r"[\s“”\"‘’'「」]", "", text or "").replace("（", "(").replace("）", ")").replace("：", ":")


def _overlap(a: Entity, b: Entity) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _same_date(g: Entity, p: Entity) -> bool:
    return str(g.get("value")) == str(p.get("value"))


def _same_money(g: Entity, p: Entity) -> bool:
    try:
        return abs(float(g["yuan"]) - float(p["yuan"])) < 0.005
    except (KeyError, TypeError, ValueError):
        return False


def _same_title(g: Entity, p: Entity) -> bool:
    return _norm(g["text"]) == _norm(p.get("text")) and bool(g.get("nested")) == bool(p.get("nested"))


SAME: dict[str, Callable[[Entity, Entity], bool]] = {"dates": _same_date, "money": _same_money, "titles": _same_title}


def _skipped(entity: Entity) -> bool:
    return bool(entity.get("in_title") or entity.get("garbled") or entity.get("truncated"))


def score_entities(family: str, gold: list[Entity], pred: list[Entity]) -> dict[str, int]:
    """Counts ``gold``, ``pred`` and strict true positives ``tp`` for one document.

    ``gold`` entries need ``text`` and ``start``; ``pred`` entries ``start`` and ``end``.
    """
    same = SAME[family]
    spans = [dict(g, end=g["start"] + len(g["text"])) for g in gold]
    ignored = [g for g in spans if _skipped(g)]
    required = [g for g in spans if not _skipped(g)]
    kept = [p for p in pred if not any(_overlap(p, g) for g in ignored)]
    used: set[int] = set()
    tp = 0
    for g in required:
        best = None
        for j, p in enumerate(kept):
            if j in used or not _overlap(g, p):
                continue
            best = j
            if same(g, p):
                break
        if best is not None:
            used.add(best)
            tp += same(g, kept[best])
    return {"gold": len(required), "pred": len(kept), "tp": tp}


def prf(counts: dict[str, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from summed counts, with score.py's conventions for zeros.

    >>> prf({"gold": 4, "pred": 5, "tp": 4})
    (0.8, 1.0, 0.8888888888888888)
    """
    tp, n_gold, n_pred = counts["tp"], counts["gold"], counts["pred"]
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
