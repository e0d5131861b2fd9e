"""The parser against the development gold in ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, load_gold, shared_or_skip

from nlp.evaluate import evaluate
from nlp.pipeline import Pipeline
from nlp.reader import read
from nlp.record import to_record


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(classify=False)


def records_for(folder: Path, ids: list[str], pipeline: Pipeline) -> dict[str, dict]:
    records = {}
    for gid in ids:
        document = read(folder / f"{gid}.txt")
        records[gid] = to_record(pipeline(document.text, document.source))
    return records


def test_reference_notice(pipeline: Pipeline) -> None:
    shared_or_skip("corpus", "seed.gold.json")
    gold = {"seed": load_gold(CORPUS / "seed.gold.json")}
    records = records_for(CORPUS, ["seed"], pipeline)
    agg, per_doc = evaluate(gold, records)
    pairs = records["seed"]["pairs"]
    assert [p["index"] for p in pairs] == list(range(1, 81))
    assert agg["pairs"]["f1"] == 1.0
    assert agg["pairs"]["response_exact"] == 80
    assert per_doc["seed"]["meta"]["correct"] == 7
    assert all(p["path"][0] == "二" for p in pairs), "parts 一 and 三 yield no pairs"


def test_dev_excerpts(pipeline: Pipeline) -> None:
    dev = shared_or_skip("corpus", "dev")
    gold = {p.name.split(".")[0]: load_gold(p) for p in sorted(dev.glob("*.gold.json"))}
    records = records_for(dev, sorted(gold), pipeline)
    agg, per_doc = evaluate(gold, records)
    assert agg["pairs"]["r"] >= 0.9
    assert agg["meta"]["acc"] >= 0.9
    assert agg["summary"]["acc"] >= 0.9
    for gid, record in records.items():
        organisational = [x for x in gold[gid]["items"] if x.get("kind") not in ("issue", "sub-issue")]
        reported = {p["issue"]["text"] for p in record["pairs"]}
        assert not any(x["heading"] in reported for x in organisational)
    assert sum(d["pairs"]["pred"] - d["pairs"]["hits"] for d in per_doc.values()) == 0
