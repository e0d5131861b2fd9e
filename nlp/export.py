"""Export (导出): records as JSON, JSON Lines, CSV (one row per pair) or a terminal table.

User-facing labels are the taxonomy's Chinese display names.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable

FORMATS = ("json", "jsonl", "csv", "table")
CSV_COLUMNS = (
    "文件", "编号", "层级", "问题", "整改情况", "监督领域", "整改措施", "整改状态",
    "需复核", "日期数", "金额(元)", "文件数",
)


def to_json(records: list[dict]) -> str:
    """One object for one notice, an array for several."""
    payload = records[0] if len(records) == 1 else records
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def to_jsonl(records: Iterable[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def to_csv(records: Iterable[dict]) -> str:
    """One row per issue/response pair, labels in Chinese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for row in pair_rows(record):
            writer.writerow(row)
    return buffer.getvalue()


def pair_rows(record: dict) -> Iterable[list]:
    path = (record.get("source") or {}).get("path") or ""
    for pair in record["pairs"]:
        mentions = pair.get("mentions", {})
        yield [
            path,
            "/".join(pair["path"]),
            pair.get("kind", ""),
            pair["issue"]["text"],
            pair["response"]["text"],
            _name(pair.get("domain")),
            "、".join(_name(m) for m in pair.get("measures") or []),
            _name(pair.get("status")),
            "是" if (pair.get("domain") or {}).get("needs_review") else "",
            len(mentions.get("dates", [])),
            round(sum(m["yuan"] for m in mentions.get("money", [])), 2),
            len(mentions.get("titles", [])),
        ]


def _name(label: dict | None) -> str:
    if not label:
        return ""
    return label.get("name") or label.get("label") or ""


def to_table(records: Iterable[dict], width: int = 100) -> str:
    """A readable summary per notice: header fields, figures, then one line per pair."""
    lines: list[str] = []
    for record in records:
        meta = record["meta"]
        lines.append(f"■ {(record.get('source') or {}).get('path') or ''}  {meta.get('title') or ''}")
        for key, label in (("issuer", "发布单位"), ("inspection_body", "巡察组"), ("inspected_unit", "被巡察单位"),
                           ("inspection_start", "巡察开始"), ("inspection_end", "巡察结束"),
                           ("feedback_date", "反馈日期"), ("publish_date", "发布日期")):
            lines.append(f"  {label}: {meta.get(key) or '—'}")
        if record["summary"]:
            lines.append("  数据: " + ", ".join(f"{k}={v}" for k, v in record["summary"].items()))
        lines.append(f"  问题 {len(record['pairs'])} 个, 日期 {len(record['dates'])}, 金额 {len(record['money'])}, "
                     f"文件 {len(record['titles'])}")
        for pair in record["pairs"]:
            label = f"{_name(pair.get('domain'))}|{_name(pair.get('status'))}"
            head = f"  {pad('/'.join(pair['path']), 16)} {pad(label, 28)} "
            lines.append(head + _clip(pair["issue"]["text"], width - display_width(head)))
        for warning in record["warnings"]:
            lines.append(f"  ! {warning}")
        lines.append("")
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: Chinese characters take two.

    >>> display_width("整改ab")
    6
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Pad ``text`` to a display width (right-aligned when ``right``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    out, used = "", 0
    for char in text:
        used += display_width(char)
        if used > width - 1:
            return out + "…"
        out += char
    return out


def render(records: list[dict], fmt: str) -> str:
    """Render records in one of :data:`FORMATS`."""
    return {"json": to_json, "jsonl": to_jsonl, "csv": to_csv, "table": to_table}[fmt](records)
