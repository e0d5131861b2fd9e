"""The terminal table (终端表格): header fields, figures, then one line per pair.

Labels are the taxonomy's Chinese display names. Text from a notice is shown with its
control characters removed, so a notice cannot move the cursor or recolour the terminal.

>>> printable("巡察\x1b[2J整改\x07")
'巡察[2J整改'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from nlp.export.rows import label_name

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without control characters (C0, C1, bidirectional overrides); newlines and tabs kept."""
    return _CONTROL.sub("", text)


def to_table(records: Iterable[dict], width: int = 100) -> str:
    """A readable summary per notice: header fields, figures, then one line per pair."""
    return "".join(table_block(record, width) for record in records)


def table_block(record: dict, width: int = 100) -> str:
    """The table lines of one notice, ending with a blank line."""
    lines: list[str] = []
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
        label = f"{label_name(pair.get('domain'))}|{label_name(pair.get('status'))}"
        head = f"  {pad('/'.join(pair['path']), 16)} {pad(label, 28)} "
        lines.append(head + _clip(pair["issue"]["text"], width - display_width(head)))
    for warning in record["warnings"]:
        lines.append(f"  ! {warning}")
    lines.append("")
    return printable("\n".join(lines)) + "\n"


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


