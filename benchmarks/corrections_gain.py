"""Does retraining with reviewers' corrections help on a notice the models never saw?

usage: python benchmarks/corrections_gain.py [--notice ID]

Takes the fresh-set notice (corpus/real/fresh3.jsonl, never trained on) with the most labelled
headings, or --notice ID. A reviewer "corrects" the domain of its first half of headings to the
gold label (measures and status as predicted); the models are retrained with those corrections
(`zhenggai train --corrections`, into a temporary folder) and the domain accuracy on the notice's
other half is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from nlp.bundled import CORPUS_DIR, load
from nlp.classify import load_classifier
from nlp.classify.training import train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notice")
    args = parser.parse_args()
    notices = load("fresh")
    issues = lambda n: [i for i in n["items"] if i.get("kind") != "category" and i.get("domain")]  # noqa: E731
    by_size = max(notices, key=lambda n: len(issues(n)))
    notice = next(n for n in notices if n["id"] == args.notice) if args.notice else by_size
    items = issues(notice)
    half = len(items) // 2
    taught, held = items[:half], items[half:]
    before = load_classifier()
    with tempfile.TemporaryDirectory() as tmp:
        corrections = Path(tmp) / "corrections.jsonl"
        with open(corrections, "w", encoding="utf-8") as out:
            for n, item in enumerate(taught, start=1):
                result = before.classify(item["heading"], "")
                row = {"sha256": notice["id"], "pair_id": f"p{n:03d}", "issue": item["heading"], "response": "",
                       "old": {"domain": result.domain.label}, "new": {"domain": item["domain"], "measures": [],
                                                                          "status": result.status.label}}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        train(corpus_dir=CORPUS_DIR, models_dir=Path(tmp) / "models", corrections=corrections)
        after = load_classifier(Path(tmp) / "models")
        for name, clf in (("before", before), ("after", after)):
            right = sum(clf.domain(i["heading"], "").label == i["domain"] for i in held)
            print(f"{name:6s} retraining: {right}/{len(held)} = {right / len(held):.3f} of the other headings of "
                  f"{notice['id']} right ({len(taught)} headings corrected)")


if __name__ == "__main__":
    main()
