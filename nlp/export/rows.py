"""Pair rows (问题清单): one row per issue/response pair, labels in Chinese, safe for spreadsheets.

A cell that a spreadsheet would read as a formula (starting with ``= + - @``, or a tab or
carriage return followed by one) is written as text, with a leading apostrophe.

>>> safe_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> safe_cell("-2-巡察整改"), safe_cell(12.5)
("'-2-巡察整改", 12.5)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

CSV_COLUMNS = (
    "文件", "编号", "层级", "问题", "整改情况", "监督领域", "整改措施", "整改状态",
    "需复核", "日期数", "金额(元)", "文件数",
)
#: first characters that make a spreadsheet evaluate a cell (OWASP CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t=", "\t+", "\t-", "\t@", "\r=", "\r+", "\r-", "\r@")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet reads it literally: formula-like text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def pair_rows(record: dict) -> Iterable[list]:
    """The rows of one record, cells already :func:`safe_cell`."""
    path = (record.get("source") or {}).get("path") or ""
    for pair in record["pairs"]:
        mentions = pair.get("mentions", {})
        row = [
            path,
            "/".join(pair["path"]),
            pair.get("kind", ""),
            pair["issue"]["text"],
            pair["response"]["text"],
            label_name(pair.get("domain")),
            "、".join(label_name(m) for m in pair.get("measures") or []),
            label_name(pair.get("status")),
            "是" if (pair.get("domain") or {}).get("needs_review") else "",
            len(mentions.get("dates", [])),
            round(sum(m["yuan"] for m in mentions.get("money", [])), 2),
            len(mentions.get("titles", [])),
        ]
        yield [safe_cell(cell) for cell in row]


def label_name(label: dict | None) -> str:
    """The Chinese display name of a label (its id when it has none)."""
    if not label:
        return ""
    return label.get("name") or label.get("label") or ""


def csv_text(rows: Iterable[Iterable], header: bool = False) -> str:
    """CSV lines of ``rows`` (with the column header first when ``header``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
