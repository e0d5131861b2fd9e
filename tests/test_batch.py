"""Batch runs into a dataset folder: outputs, errors, duplicates, parallel = sequential, resume after kill -9."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES

import nlp
from nlp.cli import main

REFERENCE = nlp.load("reference").text


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for fixture in sorted(FIXTURES.glob("*.txt")):
        (folder / fixture.name).write_bytes(fixture.read_bytes())
    (folder / "sub" / "reference.txt").write_text(REFERENCE, encoding="utf-8")
    (folder / "sub" / "copy_of_reference.txt").write_text(REFERENCE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    return folder


def _batch(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(["batch", *args, "--no-classify"])
    return code, capsys.readouterr().err


def test_batch_writes_the_dataset_folder(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    code, err = _batch(capsys, str(inputs), "-o", str(out), "-j", "1")
    assert code == 1
    records = [json.loads(line) for line in (out / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    good = len(list(FIXTURES.glob("*.txt"))) + 2
    assert len(records) == good and {Path(e["path"]).name for e in errors} == {"empty.txt", "broken.pdf"}
    assert all(e["stage"] == "read" and e["cause"] for e in errors)
    copies = [r for r in records if r["source"]["path"].endswith("reference.txt")]
    assert [r.get("duplicate_of") for r in copies] == [None, copies[0]["source"]["path"]] or \
           [r.get("duplicate_of") for r in copies] == [copies[1]["source"]["path"], None]
    pairs = pq.read_table(out / "pairs.parquet")
    assert pairs.num_rows == sum(len(r["pairs"]) for r in records)
    assert pq.read_table(out / "notices.parquet").num_rows == good
    assert (out / "pairs.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["notices"], manifest["errors"], manifest["duplicates_this_run"]) == (good, 2, 1)
    assert "2 failed" in err.splitlines()[-1]


def test_parallel_run_equals_sequential(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _batch(capsys, str(inputs), "-o", str(tmp_path / "one"), "-j", "1")
    _batch(capsys, str(inputs), "-o", str(tmp_path / "two"), "-j", "2")
    for name in ("notices.jsonl", "errors.jsonl", "pairs.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_globs_and_resume_skip_done_files(inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    _batch(capsys, str(inputs / "*.txt"), "-o", str(out), "-j", "1")
    code, err = _batch(capsys, str(inputs / "**" / "*.txt"), "-o", str(out), "-j", "1", "--resume")
    assert code == 1  # empty.txt was recorded as an error before and is skipped as done
    assert "2 written" in err and "already done" in err
    _batch(capsys, str(inputs / "**" / "*.txt"), "-o", str(tmp_path / "whole"), "-j", "1")
    for name in ("notices.jsonl", "errors.jsonl", "pairs.csv"):  # in input order, as one run writes them
        assert (out / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


@pytest.mark.parametrize("damage", ["delete a middle line", "duplicate a line", "garble a line"])
def test_resume_mends_a_damaged_notices_file(damage: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(REFERENCE.replace("2023年10月13日", f"2023年10月{i + 1}日"),
                                         encoding="utf-8")
    out, whole = tmp_path / "out", tmp_path / "whole"
    _batch(capsys, str(folder), "-o", str(whole), "-j", "1")
    lines = (whole / "notices.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    damaged = {"delete a middle line": lines[:1] + lines[2:], "duplicate a line": lines[:2] + lines[1:],
               "garble a line": [lines[0], "{not json\n", *lines[2:]]}[damage]
    out.mkdir()
    (out / "notices.jsonl").write_text("".join(damaged), encoding="utf-8")
    code, err = _batch(capsys, str(folder), "-o", str(out), "-j", "1", "--resume")
    assert code == 0
    assert ("line 2 is not a JSON record" in err) == (damage == "garble a line")
    for name in ("notices.jsonl", "pairs.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()


def test_resume_after_three_kills_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(24):  # variants: each notice with its own number, so none is a duplicate
        (folder / f"{i:02d}.txt").write_text(REFERENCE.replace("2023年10月13日", f"2023年10月{i + 1}日"),
                                             encoding="utf-8")
    command = [sys.executable, "-m", "nlp.cli", "batch", str(folder), "-j", "1", "--no-classify", "-o"]
    subprocess.run([*command, str(tmp_path / "whole")], check=True, capture_output=True)
    resumed = tmp_path / "resumed"
    for stop_after in (3, 9, 15):
        process = subprocess.Popen([*command, str(resumed), "--resume"], stderr=subprocess.DEVNULL)
        notices = resumed / "notices.jsonl"
        while process.poll() is None and (not notices.exists() or notices.read_bytes().count(b"\n") < stop_after):
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait()
    subprocess.run([*command, str(resumed), "--resume"], check=True, capture_output=True)
    assert (resumed / "notices.jsonl").read_bytes() == (tmp_path / "whole" / "notices.jsonl").read_bytes()
    assert pq.read_table(resumed / "pairs.parquet").num_rows == 24 * 80


def test_workers_fork_from_a_server_holding_the_warm_default_pipeline() -> None:
    import multiprocessing

    from nlp.batch import parallel, warm

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform: workers are spawned")
    assert parallel._pool_context().get_start_method() == "forkserver"
    assert warm.PIPELINE is not None and warm.PIPELINE(warm.SAMPLE).pairs
    assert parallel.Options().uses_default_pipeline
    assert not parallel.Options(rules_only=True).uses_default_pipeline
