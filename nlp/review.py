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

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from nlp.classify.taxonomy import Taxonomy
from nlp.export.report import quality_label
from nlp.export.rows import safe_cell

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
    workbook.save(path)
    return rows


def read_corrections(path: str | Path, taxonomy: Taxonomy,
                     on_error: Callable[[int, str], None] | None = None) -> list[Correction]:
    """The corrections of a review sheet (rows whose labels changed), in sheet order."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True)[SHEET]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    position = {name: header.index(name) for name in COLUMNS}
    ids = {axis: {label.name: label.id for label in getattr(taxonomy, axis).labels}
           for axis in ("domain", "measure", "status")}
    out = []
    for number, row in enumerate(rows, start=2):
        cell = {name: row[i] for name, i in position.items()}
        try:
            key = json.loads(cell["键"])
            new = {"domain": _one(ids["domain"], cell["监督领域"], "监督领域"),
                   "measures": _many(ids["measure"], cell["整改措施"]),
                   "status": _one(ids["status"], cell["整改状态"], "整改状态")}
        except (TypeError, ValueError, KeyError) as exc:
            if on_error:
                on_error(number, str(exc))
            continue
        old = {axis: key.get(axis) for axis in ("domain", "measures", "status")}
        if new != old:
            out.append(Correction(key["sha256"], key["pair_id"], str(cell["问题"] or ""), str(cell["整改情况"] or ""),
                                  old, new))
    return out


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
    """Corrections of a corrections.jsonl by (notice sha256, pair id)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(row["sha256"], row["pair_id"]): row for row in rows}


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
