"""`zhenggai evaluate` agrees with the shared reference scorer, figure for figure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CORPUS, SHARED, load_gold, shared_or_skip

from nlp.evaluate import aggregate, evaluate, format_report, prf, score_document
from nlp.pipeline import Pipeline
from nlp.reader import read
from nlp.record import to_record


def test_prf_conventions() -> None:
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)
    assert prf(2, 4, 2) == (1.0, 0.5, 2 / 3)


def test_entity_matching_by_overlap_and_value() -> None:
    gold = {"text": "于2023年1月11日反馈", "dates": [{"text": "2023年1月11日", "value": "2023-01-11"}]}
    right = {"dates": [{"text": "2023年1月11日", "start": 1, "end": 11, "value": "2023-01-11"}]}
    wrong = {"dates": [{"text": "2023年1月", "start": 1, "end": 8, "value": "2023-01"}]}
    assert score_document(gold, right)["dates"]["f1_strict"] == 1.0
    assert score_document(gold, wrong)["dates"]["f1_span"] == 1.0
    assert score_document(gold, wrong)["dates"]["f1_strict"] == 0.0


def test_same_lines_as_reference_scorer(tmp_path: Path) -> None:
    dev = shared_or_skip("corpus", "dev")
    scorer = SHARED / "tools" / "score.py"
    gold = {p.name.split(".")[0]: load_gold(p) for p in sorted(dev.glob("*.gold.json"))}
    gold["seed"] = load_gold(CORPUS / "seed.gold.json")
    pipeline = Pipeline()
    records = {}
    for gid in gold:
        folder = CORPUS if gid == "seed" else dev
        document = read(folder / f"{gid}.txt")
        records[gid] = to_record(pipeline(document.text, document.source))
    for folder, ids in ((dev, [g for g in gold if g != "seed"]), (CORPUS, ["seed"])):
        pred = tmp_path / folder.name
        pred.mkdir()
        for gid in ids:
            (pred / f"{gid}.json").write_text(json.dumps(records[gid], ensure_ascii=False), encoding="utf-8")
        args = [sys.executable, str(scorer), str(folder), str(pred)] + (["--only", "seed"] if ids == ["seed"] else [])
        expected = subprocess.run(args, capture_output=True, text=True, check=True).stdout.splitlines()
        agg, per_doc = evaluate({g: gold[g] for g in ids}, {g: records[g] for g in ids})
        assert list(format_report(agg, per_doc)) == expected
        assert aggregate(per_doc) == agg


REAL_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "real" / "notices.jsonl"


def test_evaluate_a_corpus_file_of_real_notices(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in REAL_CORPUS.read_text(encoding="utf-8").splitlines()]
    sample = [r for r in rows if r["summary"] and r["items"]][:3]
    corpus = tmp_path / "sample.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "nlp.cli", "evaluate", str(corpus), "--fields"],
                          capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("pairs") and not any(line.startswith("dates") for line in lines)
    stated = sum(len(r["summary"]) for r in sample)
    assert any("summary acc=" in line and line.endswith(f"of {stated}") for line in lines)
    assert any(line.startswith("summary ") and "issues_total" in line for line in lines)


def test_real_corpus_lines_keep_their_source() -> None:
    rows = [json.loads(line) for line in REAL_CORPUS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 80 and len({r["url"] for r in rows}) == len(rows)
    assert all(r["url"].startswith("http") and r["text"].strip() for r in rows)
