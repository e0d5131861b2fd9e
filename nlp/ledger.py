"""Rectification ledgers (整改台账): a table of issues, one row each, becomes issue/response pairs.

The header row is found among the first rows of a table (title rows and merged cells above it are
common); its cells are mapped to columns through the synonyms of ``nlp/data/ledger.yaml``. Each
row with an issue becomes a :class:`~nlp.types.Pair` whose spans are the cells' spans in the
document text; the row's status, deadline and responsible unit are kept on the pair, and a row
holding only a heading (一、党的领导方面) is the category of the rows after it.

>>> from nlp.types import Span, Table
>>> text = "序号\\t问题\\t整改情况\\t完成情况\\n1\\t台账不全\\t已建立台账\\t已完成"
>>> cells = [[Span("序号", 0, 2), Span("问题", 3, 5), Span("整改情况", 6, 10), Span("完成情况", 11, 15)],
...          [Span("1", 16, 17), Span("台账不全", 18, 22), Span("已建立台账", 23, 28), Span("已完成", 29, 32)]]
>>> pairs = ledger_pairs(Table(cells), text)
>>> pairs[0].issue.text, pairs[0].response.text, stated_label(pairs[0].stated_status.text)
('台账不全', '已建立台账', 'completed')
"""

from __future__ import annotations

import functools
import re

from nlp.normalize import shadow as make_shadow
from nlp.tables import load_table
from nlp.types import Label, Pair, Span, Table

_QUOTE_PAIRS = {("“", "”"), ('"', '"'), ("‘", "’"), ("「", "」")}
_LEADING_NO = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十\d]{1,3}[).、.]|\d{1,3}\s)")
_TRAILING = re.compile(r"(?:的)?问题\s*$")


@functools.cache
def _table() -> dict:
    return load_table("ledger")


def column_of(header: str) -> str | None:
    """The column a header cell names: an exact synonym first, else the longest one it contains.

    >>> column_of("巡察反馈问题"), column_of("整改落实情况(截至6月)"), column_of("备注")
    ('issue', 'response', None)
    """
    cell = re.sub(r"\s+", "", make_shadow(header))
    columns = _table()["columns"]
    for name, synonyms in columns.items():
        if cell in synonyms:
            return name
    found = [(len(s), name) for name, synonyms in columns.items() for s in synonyms if s in cell]
    return max(found)[1] if found else None


def header_map(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row of a ledger and its columns (name → cell index), or None for another table."""
    for index, row in enumerate(table.rows[: _table()["header_rows"]]):
        mapped: dict[str, int] = {}
        for position, cell in enumerate(row):
            name = column_of(cell.text) if len(cell.text) <= 20 else None
            if name and name not in mapped:
                mapped[name] = position
        if "issue" in mapped and len(mapped) >= 2:
            return index, mapped
    return None


def stated_label(value: str) -> str | None:
    """The status label a 完成情况 cell states (None when it states none).

    >>> stated_label("已完成"), stated_label("未完成"), stated_label("长期坚持"), stated_label("见附件")
    ('completed', 'ongoing', 'ongoing', None)
    """
    cell = re.sub(r"\s+", "", make_shadow(value))
    for label, values in _table()["status_values"]:
        if any(v in cell for v in values):
            return label
    return None


def ledger_pairs(table: Table, text: str) -> list[Pair]:
    """The pairs of a ledger table (empty for a table that is not a ledger)."""
    found = header_map(table)
    if not found:
        return []
    header, columns = found
    pairs: list[Pair] = []
    category: str | None = None
    for row in table.rows[header + 1:]:
        cell = _cells(row, columns)
        issue = cell("issue")
        if issue is None or not issue.text.strip():
            heading = next((c.text.strip() for c in row if c.text.strip()), "")
            category = heading or category
            continue
        if issue.text.strip() == category:  # a merged category cell repeated across the row
            continue
        no = cell("no").text.strip() if cell("no") else str(len(pairs) + 1)
        statement = _statement(text, issue)
        response = cell("response") or Span("", issue.end, issue.end)
        group = cell("category")
        path = [p for p in (((group.text.strip() if group else "") or category), no) if p]
        pairs.append(Pair(index=len(pairs) + 1, no=no, path=path, level=len(path), kind="issue",
                          issue=statement, response=response, heading=issue, stated_status=cell("status"),
                          deadline=cell("deadline"), owner=cell("owner")))
    return pairs


def _cells(row: list[Span], columns: dict[str, int]):
    def cell(name: str) -> Span | None:
        position = columns.get(name)
        return row[position] if position is not None and position < len(row) else None

    return cell


def _statement(text: str, cell: Span) -> Span:
    """The issue without its number, quotes and trailing 问题 (offsets kept)."""
    start, end = cell.start, cell.end
    number = _LEADING_NO.match(text, start, end)
    start = number.end() if number else start
    suffix = _TRAILING.search(text, start, end)
    if suffix and suffix.start() > start + 2:
        end = suffix.start()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 2 and (text[start], text[end - 1]) in _QUOTE_PAIRS:  # only a quote that closes
        start, end = start + 1, end - 1
    return Span(text[start:end], start, end)


def stated_status(pair: Pair, names: dict[str, str]) -> Label | None:
    """The status a ledger row states (完成情况), with the classifier's own label kept as ``predicted``;
    ``names`` maps the taxonomy's status ids to display names (a label it lacks is not used)."""
    cell = pair.stated_status
    label = stated_label(cell.text) if cell else None
    if label not in names:
        return None
    return Label(label, 1.0, names[label], predicted=pair.status.label if pair.status else None,
                 evidence=cell.text, start=cell.start, end=cell.end, cue="ledger")
