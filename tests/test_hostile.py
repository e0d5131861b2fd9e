"""Hostile and broken inputs: every bad file is named with its cause, the good ones still come out,
the output is strict JSON, spreadsheet-safe CSV and escape-free tables, and nothing is lost when
a run is killed. The inputs are generated here, small; full-size runs are in benchmarks/."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from documents import encrypt_pdf, make_docx, make_html, make_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import parse, to_record
from nlp.cli import main
from nlp.errors import FormatError, LimitError, ReadError
from nlp.export.rows import FORMULA_STARTS
from nlp.reader import read
from nlp.reader.limits import Limits

GOOD = (FIXTURES / "reference_layout.txt").read_text(encoding="utf-8")
SMALL = "一、整改情况\n(一)“台账管理不规范”问题\n整改情况:2023年3月已建立台账,追缴资金7.5万元。\n"


def _zip_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", " " * (megabytes * 2**20))
    return buffer.getvalue()


def _strict_json(line: str) -> dict:
    def refuse(name: str) -> None:
        raise ValueError(f"not JSON: {name}")

    return json.loads(line, parse_constant=refuse)


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b_good.html").write_bytes(make_html(GOOD))
    (folder / "c_numerals.txt").write_text("一、" + "一二三四五六七八九十," * 3000, encoding="utf-8")
    (folder / "d_blank_lines.txt").write_text("开头\n" + "\n" * 20000 + "结尾。", encoding="utf-8")
    (folder / "e_titles.txt").write_text("".join(f"《规定{i}》\n" for i in range(3000)), encoding="utf-8")
    (folder / "f_bomb.docx").write_bytes(_zip_bomb(30))
    (folder / "g_locked.pdf").write_bytes(encrypt_pdf(make_pdf(SMALL)))
    (folder / "h_password.pdf").write_bytes(encrypt_pdf(make_pdf(SMALL), user_password="secret"))
    (folder / "i_cid.pdf").write_bytes(make_pdf(SMALL, to_unicode=False))
    (folder / "j_huge_amount.txt").write_text(SMALL.replace("7.5万元", "9" * 320 + "元"), encoding="utf-8")
    injected = SMALL.replace("台账管理不规范", "=HYPERLINK(\"http://x\")").replace("已建立", "\x1b[2J已建立")
    (folder / "k_injection.txt").write_text(injected + GOOD.replace("二、", "二、\x1b]0;x\x07"), encoding="utf-8")
    (folder / "l_minus.txt").write_text(SMALL.replace("台账管理不规范", "-2-台账"), encoding="utf-8")
    (folder / "m_wrong_charset.html").write_bytes(make_html(GOOD).replace(b'charset="utf-8"', b'charset="gbk"'))
    os.mkfifo(folder / "n_fifo.txt")
    (folder / "o_loop.txt").symlink_to(folder / "o_loop.txt")
    return folder


EXPECTED_FAILURES = {
    "f_bomb.docx": "zip bomb",
    "h_password.pdf": "password-protected",
    "i_cid.pdf": "(cid:N)",
    "n_fifo.txt": "not a regular file",
    "o_loop.txt": "symbolic link",
}


def test_hostile_folder(hostile_folder: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["parse", str(hostile_folder), "--format", "jsonl", "--no-classify"])
    out, err = capsys.readouterr()
    records = [_strict_json(line) for line in out.splitlines()]
    parsed = {Path(r["source"]["path"]).name for r in records}
    assert code == 1
    assert {"a_good.txt", "b_good.html", "g_locked.pdf", "j_huge_amount.txt", "m_wrong_charset.html"} <= parsed
    errors = err.strip().splitlines()
    assert len(errors) == len(EXPECTED_FAILURES) and "Traceback" not in err
    for name, cause in EXPECTED_FAILURES.items():
        assert any(line.startswith(f"zhenggai: {hostile_folder / name}: ") and cause in line for line in errors), name
    by_name = {Path(r["source"]["path"]).name: r for r in records}
    assert len(by_name["b_good.html"]["pairs"]) == len(by_name["a_good.txt"]["pairs"]) > 0
    assert by_name["m_wrong_charset.html"]["text"] == by_name["b_good.html"]["text"]
    assert by_name["g_locked.pdf"]["pairs"][0]["issue"]["text"] == "台账管理不规范"
    assert [m["text"] for m in by_name["j_huge_amount.txt"]["money"]] == []


def test_csv_cannot_start_a_formula(hostile_folder: Path, capsys: pytest.CaptureFixture) -> None:
    main(["parse", str(hostile_folder / "k_injection.txt"), str(hostile_folder / "l_minus.txt"), "--format", "csv",
          "--no-classify"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.removeprefix("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'-2-台账" in cells
    assert not any(cell.startswith(FORMULA_STARTS) for cell in cells)


def test_table_has_no_escape_characters(hostile_folder: Path, capsys: pytest.CaptureFixture) -> None:
    main(["parse", str(hostile_folder / "k_injection.txt"), "--format", "table", "--no-classify"])
    out = capsys.readouterr().out
    assert "HYPERLINK" in out and "\x1b" not in out and "\x07" not in out


def test_file_names_cannot_forge_error_lines(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    name = tmp_path / "x\nzhenggai: forged.txt: looks fine"
    name.write_bytes(b"")
    assert main(["parse", str(name)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\\n" in err


@pytest.mark.parametrize(("make", "limits", "error", "cause"), [
    (lambda p: p.write_text("巡察" * 600_000, encoding="utf-8"), Limits(max_mb=1), LimitError, "1 MB limit"),
    (lambda p: p.with_suffix(".docx").write_bytes(make_docx(SMALL)), Limits(unzipped_mb=0), LimitError,
     "above the 0 MB"),
    (lambda p: p.with_suffix(".pdf").write_bytes(make_pdf(SMALL)), Limits(pages=0), LimitError, "1 pages"),
    (lambda p: p.with_suffix(".pdf").write_bytes(encrypt_pdf(make_pdf(SMALL), "pw")), Limits(), FormatError,
     "password"),
])
def test_limits(tmp_path: Path, make, limits: Limits, error: type, cause: str) -> None:
    path = tmp_path / "notice.txt"
    make(path)
    target = next(tmp_path.iterdir())
    with pytest.raises(error, match=cause):
        read(target, limits)


def test_a_device_is_not_read() -> None:
    with pytest.raises(ReadError, match="not a regular file"):
        read("/dev/zero")


def test_docx_entities_are_refused(tmp_path: Path) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "整改整改整改整改"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    path = tmp_path / "laughs.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(FormatError, match="refused"):
        read(path)


# -- output ---------------------------------------------------------------------------------------

def test_bad_output_paths_fail_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(GOOD, encoding="utf-8")
    cases = {str(tmp_path / "missing" / "out.json"): "no such folder", str(tmp_path): "is a folder",
             str(notice): "is one of the inputs", "/dev/full": "No space left on device"}
    for output, cause in cases.items():
        assert main(["parse", str(notice), "-o", output, "--no-classify"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and cause in err, (output, err)
    assert notice.read_text(encoding="utf-8") == GOOD


def test_output_file_appears_only_when_complete(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notice, out = tmp_path / "notice.txt", tmp_path / "out.jsonl"
    notice.write_text(GOOD, encoding="utf-8")
    out.write_text("stale", encoding="utf-8")
    assert main(["parse", str(notice), str(notice), "-o", str(out), "--no-classify"]) == 0
    assert [len(_strict_json(line)["pairs"]) for line in out.read_text(encoding="utf-8").splitlines()] == [4, 4]
    assert not Path(f"{out}.partial").exists()


def test_kill_9_keeps_every_record_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen([sys.executable, "-m", "nlp.cli", "parse", str(folder), "-o", str(out),
                                "--no-classify"], stderr=subprocess.PIPE)
    partial = Path(f"{out}.partial")
    while process.poll() is None and (not partial.exists() or partial.read_bytes().count(b"\n") < 3):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    lines = partial.read_bytes().split(b"\n")
    complete = [_strict_json(line.decode("utf-8")) for line in lines[:-1]]
    assert len(complete) >= 3 and all(len(r["pairs"]) == 4 for r in complete)
    assert not out.exists()


# -- generated adversarial texts ------------------------------------------------------------------

RUNS = ["一二三四五六七八九十", "1234567890", ",", "、", "《", "》", "〈", "\n", " ", "年", "月", "日", "万元", "元",
        "(一)", "1.", "问题", "整改情况:", "“", "”", "%", "个", "项"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(RUNS), st.integers(1, 400)), max_size=12))
def test_adversarial_runs_parse_to_strict_json(parts: list[tuple[str, int]]) -> None:
    text = "".join(piece * count for piece, count in parts)
    record = to_record(parse(text, classify=False))
    _strict_json(json.dumps(record, ensure_ascii=False))
    for key in ("dates", "money", "titles", "quantities"):
        assert all(text[m["start"]:m["end"]] == m["text"] for m in record[key])


@pytest.mark.parametrize("text", [
    "〇一二三四五六七八九" * 800 + "个问题",  # a numeral run with a unit: 8,000 digits are not a count
    "《关于" + "〈" * 5000 + "办法",  # brackets nested thousands deep
    ("《规定》" + "\t" * 2000) * 20,  # titles each followed by a long run of blanks
])
def test_hostile_runs_parse(text: str) -> None:
    record = to_record(parse(text, classify=False))
    assert record["quantities"] == [] or all(q["value"] < 1e15 for q in record["quantities"])
    _strict_json(json.dumps(record, ensure_ascii=False))
