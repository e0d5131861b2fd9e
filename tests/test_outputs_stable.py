"""Stable outputs and one-line errors: the same input gives byte-identical spreadsheets and charts
(whatever the clock says), and bad corrections files or review sheets give a ZhenggaiError naming
the cause, never a traceback."""

from __future__ import annotations

import json
import time
import warnings
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES

import nlp
from nlp.classify.taxonomy import load_taxonomy
from nlp.cli import main
from nlp.errors import FormatError, ReadError
from nlp.review import COLUMNS, SHEET, export_review, load_corrections, read_corrections

TAXONOMY = load_taxonomy()
RECORD = nlp.to_record(nlp.parse(nlp.load("reference")))
KEY_COLUMN = COLUMNS.index("键") + 1


def _a_day_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Move the clock on by a day (zip entries are dated by ``time.time()``)."""
    now = time.time
    monkeypatch.setattr(time, "time", lambda: now() + 86_400)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# -- deterministic spreadsheets -------------------------------------------------------------------

def test_batch_outputs_are_byte_identical_a_day_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("numbered_issues.txt", "reference_layout.txt"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    assert main(["batch", str(folder), "-o", str(tmp_path / "one"), "-j", "1", "--no-classify"]) == 0
    _a_day_later(monkeypatch)
    assert main(["batch", str(folder), "-o", str(tmp_path / "two"), "-j", "1", "--no-classify"]) == 0
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    del one["manifest.json"], two["manifest.json"]  # records how long the run took
    assert one == two and {"pairs.xlsx", "notices.parquet", "pairs.parquet", "pairs.csv"} <= set(one)
    archive = zipfile.ZipFile(tmp_path / "one" / "pairs.xlsx")
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert archive.namelist()[0] == "[Content_Types].xml"


def test_review_sheet_is_byte_identical_a_day_later(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export_review([RECORD], tmp_path / "one.xlsx", TAXONOMY)
    _a_day_later(monkeypatch)
    export_review([RECORD], tmp_path / "two.xlsx", TAXONOMY)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    core = zipfile.ZipFile(tmp_path / "one.xlsx").read("docProps/core.xml").decode("utf-8")
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified: fixed, not the clock


# -- deterministic charts, and no glyph warnings --------------------------------------------------

@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference notice, three real notices and a notice without any pair (empty charts)."""
    records = [RECORD, *(nlp.to_record(nlp.parse(row["text"])) for row in nlp.load("real")[:3]),
               nlp.to_record(nlp.parse("关于报送材料的通知\n各单位：请于月底前报送。\n"))]
    assert not records[-1]["pairs"]
    path = tmp_path_factory.mktemp("stats") / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_stats_twice_give_the_same_bytes_and_no_glyph_warning(records_file: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture) -> None:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph")  # a label drawn as an empty box
        assert main(["stats", str(records_file), "-o", str(tmp_path / "one")]) == 0
        assert main(["stats", str(records_file), "-o", str(tmp_path / "two")]) == 0
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one == two and {"domains.svg", "domains.png", "per_year.svg"} <= set(one)
    assert b"<dc:date>" not in one["domains.svg"] and b"clip-path" in one["domains.svg"]
    assert capsys.readouterr().err.count("\n") == 2  # one summary line per run


def test_stats_on_an_empty_folder_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["stats", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no records" in err
    assert not (tmp_path / "out").exists()


# -- corrections files ----------------------------------------------------------------------------

GOOD = json.dumps({"sha256": "0" * 64, "pair_id": "p001", "issue": "问题\u2028续", "response": "已整改",
                   "old": {"domain": "finance_funds", "measures": [], "status": "ongoing"},
                   "new": {"domain": "finance_funds", "measures": [], "status": "completed"}}, ensure_ascii=False)


def test_corrections_load_by_notice_and_pair(tmp_path: Path) -> None:
    path = tmp_path / "corrections.jsonl"
    path.write_text(GOOD + "\n\n" + GOOD.replace("p001", "p002") + "\n", encoding="utf-8")
    corrections = load_corrections(path)
    assert sorted(corrections) == [("0" * 64, "p001"), ("0" * 64, "p002")]  # U+2028 does not split a line
    assert corrections[("0" * 64, "p001")]["issue"] == "问题\u2028续"


@pytest.mark.parametrize(("content", "error", "message"), [
    (GOOD.encode() + b"\n{not json\n", FormatError, "line 2: not JSON"),
    (b"[1, 2]\n", FormatError, "line 1: not a JSON object but a list"),
    (GOOD.encode() + b"\n\n42\n", FormatError, "line 3: not a JSON object but a number"),
    (GOOD.replace('"pair_id": "p001", ', "").encode() + b"\n", FormatError, "line 1: no pair_id"),
    (GOOD.replace('"new"', '"neu"').encode() + b"\n", FormatError, "line 1: no new labels"),
    (GOOD.encode() + b"\n\x89PNG\r\n\x1a\n\x00\xff\n", ReadError, "line 2: not UTF-8 text"),
    (b"[" * 100_000 + b"\n", FormatError, "line 1: not JSON"),
], ids=["not JSON", "a list", "a number", "no pair_id", "no new labels", "binary", "deep nesting"])
def test_a_bad_corrections_file_names_the_line_and_cause(tmp_path: Path, content: bytes, error: type,
                                                         message: str) -> None:
    path = tmp_path / "corrections.jsonl"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        load_corrections(path)


def test_a_missing_corrections_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="No such file"):
        load_corrections(tmp_path / "none.jsonl")
    with pytest.raises(ReadError, match="directory"):
        load_corrections(tmp_path)


# -- review sheets --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("review") / "review.xlsx"
    export_review([RECORD], path, TAXONOMY)
    return path.read_bytes()


def _edited(exported: bytes, tmp_path: Path, edit) -> Path:
    from openpyxl import load_workbook

    path = tmp_path / "review.xlsx"
    path.write_bytes(exported)
    workbook = load_workbook(path)
    edit(workbook[SHEET])
    workbook.save(path)
    return path


@pytest.mark.parametrize(("damage", "message"), [
    (lambda data: data[: len(data) // 2], "not a review sheet: a damaged or non-.xlsx file"),
    (lambda data: data[:2000] + b"\x00" * 500 + data[2500:], "not a review sheet: a damaged or non-.xlsx file"),
    (lambda data: b"\xef\xbb\xbfnot a sheet\n", "not a review sheet: a damaged or non-.xlsx file"),
], ids=["truncated", "zeroed bytes", "a text file"])
def test_a_damaged_sheet_is_not_a_review_sheet(exported: bytes, tmp_path: Path, damage, message: str) -> None:
    path = tmp_path / "review.xlsx"
    path.write_bytes(damage(exported))
    with pytest.raises(FormatError, match=message):
        read_corrections(path, TAXONOMY)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda sheet: sheet.delete_rows(1), "its first row has no column 文件 nor 10 other columns"),
    (lambda sheet: sheet.delete_cols(KEY_COLUMN), "its first row has no column 键$"),
    (lambda sheet: sheet.delete_rows(1, sheet.max_row), f"the {SHEET} sheet is empty"),
    (lambda sheet: setattr(sheet, "title", "Sheet"), f"no sheet named {SHEET}"),
], ids=["no header row", "no key column", "empty sheet", "sheet renamed"])
def test_a_sheet_without_its_header_is_not_a_review_sheet(exported: bytes, tmp_path: Path, edit,
                                                           message: str) -> None:
    with pytest.raises(FormatError, match=f"^not a review sheet: .*{message}"):
        read_corrections(_edited(exported, tmp_path, edit), TAXONOMY)


def test_a_bad_key_cell_skips_only_its_row(exported: bytes, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    changed = []

    def edit(sheet) -> None:
        sheet.cell(row=2, column=KEY_COLUMN, value="[1, 2]")
        sheet.cell(row=3, column=KEY_COLUMN).value = None  # cell(value=None) would keep the old value
        sheet.cell(row=4, column=KEY_COLUMN, value="{not json")
        sheet.cell(row=5, column=COLUMNS.index("整改状态") + 1, value="差不多完成")
        status = sheet.cell(row=6, column=COLUMNS.index("整改状态") + 1)
        status.value = next(label.name for label in TAXONOMY.status.labels if label.name != status.value)
        changed.append(json.loads(sheet.cell(row=6, column=KEY_COLUMN).value)["pair_id"])

    path = _edited(exported, tmp_path, edit)
    errors = []
    corrections = read_corrections(path, TAXONOMY, lambda row, cause: errors.append((row, cause)))
    assert [row for row, _ in errors] == [2, 3, 4, 5]
    assert "not a key written by review export: '[1, 2]'" in errors[0][1] and "is empty" in errors[1][1]
    assert [c.pair_id for c in corrections] == changed
    assert main(["review", "import", str(path), "-o", str(tmp_path / "c.jsonl")]) == 1
    assert capsys.readouterr().err.count("\n") == 5  # four skipped rows, then the count


def test_review_import_of_a_broken_sheet_is_one_line(exported: bytes, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "review.xlsx"
    path.write_bytes(exported[:3000])
    assert main(["review", "import", str(path), "-o", str(tmp_path / "c.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a review sheet" in err and "Traceback" not in err
