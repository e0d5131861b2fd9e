"""The command line: formats, batches with bad inputs, exit codes, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from nlp.cli import main

GOOD = FIXTURES / "reference_layout.txt"


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json_record(capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "parse", str(GOOD), "--format", "json", "--no-classify")
    record = json.loads(out)
    assert (code, err) == (0, "")
    assert record["schema"] == "zhenggai.notice/1"
    assert record["source"]["path"] == str(GOOD)
    assert len(record["pairs"]) == 4
    for key in ("meta", "summary", "dates", "money", "titles", "warnings"):
        assert key in record
    text = record["text"]
    for pair in record["pairs"]:
        for part in ("issue", "response"):
            assert text[pair[part]["start"] : pair[part]["end"]] == pair[part]["text"]


def test_batch_keeps_going_after_bad_files(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, "parse", str(empty), str(GOOD), str(binary), str(missing), "--no-classify")
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"]["path"] for r in records] == [str(GOOD)]
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"zhenggai: {empty}: ") and "empty" in lines[0]
    assert lines[1].startswith(f"zhenggai: {binary}: ") and "an image of a notice" in lines[1]
    assert lines[2] == f"zhenggai: {missing}: no such file"
    assert "Traceback" not in err


def test_nothing_parsed_exits_2(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "parse", str(tmp_path / "none.txt"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1


def test_folder_in_jsonl_out(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(capsys, "parse", str(FIXTURES), "--no-classify")
    paths = [json.loads(line)["source"]["path"] for line in out.splitlines()]
    assert code == 0
    assert paths == sorted(str(p) for p in FIXTURES.glob("*.txt"))


def test_csv_has_one_row_per_pair(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "parse", str(GOOD), "--format", "csv", "--no-classify")
    assert out.startswith("\ufeff"), "a BOM, so Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["文件", "编号", "层级", "问题"]
    assert [r[3] for r in rows[1:]] == ["农村供水工程运行管护不到位", "河道采砂监管乏力",
                                        "项目资金拨付不及时,部分资金长期闲置。", "局机关干部学习‘走过场’"]


def test_table_format(capsys: pytest.CaptureFixture) -> None:
    _, out, _ = run(capsys, "parse", str(GOOD), "--format", "table", "--no-classify")
    assert "巡察组: 县委第三巡察组" in out
    assert "二/(二)" in out


def test_output_is_byte_identical(capsys: pytest.CaptureFixture) -> None:
    first = run(capsys, "parse", str(FIXTURES), "--format", "jsonl")[1]
    second = run(capsys, "parse", str(FIXTURES), "--format", "jsonl")[1]
    records = [json.loads(line) for line in first.splitlines()]
    assert len(records) == len(list(FIXTURES.glob("*.txt")))
    assert all(p["domain"] and p["status"] for r in records for p in r["pairs"])
    assert first == second


def test_output_file(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "parse", str(GOOD), "-o", str(target), "--no-classify")
    assert (code, out) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))["meta"]["issuer"] == "中共云溪县水务局党组"


def test_evaluate_prints_the_scorer_lines(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    (tmp_path / "n1.txt").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    gold = {
        "meta": {"inspection_body": "县委第三巡察组", "feedback_date": "2023-06-20", "publish_date": "2023-09-15"},
        "summary": {},
        "items": [{"kind": "issue", "heading": "农村供水工程运行管护不到位", "domain": "public_service"},
                  {"kind": "issue", "heading": "不存在的问题标题"}],
        "dates": [{"text": "2023年6月20日", "kind": "date", "value": "2023-06-20"}],
        "money": [{"text": "18.6万元", "yuan": 186000.0}],
        "titles": [],
    }
    (tmp_path / "n1.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(tmp_path))
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == "pairs    P=0.250 R=0.500 F1=0.333 (gold 2, pred 4)"
    assert lines[2].startswith("money    P=0.333 R=1.000")
    assert lines[4] == "meta     acc=1.000 of 3   summary acc=n/a"


def test_evaluate_without_gold_files(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(tmp_path))
    assert (code, out) == (2, "")
    assert "no gold files" in err
