"""Bad command lines and bad side files: one line naming the file and the cause, the right exit status,
no traceback, no stray output file; batch inputs that loop, hide or overlap the output folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import FIXTURES

from nlp.cli import main

GOOD = FIXTURES / "reference_layout.txt"


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def one_line(err: str, *names: str) -> None:
    """A single error line that names the file, no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(name in lines[0] for name in names), err


@pytest.mark.parametrize(("content", "cause"), [
    (None, "cannot read the taxonomy file"),
    (b"domain: [unclosed\n", "not valid YAML"),
    (b"\xff\xfe\x00binary", "not UTF-8"),
    (b"- a list\n", "a mapping"),
])
def test_a_bad_taxonomy_file_is_one_usage_error(content: bytes | None, cause: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    taxonomy = tmp_path / "tax.yaml"
    if content is not None:
        taxonomy.write_bytes(content)
    for command in (["parse", str(GOOD)], ["batch", str(GOOD), "-o", str(tmp_path / "out"), "-j", "1"]):
        code, err = run(capsys, *command, "--taxonomy", str(taxonomy))
        assert code == 2
        one_line(err, str(taxonomy), cause)


def test_missing_models_are_named_once(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, err = run(capsys, "parse", str(GOOD), "--models", str(tmp_path / "d1"))
    assert code == 2
    one_line(err, "no trained models")
    assert err.count(str(tmp_path / "d1")) == 1


@pytest.mark.parametrize("lines", [None, "{not json\n", "[1, 2]\n", '{"label": "x"}\n'])
def test_a_bad_corrections_file_stops_parse_and_batch_before_any_notice(
        lines: str | None, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corrections = tmp_path / "corrections.jsonl"
    if lines is not None:
        corrections.write_text(lines, encoding="utf-8")
    out = tmp_path / "out.json"
    for command in (["parse", str(GOOD), "-o", str(out)], ["batch", str(GOOD), "-o", str(tmp_path / "d"), "-j", "2"]):
        code, err = run(capsys, *command, "--no-classify", "--corrections", str(corrections))
        assert code == 2
        one_line(err, str(corrections))
    assert not out.exists() and not (tmp_path / "d").exists()


@pytest.mark.parametrize("option", [["--max-mb", "-1"], ["--max-mb", "0"], ["--timeout", "-1"],
                                    ["--timeout", "nan"], ["--timeout", "inf"]])
def test_impossible_limits_are_usage_errors(option: list[str], capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["parse", str(GOOD), *option])
    assert stop.value.code == 2
    assert f"argument {option[0]}" in capsys.readouterr().err


@pytest.mark.parametrize("folds", ["1", "0", "-3", "1000", "x"])
def test_cross_validation_needs_two_to_twenty_folds(folds: str, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "--cv", folds])
    assert stop.value.code == 2
    assert "give 2 to 20 folds" in capsys.readouterr().err


def test_nothing_parsed_leaves_no_output_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "o1.json"
    code, err = run(capsys, "parse", str(junk), "-o", str(out))
    assert code == 2
    one_line(err, str(junk), "not a text file")
    assert list(tmp_path.iterdir()) == [junk]


def test_files_that_are_not_records_are_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    batch = tmp_path / "batch"
    run(capsys, "batch", str(GOOD), str(tmp_path / "missing.txt"), "-o", str(batch), "-j", "1", "--no-classify")
    errors, notices = batch / "errors.jsonl", batch / "notices.jsonl"
    code, err = run(capsys, "report", str(errors), "-o", str(tmp_path / "r.html"))
    assert code == 2
    one_line(err, str(errors), "line 1 is not a notice record")
    code, err = run(capsys, "compare", str(errors), str(notices))
    assert code == 2
    one_line(err, "not a notice record")
    code, err = run(capsys, "evaluate", str(notices))
    assert code == 2
    one_line(err, str(notices), "line 1 is not a labelled notice")


def test_stats_output_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x", encoding="utf-8")
    code, err = run(capsys, "stats", str(GOOD), "-o", str(taken))
    assert code == 2
    one_line(err, str(taken), "is not a folder")


def test_batch_output_that_cannot_be_made(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, err = run(capsys, "batch", str(GOOD), "-o", str(tmp_path / "file" / "out"), "-j", "1", "--no-classify")
    assert code == 2
    one_line(err, "cannot write the dataset folder")


def test_batch_of_nothing_usable_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, err = run(capsys, "batch", str(tmp_path / "nonexist"), "-o", str(tmp_path / "o"), "-j", "1")
    assert code == 2
    assert "nonexist: no such file" in err


def test_batch_does_not_follow_a_link_loop_in_a_glob(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(GOOD.read_bytes())
    os.symlink("..", folder / "sub" / "loop")
    code, _ = run(capsys, "batch", f"{folder}/**/*.txt", "-o", str(tmp_path / "out"), "-j", "1", "--no-classify")
    assert code == 0
    assert (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_batch_skips_its_own_output_folder_inside_the_input(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD.read_bytes())
    for _ in range(2):
        code, _ = run(capsys, "batch", str(tmp_path), "-o", str(tmp_path / "out"), "-j", "1", "--no-classify")
        assert code == 0
    records = (tmp_path / "out" / "notices.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"]["path"] for line in records] == [str(tmp_path / "a.txt")]


def test_a_subfolder_that_cannot_be_listed_is_an_error_line(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(GOOD.read_bytes())
    scandir = os.scandir

    def refusing(path: str | os.PathLike = ".") -> os.ScandirIterator:  # as for a folder of mode 000, run as a user
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    code, err = run(capsys, "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", "--no-classify")
    assert code == 1
    error = json.loads((tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8"))
    assert error["path"].endswith("locked") and "cannot list the folder (Permission denied)" in error["cause"]
    assert "locked: cannot list the folder" in err


def test_review_import_output_must_be_a_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    sheet = tmp_path / "review.xlsx"
    run(capsys, "review", "export", str(GOOD), "-o", str(sheet))
    code, err = run(capsys, "review", "import", str(sheet), "-o", str(tmp_path))
    assert code == 2
    one_line(err, "is a folder")


@pytest.mark.parametrize("jobs", ["0", "-1", "100000", "two"])
def test_worker_count_is_checked(jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["batch", str(GOOD), "-o", str(tmp_path / "o"), "-j", jobs])
    assert stop.value.code == 2
    assert "give 1 to 256 workers" in capsys.readouterr().err


def test_train_refuses_a_bad_corrections_file_before_training(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text('{"sha256": "0", "pair_id": "p1"}\n', encoding="utf-8")
    code, err = run(capsys, "train", "--models", str(tmp_path / "models"), "--corrections", str(corrections))
    assert code == 2
    one_line(err, str(corrections), "line 1: no new labels")
    assert not (tmp_path / "models").exists()


def test_a_file_name_that_is_not_utf8_is_written_escaped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xb2\xe2\xca\xd4.txt")  # 测试 in GBK, from an old archive
    (folder / name).write_bytes(GOOD.read_bytes())
    code, _ = run(capsys, "batch", str(folder), "-o", str(tmp_path / "out"), "-j", "1", "--no-classify")
    assert code == 0
    record = json.loads((tmp_path / "out" / "notices.jsonl").read_bytes().decode("utf-8"))
    assert record["source"]["path"] == str(folder / "\\xb2\\xe2\\xca\\xd4.txt")
