"""Classifier against the gold: 5-fold cross-validation on the seed annotations and the
domains of the development headings (../shared; skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_gold, shared_or_skip

from nlp.classify import load_classifier
from nlp.classify.training import cross_validate, format_cv_report

ROOT = Path(__file__).resolve().parents[1]


def test_cross_validation_meets_the_targets():
    shared_or_skip("corpus", "seed.gold.json")
    report = cross_validate(5, ROOT / "corpus")
    domain, pairs = report["domain"], report["pairs"]
    table = format_cv_report(report)
    assert domain["notices"] >= 80 and domain["n"] >= 480, table
    assert domain["variants"]["hybrid"]["domain_acc"] >= 0.85, table
    assert domain["calibrated"]["ece"] <= 0.10, table
    assert domain["calibrated"]["kept_acc"] >= 0.92, table
    assert domain["calibrated"]["errors_caught"] >= 0.5, table
    hybrid = pairs["variants"]["hybrid"]
    assert pairs["n"] == 80 and hybrid["measure_f1"] >= 0.80 and hybrid["status_acc"] >= 0.80, table
    assert set(domain["variants"]) == set(pairs["variants"]) == {"rules", "model", "hybrid"}


def test_corpus_annotations_match_the_seed_gold():
    gold = load_gold(shared_or_skip("corpus", "seed.gold.json"))
    from nlp.classify.training import load_pairs

    pairs = load_pairs(ROOT / "corpus")
    assert [(p["heading"], p["domain"], p["measures"], p["status"]) for p in pairs] == [
        (i["heading"], i["domain"], i["measures"], i["status"]) for i in gold["items"]]


def test_dev_headings_get_their_gold_domain():
    dev = shared_or_skip("corpus", "dev")
    items = [item for path in sorted(dev.glob("*.gold.json")) for item in load_gold(path)["items"]
             if item.get("domain")]
    if not items:
        pytest.skip("no dev headings with a gold domain")
    clf = load_classifier(ROOT / "models")
    hits = [clf.domain(item["heading"], "").label == item["domain"] for item in items]
    assert sum(hits) / len(hits) >= 0.75, [i["heading"] for i, ok in zip(items, hits, strict=True) if not ok]
