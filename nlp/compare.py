"""Comparing two notices (通报比对): which issues match, which are only on one side.

The issues of two records — a feedback list and the rectification report, two rounds for the
same body, or two bodies — are aligned one to one: the similarity of two issues is the cosine
of their character 1–3-gram TF-IDF vectors (reordering, regrouping and swapped clauses keep
most n-grams), and the assignment maximises the total similarity (``linear_sum_assignment``)
rather than taking the first good match. A pair of issues is matched when its similarity
reaches the threshold of ``nlp/data/compare.yaml``, learned on data by
``benchmarks/compare_threshold.py``. Status changes between matched pairs and responses reused
between the two notices (near-identical text) are reported as well.

>>> a = {"pairs": [{"index": 1, "issue": {"text": "公务接待不规范"}, "response": {"text": "已整改"}}]}
>>> b = {"pairs": [{"index": 1, "issue": {"text": "公务接待管理不规范"}, "response": {"text": "已完成"}},
...                {"index": 2, "issue": {"text": "档案管理混乱"}, "response": {"text": "已建档"}}]}
>>> result = compare(a, b)
>>> [(m["a"]["index"], m["b"]["index"]) for m in result["matched"]], [x["index"] for x in result["only_b"]]
([(1, 1)], [2])
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from nlp.normalize import shadow
from nlp.tables import load_table

_NOISE = re.compile(r"[\s\"“”‘’'《》〈〉()（）,，。;；:：、!！?？\-—]")


@functools.cache
def _table() -> dict:
    return load_table("compare")


def grams(text: str, orders: tuple[int, ...] = (1, 2, 3)) -> Counter:
    """Character n-grams of the normalised text (punctuation and spaces left out).

    >>> sorted(grams("台账", (1, 2)))
    ['台', '台账', '账']
    """
    clean = _NOISE.sub("", shadow(text))
    return Counter(clean[i:i + n] for n in orders for i in range(len(clean) - n + 1))


def similarity_matrix(left: list[str], right: list[str]) -> list[list[float]]:
    """Cosine similarity of TF-IDF n-gram vectors, idf over both lists."""
    bags = [grams(t) for t in left + right]
    df = Counter(g for bag in bags for g in bag)
    total = len(bags)
    vectors = []
    for bag in bags:
        vector = {g: c * (math.log((1 + total) / (1 + df[g])) + 1) for g, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({g: v / norm for g, v in vector.items()})
    lefts, rights = vectors[: len(left)], vectors[len(left):]
    return [[sum(v * r.get(g, 0.0) for g, v in a.items()) for r in rights] for a in lefts]


def align(left: list[str], right: list[str], threshold: float | None = None) -> list[tuple[int, int, float]]:
    """One-to-one matches (left index, right index, similarity) at or above the threshold."""
    from scipy.optimize import linear_sum_assignment

    if not left or not right:
        return []
    threshold = _table()["threshold"] if threshold is None else threshold
    matrix = similarity_matrix(left, right)
    rows, cols = linear_sum_assignment([[-s for s in row] for row in matrix])
    return sorted((int(i), int(j), round(matrix[i][j], 4)) for i, j in zip(rows, cols, strict=True)
                  if matrix[i][j] >= threshold)


def compare(a: dict, b: dict, threshold: float | None = None) -> dict:
    """Align the issues of two records: matched pairs, issues only in ``a`` or only in ``b``,
    status changes between matched pairs, and responses reused between the two."""
    pa, pb = a.get("pairs") or [], b.get("pairs") or []
    matches = align([p["issue"]["text"] for p in pa], [p["issue"]["text"] for p in pb], threshold)

    def side(pair: dict) -> dict:
        return {"index": pair["index"], "no": pair.get("no"), "issue": pair["issue"]["text"]}

    matched = [{"a": side(pa[i]), "b": side(pb[j]), "similarity": s} for i, j, s in matches]
    used_a, used_b = {i for i, _, _ in matches}, {j for _, j, _ in matches}
    changes = [{"a": side(pa[i]), "b": side(pb[j]), "from": _status(pa[i]), "to": _status(pb[j])}
               for i, j, _ in matches if _status(pa[i]) != _status(pb[j])]
    return {"matched": matched,
            "only_a": [side(p) for i, p in enumerate(pa) if i not in used_a],
            "only_b": [side(p) for j, p in enumerate(pb) if j not in used_b],
            "status_changes": changes, "reused_responses": _reused(pa, pb)}


def _status(pair: dict) -> str | None:
    return (pair.get("status") or {}).get("label")


def _reused(pa: list[dict], pb: list[dict]) -> list[dict]:
    """Responses of ``b`` nearly identical to one of ``a`` (a report copied from an earlier one)."""
    texts_a = [p["response"]["text"] for p in pa]
    texts_b = [p["response"]["text"] for p in pb]
    keep_a = [i for i, t in enumerate(texts_a) if len(t) >= _table()["reuse_min_chars"]]
    keep_b = [j for j, t in enumerate(texts_b) if len(t) >= _table()["reuse_min_chars"]]
    if not keep_a or not keep_b:
        return []
    matrix = similarity_matrix([texts_a[i] for i in keep_a], [texts_b[j] for j in keep_b])
    return [{"a": pa[keep_a[x]]["index"], "b": pb[keep_b[y]]["index"], "similarity": round(s, 4)}
            for x, row in enumerate(matrix) for y, s in enumerate(row) if s >= _table()["reuse_threshold"]]


def format_table(result: dict) -> str:
    """The comparison for a terminal: matches, then each side's own issues, then status changes."""
    lines = [f"匹配 {len(result['matched'])} 个问题; 仅A {len(result['only_a'])} 个; 仅B {len(result['only_b'])} 个"]
    lines += [f"  = A{m['a']['index']:>3} ↔ B{m['b']['index']:>3}  {m['similarity']:.2f}  {m['a']['issue'][:40]}"
              for m in result["matched"]]
    lines += [f"  - A{x['index']:>3}  {x['issue'][:50]}" for x in result["only_a"]]
    lines += [f"  + B{x['index']:>3}  {x['issue'][:50]}" for x in result["only_b"]]
    lines += [f"  状态 A{c['a']['index']} {c['from']} → B{c['b']['index']} {c['to']}" for c in result["status_changes"]]
    lines += [f"  复用 A{r['a']} ≈ B{r['b']}  {r['similarity']:.2f}" for r in result["reused_responses"]]
    return "\n".join(lines) + "\n"
