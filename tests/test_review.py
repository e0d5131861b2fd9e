"""Review round trip: export a sheet, edit it as a reviewer would (openpyxl), import the corrections,
and see them in a parse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp
from nlp.classify.taxonomy import load_taxonomy
from nlp.cli import main
from nlp.review import COLUMNS, SHEET, export_review, read_corrections

TAXONOMY = load_taxonomy()
RECORD = nlp.to_record(nlp.parse(nlp.load("reference")))


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "review.xlsx"
    assert export_review([RECORD], path, TAXONOMY) == 80
    return path


def _edit(path: Path) -> dict[str, dict]:
    """Change 5 domains and 3 statuses, then re-sort the rows (reversed); the expected corrections."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    col = {name: i for i, name in enumerate(COLUMNS)}
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    domains = [label.name for label in TAXONOMY.domain.labels]
    statuses = [label.name for label in TAXONOMY.status.labels]
    expected = {}
    for row in rows[:5]:
        row[col["监督领域"]] = next(d for d in domains if d != row[col["监督领域"]])
        expected[json.loads(row[col["键"]])["pair_id"]] = row
    for row in rows[10:13]:
        row[col["整改状态"]] = next(s for s in statuses if s != row[col["整改状态"]])
        expected[json.loads(row[col["键"]])["pair_id"]] = row
    for number, row in enumerate(reversed(rows), start=2):
        for i, value in enumerate(row):
            sheet.cell(row=number, column=i + 1).value = value  # cell(value=None) would leave the old value
    workbook.save(path)
    return expected


def test_the_sheet_is_locked_but_for_the_labels(sheet: Path) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(sheet)[SHEET]
    key_column = chr(ord("A") + COLUMNS.index("键"))
    assert ws.protection.sheet and ws.freeze_panes == "A2" and ws.column_dimensions[key_column].hidden
    assert [ws.cell(row=2, column=i + 1).protection.locked for i in range(len(COLUMNS))] == \
           [name not in ("监督领域", "整改措施", "整改状态") for name in COLUMNS]
    assert len(ws.data_validations.dataValidation) == 2


def test_round_trip_gives_exactly_the_changes(sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    expected = _edit(sheet)
    corrections = read_corrections(sheet, TAXONOMY)
    assert sorted(c.pair_id for c in corrections) == sorted(expected)
    assert sum(c.old["domain"] != c.new["domain"] for c in corrections) == 5
    assert sum(c.old["status"] != c.new["status"] for c in corrections) == 3
    out = tmp_path / "corrections.jsonl"
    assert main(["review", "import", str(sheet), "-o", str(out)]) == 0
    notice = tmp_path / "notice.txt"
    notice.write_text(nlp.load("reference").text, encoding="utf-8")
    capsys.readouterr()
    assert main(["parse", str(notice), "--format", "json", "--corrections", str(out)]) == 0
    record = json.loads(capsys.readouterr().out)
    corrected = {p["id"]: p for p in record["pairs"] if (p["domain"] or {}).get("corrected")}
    assert sorted(corrected) == sorted(expected)
    for correction in corrections:
        pair = corrected[correction.pair_id]
        new = correction.new
        assert (pair["domain"]["label"], pair["status"]["label"]) == (new["domain"], new["status"])


def test_an_invalid_label_is_reported_with_its_row(sheet: Path, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(sheet)
    workbook[SHEET].cell(row=7, column=COLUMNS.index("整改状态") + 1, value="差不多完成")
    workbook.save(sheet)
    assert main(["review", "import", str(sheet), "-o", str(tmp_path / "c.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "row 7" in err and "差不多完成" in err and err.count("\n") == 2  # the error, then the count
    assert (tmp_path / "c.jsonl").read_text(encoding="utf-8") == ""
