"""Spark runs (分布式): ``run_spark`` writes the rows ``zhenggai batch`` writes for the same files.

A real local[2] Spark (Java 17, pyspark from the ``spark`` extra): one session for the module.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import FIXTURES

from nlp.adapters.spark import get_session, main, run_spark
from nlp.batch.parallel import Options, run_batch_folder
from nlp.cli import main as cli_main

REFERENCE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"
NOTICES = ("audit_report.txt", "narrative.txt", "nested_levels.txt", "traditional.txt")


@pytest.fixture(scope="module")
def spark():
    session = get_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six notices (two with the same text, one named like a glob), an empty file and a non-notice."""
    folder = tmp_path_factory.mktemp("spark") / "in"
    (folder / "sub").mkdir(parents=True)
    for name in NOTICES:
        shutil.copy(FIXTURES / name, folder / name)
    shutil.copy(REFERENCE, folder / "sub" / "reference.txt")
    shutil.copy(REFERENCE, folder / "sub" / "copy [2].txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "data.json").write_text("{}", encoding="utf-8")  # not a notice suffix: neither run reads it
    return folder


@pytest.fixture(scope="module")
def outputs(inputs: Path, spark) -> tuple[Path, Path, dict[str, int]]:
    """The batch folder, the Spark folder and the counts run_spark returned, for the same inputs."""
    batch, distributed = inputs.parent / "batch", inputs.parent / "spark"
    run_batch_folder([str(inputs)], batch, jobs=1, options=Options(classify=True))
    counts = run_spark([str(inputs)], distributed, master="local[2]", options=Options(classify=True))
    return batch, distributed, counts


def _rows(path: Path, *key: str) -> list[dict]:
    return sorted(pq.read_table(path).to_pylist(), key=lambda row: [row[k] for k in key])


def _columns(path: Path) -> list[tuple[str, str]]:
    return [(field.name, str(field.type)) for field in pq.read_table(path).schema]


def test_pairs_are_the_batch_pairs(outputs: tuple[Path, Path, dict]) -> None:
    batch, distributed, _ = outputs
    expected = _rows(batch / "pairs.parquet", "path", "index")
    got = _rows(distributed / "pairs.parquet", "path", "index")
    assert len(got) == len(expected) > 100
    shown = ("path", "index", "issue", "response", "domain", "status")
    assert [[row[c] for c in shown] for row in got] == [[row[c] for c in shown] for row in expected]
    assert got == expected  # every column, scores included
    assert _columns(distributed / "pairs.parquet") == _columns(batch / "pairs.parquet")
    assert {row["domain"] for row in got} - {None}  # classified, not only structured


def test_notices_are_the_batch_notices(outputs: tuple[Path, Path, dict], inputs: Path) -> None:
    batch, distributed, _ = outputs
    got = _rows(distributed / "notices.parquet", "path")
    assert got == _rows(batch / "notices.parquet", "path")
    assert _columns(distributed / "notices.parquet") == _columns(batch / "notices.parquet")
    assert {row["path"] for row in got} == {str(p) for p in inputs.rglob("*.txt") if p.stat().st_size}
    assert {row["path"]: row["duplicate_of"] for row in got if row["duplicate_of"]} == {
        str(inputs / "sub" / "reference.txt"): str(inputs / "sub" / "copy [2].txt")}


def test_the_empty_file_is_an_error(outputs: tuple[Path, Path, dict], inputs: Path) -> None:
    batch, distributed, counts = outputs
    errors = pq.read_table(distributed / "errors.parquet").to_pylist()
    assert errors == [{"path": str(inputs / "empty.txt"), "stage": "read", "cause": "the file is empty"}]
    expected = [json.loads(line) for line in (batch / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [{k: e[k] for k in ("path", "stage", "cause")} for e in expected] == errors
    assert counts == {"notices": 6, "pairs": pq.read_metadata(batch / "pairs.parquet").num_rows, "errors": 1}


def test_command_line_is_the_batch_on_relative_paths(tmp_path: Path, spark, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture) -> None:
    """Relative inputs stay relative; a missing input, an explicit non-notice and a file over --max-mb
    are errors with the batch's causes."""
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    shutil.copy(FIXTURES / "narrative.txt", "in/narrative.txt")
    Path("in/big.txt").write_text("巡察" * 400_000, encoding="utf-8")  # 2.4 MB
    Path("note.json").write_text("{}", encoding="utf-8")
    args = ["in", "note.json", "missing.txt", "--max-mb", "1", "--no-classify"]
    assert cli_main(["batch", *args, "-o", "batch", "-j", "1"]) == 1
    assert main([*args, "-o", "spark"]) == 1
    assert "1 notices" in capsys.readouterr().err
    assert _rows(Path("spark/notices.parquet"), "path") == _rows(Path("batch/notices.parquet"), "path")
    expected = [json.loads(line) for line in Path("batch/errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert _rows(Path("spark/errors.parquet"), "path") == sorted(
        ({k: e[k] for k in ("path", "stage", "cause")} for e in expected), key=lambda e: e["path"])
    assert {e["path"] for e in expected} == {"in/big.txt", "note.json", "missing.txt"}


def test_the_package_imports_without_pyspark() -> None:
    code = "import sys, nlp.adapters.spark; sys.exit(any(m.split('.')[0] == 'pyspark' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
