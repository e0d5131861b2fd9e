"""Learn the matching threshold of ``zhenggai compare`` on the real corpus's issue headings.

usage: python benchmarks/compare_threshold.py

For every notice with at least four labelled headings (corpus/real/notices.jsonl and
heldout.jsonl), its list A is compared with a list B built from it: headings reworded with
near-synonyms, clauses swapped, order shuffled, every fifth heading dropped, and two headings of
another notice added. For each threshold the matched precision, recall and F1 over all notices
are printed; the best threshold goes into nlp/data/compare.yaml.
"""

from __future__ import annotations

import random

from nlp.bundled import load
from nlp.compare import align

SYNONYMS = [("不到位", "不落实"), ("不规范", "不严格"), ("不够", "不太"), ("落实", "贯彻"), ("管理", "管控"),
            ("问题", "情况"), ("存在", "有"), ("工作", "事项"), ("加强", "强化"), ("推进", "推动")]


def reword(text: str, rng: random.Random) -> str:
    for old, new in SYNONYMS:
        if old in text and rng.random() < 0.5:
            text = text.replace(old, new, 1)
    clauses = text.split(",")
    if len(clauses) > 1 and rng.random() < 0.5:
        clauses[0], clauses[1] = clauses[1], clauses[0]
    return ",".join(clauses)


def main() -> None:
    rng = random.Random(20231011)
    notices = [[i["heading"] for i in n["items"] if i.get("kind") != "category"] for n in load("real")]
    notices = [h for h in notices if len(h) >= 4]
    cases = []
    for k, headings in enumerate(notices):
        kept = [(i, reword(h, rng)) for i, h in enumerate(headings) if i % 5 != 4]
        extra = notices[(k + 1) % len(notices)][:2]
        rng.shuffle(kept)
        cases.append((headings, kept, extra))
    print(f"{len(cases)} notices, {sum(len(c[0]) for c in cases)} headings")
    best = None
    for step in range(10, 80, 5):
        threshold = step / 100
        tp = fp = fn = 0
        for headings, kept, extra in cases:
            right = [h for _, h in kept] + extra
            truth = {(i, j) for j, (i, _) in enumerate(kept)}
            found = {(i, j) for i, j, _ in align(headings, right, threshold)}
            tp, fp, fn = tp + len(found & truth), fp + len(found - truth), fn + len(truth - found)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"threshold {threshold:.2f}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        best = max(best or (f1, threshold), (f1, threshold))
    print(f"best: {best[1]:.2f} (F1 {best[0]:.3f})")


if __name__ == "__main__":
    main()
