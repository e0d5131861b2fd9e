"""Comparing notices: the reference notice against a second notice built from it — issues regrouped
under categories with 1.关于“…”问题的整改 headings, every 8th dropped, some reworded and their
clauses swapped, three new issues."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp
from nlp.cli import main
from nlp.compare import _table, align, compare, grams

REFERENCE = nlp.to_record(nlp.parse(nlp.load("reference"), classify=False))
# near-synonyms other than those benchmarks/compare_threshold.py learned the threshold with
REWORDING = [("迟缓", "缓慢"), ("监管", "监督管理"), ("缺位", "不到位"), ("未能", "没有"), ("有差距", "存在差距")]
NEW = ["食堂采购验收制度执行不严", "公务用车使用登记不完整", "干部教育培训计划落实不到位"]


def _reworded(text: str, n: int) -> str:
    if n % 3:
        return text
    for old, new in REWORDING:
        text = text.replace(old, new)
    clauses = text.split(",")
    return ",".join([*clauses[1:], clauses[0]]) if len(clauses) > 1 else text


def _second_notice() -> tuple[str, dict[int, int], set[int]]:
    """The second notice's text, which issue of it each kept reference issue became, and the dropped ones."""
    pairs = REFERENCE["pairs"]
    kept = [p for p in pairs if p["index"] % 8]
    lines = ["关于巡察反馈问题整改落实情况的报告", "一、整改工作情况", "二、问题整改情况"]
    mapping, number = {}, 0
    groups = [("(一)履行主体责任方面", kept[:30]), ("(二)民生保障方面", kept[30:]), ("(三)其他方面", [])]
    for heading, members in groups:
        lines.append(heading)
        issues = [(p["index"], _reworded(p["issue"]["text"], p["index"]), p["response"]["text"]) for p in members]
        if heading.startswith("(三)"):
            issues = [(None, text, "已制定整改方案,正在推进。") for text in NEW]
        for local, (index, text, response) in enumerate(issues, start=1):
            number += 1
            lines += [f"{local}.关于“{text}”问题的整改", f"整改情况:{response}"]
            if index is not None:
                mapping[index] = number
    return "\n".join(lines) + "\n", mapping, {p["index"] for p in pairs if not p["index"] % 8}


@pytest.fixture(scope="module")
def second() -> tuple[dict, dict[int, int], set[int]]:
    text, mapping, dropped = _second_notice()
    record = nlp.to_record(nlp.parse(text, classify=False))
    assert len(record["pairs"]) == len(mapping) + len(NEW), "the built notice parses into its issues"
    return record, mapping, dropped


def test_compare_finds_the_kept_issues(second) -> None:
    record, mapping, dropped = second
    result = compare(REFERENCE, record)
    found = {(m["a"]["index"], m["b"]["index"]) for m in result["matched"]}
    truth = set(mapping.items())
    precision, recall = len(found & truth) / len(found), len(found & truth) / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert {x["index"] for x in result["only_a"]} == dropped
    assert [x["issue"] for x in result["only_b"]] == NEW


def test_compare_command_json_and_html(second, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    record, _, _ = second
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps(REFERENCE, ensure_ascii=False) + "\n", encoding="utf-8")
    b.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["compare", str(a), str(b), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"matched", "only_a", "only_b", "status_changes", "reused_responses"}
    assert len(result["reused_responses"]) >= 60, "kept responses are copied word for word"
    assert main(["compare", str(a), str(b), "--format", "html", "-o", str(tmp_path / "c.html")]) == 0
    assert "仅B" in (tmp_path / "c.html").read_text(encoding="utf-8")


def test_table_entries() -> None:
    assert 0 < _table()["threshold"] < 1 and 0 < _table()["reuse_threshold"] <= 1 and _table()["reuse_min_chars"] > 0
    assert align(["公务接待不规范"], ["档案管理混乱"]) == []
    assert grams("“台账”", (1,)) == grams("台账", (1,))
