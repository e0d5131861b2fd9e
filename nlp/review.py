"""Review round trip (人工复核): an Excel sheet to check the labels, and the corrections it gives back.

``export`` writes one row per pair: the notice, the pair number, the issue and response, and
three editable columns — 监督领域, 整改措施, 整改状态 — holding Chinese display names (drop-down
lists for domain and status; a note lists the measure names, separated by 、), with the score and
the review flag beside them. The other columns are locked; a hidden column keeps the notice's
sha256, the pair id and the labels as exported, so rows are matched back even after a reviewer
sorts or filters the sheet. ``read_corrections`` returns one correction per pair whose labels
changed; an invalid label is reported with its sheet row and that row is skipped.
``apply_corrections`` puts corrected labels into records (``corrected: true``).
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nlp.classify.taxonomy import Taxonomy
from nlp.errors import FormatError, ReadError
from nlp.export.report import quality_label
from nlp.export.rows import safe_cell
from nlp.export.xlsx import save_workbook
from nlp.jsonl import json_lines
from nlp.reader import read_bytes
from nlp.reader.limits import Limits, check_members, check_size

SHEET = "复核"
COLUMNS = ("文件", "编号", "问题", "整改情况", "监督领域", "整改措施", "整改状态", "领域分数", "需复核", "答复质量",
           "键")
EDITABLE = ("监督领域", "整改措施", "整改状态")
WIDTHS = {"文件": 18, "编号": 8, "问题": 36, "整改情况": 60, "监督领域": 18, "整改措施": 28, "整改状态": 12,
          "领域分数": 9, "需复核": 8, "答复质量": 16, "键": 10}
MEASURE_SEPARATOR = "、"


@dataclass(frozen=True)
class Correction:
    """A reviewer's change to one pair (人工更正): labels as exported and as corrected (label ids)."""

    sha256: str
    pair_id: str
    issue: str
    response: str
    old: dict
    new: dict

    def as_dict(self) -> dict:
        return {"sha256": self.sha256, "pair_id": self.pair_id, "issue": self.issue, "response": self.response,
                "old": self.old, "new": self.new}


def _labels(pair: dict) -> dict:
    return {"domain": (pair.get("domain") or {}).get("label"),
            "measures": [m["label"] for m in pair.get("measures") or []],
            "status": (pair.get("status") or {}).get("label")}


def export_review(records: Iterable[dict], path: str | Path, taxonomy: Taxonomy) -> int:
    """Write the review sheet of ``records``; returns the number of pair rows."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    rows = 0
    for record in records:
        source = record.get("source") or {}
        for pair in record.get("pairs") or []:
            domain, status = pair.get("domain") or {}, pair.get("status") or {}
            key = {"sha256": source.get("sha256"), "pair_id": pair["id"], **_labels(pair)}
            sheet.append([safe_cell(v) for v in (
                Path(source.get("path") or "").name, pair["no"], pair["issue"]["text"], pair["response"]["text"],
                domain.get("name", ""), MEASURE_SEPARATOR.join(m["name"] for m in pair.get("measures") or []),
                status.get("name", ""), domain.get("score"), "是" if domain.get("needs_review") else "",
                quality_label(pair), json.dumps(key, ensure_ascii=False))])
            rows += 1
    last = rows + 1
    column = {name: chr(ord("A") + i) for i, name in enumerate(COLUMNS)}
    for axis, name in ((taxonomy.domain, "监督领域"), (taxonomy.status, "整改状态")):
        names = ",".join(label.name for label in axis.labels)
        validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=False, showErrorMessage=True,
                                    errorTitle="无效的标签", error=f"请从列表中选择{name}")
        sheet.add_data_validation(validation)
        validation.add(f"{column[name]}2:{column[name]}{last}")
    sheet[f"{column['整改措施']}1"].comment = Comment(
        "可选措施（用“、”分隔）:" + "、".join(label.name for label in taxonomy.measure.labels), "zhenggai")
    for name, width in WIDTHS.items():
        sheet.column_dimensions[column[name]].width = width
    sheet.column_dimensions[column["键"]].hidden = True
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2, max_row=last):
        for cell in row:
            cell.alignment = wrap
            if COLUMNS[cell.column - 1] in EDITABLE:
                cell.protection = Protection(locked=False)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{column['答复质量']}{last}"
    sheet.protection.sheet = True
    sheet.protection.sort = False  # False: not protected, so reviewers may still sort and filter
    sheet.protection.autoFilter = False
    save_workbook(workbook, path)  # not workbook.save: that stamps the file with the clock
    return rows


def read_corrections(path: str | Path, taxonomy: Taxonomy,
                     on_error: Callable[[int, str], None] | None = None) -> list[Correction]:
    """The corrections of a review sheet (rows whose labels changed), in sheet order.

    A file that is not a review sheet raises :class:`ReadError` (cannot be opened) or
    :class:`FormatError` (damaged, not an .xlsx, no 复核 sheet or header); a bad row is passed to
    ``on_error`` with its sheet row number and skipped; an empty row is skipped silently.
    """
    rows = _sheet_rows(path)
    position = _positions(rows[0] if rows else None)
    ids = {axis: {label.name: label.id for label in getattr(taxonomy, axis).labels}
           for axis in ("domain", "measure", "status")}
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(value in (None, "") for value in row):
            continue
        cell = {name: row[i] if i < len(row) else None for name, i in position.items()}
        try:
            correction = _correction(cell, ids)
        except ValueError as exc:
            if on_error:
                on_error(number, str(exc))
            continue
        if correction:
            out.append(correction)
    return out


def _sheet_rows(path: str | Path) -> list[tuple]:
    """Every row of the 复核 sheet, read at once so that a damaged file fails here, not half-way."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    limits = Limits()
    data = read_bytes(Path(path), limits)  # ReadError: missing, a folder, a FIFO; LimitError: too large
    check_size(len(data), "xlsx", limits)
    # what openpyxl raises on damaged or foreign files (found by truncating and flipping bytes of
    # exported sheets): bad zip, bad deflate data, missing members, malformed XML, odd values
    damaged = (OSError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError, SyntaxError,
               NotImplementedError, InvalidFileException)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_members(archive, limits)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if SHEET not in workbook.sheetnames:
            raise FormatError(f"not a review sheet: it has no sheet named {SHEET}")
        return list(workbook[SHEET].iter_rows(values_only=True))
    except damaged as exc:
        cause = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise FormatError(f"not a review sheet: a damaged or non-.xlsx file ({cause})") from exc


def _positions(header: tuple | None) -> dict[str, int]:
    """The column index of each of :data:`COLUMNS` by the header row."""
    if header is None:
        raise FormatError(f"not a review sheet: the {SHEET} sheet is empty")
    header = list(header)
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        more = f" nor {len(missing) - 1} other columns: it is not the header row" if len(missing) > 1 else ""
        raise FormatError(f"not a review sheet: its first row has no column {missing[0]}{more}")
    return {name: header.index(name) for name in COLUMNS}


def _correction(cell: dict[str, object], ids: dict[str, dict[str, str]]) -> Correction | None:
    """The correction of one sheet row, None when its labels did not change (ValueError: a bad row)."""
    key = _key(cell["键"])
    new = {"domain": _one(ids["domain"], cell["监督领域"], "监督领域"),
           "measures": _many(ids["measure"], cell["整改措施"]),
           "status": _one(ids["status"], cell["整改状态"], "整改状态")}
    old = {axis: key.get(axis) for axis in ("domain", "measures", "status")}
    if new == old:
        return None
    return Correction(key["sha256"], key["pair_id"], str(cell["问题"] or ""), str(cell["整改情况"] or ""), old, new)


def _key(value: object) -> dict:
    """The hidden key cell (键) of a row: the notice's sha256, the pair id, the labels as exported."""
    if value in (None, ""):
        raise ValueError("the key cell (hidden column 键) is empty")
    try:
        key = json.loads(value) if isinstance(value, str) else value
    except (ValueError, RecursionError):
        key = None
    if not isinstance(key, dict) or not all(isinstance(key.get(k), str) for k in ("sha256", "pair_id")):
        raise ValueError(f"the key cell (hidden column 键) is not a key written by review export: {str(value)[:40]!r}")
    return key


def _one(ids: dict[str, str], value: object, column: str) -> str:
    name = str(value or "").strip()
    if name not in ids:
        raise ValueError(f"{column} {name!r} is not a label of the taxonomy")
    return ids[name]


def _many(ids: dict[str, str], value: object) -> list[str]:
    names = [n.strip() for n in str(value or "").replace("，", MEASURE_SEPARATOR).split(MEASURE_SEPARATOR) if n.strip()]
    unknown = [n for n in names if n not in ids]
    if unknown:
        raise ValueError(f"整改措施 {unknown[0]!r} is not a label of the taxonomy")
    return [ids[n] for n in names]


def load_corrections(path: str | Path) -> dict[tuple[str, str], dict]:
    """Corrections of a corrections.jsonl by (notice sha256, pair id).

    Raises :class:`ReadError` for a file that cannot be read or is not UTF-8 text,
    :class:`FormatError` naming the line number for a line that is not a correction, and
    :class:`LimitError` for a file above the largest input size limit.
    """
    data = read_bytes(Path(path), Limits())  # ReadError: missing, a folder, a FIFO; LimitError: too large
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(f"line {line}: not UTF-8 text (byte {data[exc.start]:#04x})") from exc
    corrections = {}
    for number, row, error in json_lines(text.split("\n")):
        if cause := f"not JSON ({error})" if error else _not_a_correction(row):
            raise FormatError(f"line {number}: {cause}")
        corrections[(row["sha256"], row["pair_id"])] = row
    return corrections


def _not_a_correction(row: object) -> str | None:
    """Why a JSON value is not a correction as ``review import`` writes it (None: it is one)."""
    if not isinstance(row, dict):
        return f"not a JSON object but {_JSON_KINDS.get(type(row), 'a number')}"
    missing = [name for name in ("sha256", "pair_id") if not isinstance(row.get(name), str)]
    if missing:
        return f"no {missing[0]} (a string)"
    new = row.get("new")
    if not (isinstance(new, dict) and isinstance(new.get("domain"), str) and isinstance(new.get("status"), str)
            and isinstance(new.get("measures"), list) and all(isinstance(m, str) for m in new["measures"])):
        return 'no new labels ("new": {"domain": id, "measures": [ids], "status": id})'
    return None


_JSON_KINDS = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}


def apply_corrections(record: dict, corrections: dict[tuple[str, str], dict], taxonomy: Taxonomy) -> int:
    """Put the corrected labels into a record's pairs (``corrected: true``); the number changed."""
    sha = (record.get("source") or {}).get("sha256")
    changed = 0
    for pair in record.get("pairs") or []:
        correction = corrections.get((sha, pair["id"]))
        if not correction:
            continue
        new = correction["new"]
        pair["domain"] = {"label": new["domain"], "score": 1.0, "name": taxonomy.domain.name_of(new["domain"]),
                          "corrected": True, "predicted": (pair.get("domain") or {}).get("label")}
        pair["measures"] = [{"label": m, "score": 1.0, "name": taxonomy.measure.name_of(m), "corrected": True,
                             "evidence": "", "start": pair["response"]["start"], "end": pair["response"]["start"]}
                            for m in new["measures"]]
        pair["status"] = {"label": new["status"], "score": 1.0, "name": taxonomy.status.name_of(new["status"]),
                          "corrected": True, "predicted": (pair.get("status") or {}).get("label")}
        changed += 1
    return changed
