"""Ledgers (整改台账): one case per entry of nlp/data/ledger.yaml."""

from __future__ import annotations

import pytest

from nlp.ledger import column_of, header_map, ledger_pairs, stated_label
from nlp.reader.builder import TextBuilder
from nlp.tables import load_table

TABLE = load_table("ledger")


@pytest.mark.parametrize(("column", "synonym"), [(c, s) for c, synonyms in TABLE["columns"].items() for s in synonyms])
def test_every_column_synonym_names_its_column(column: str, synonym: str) -> None:
    assert column_of(synonym) == column
    assert column_of(f" {synonym}(截至6月) ") == column


@pytest.mark.parametrize(("label", "value"), [(label, v) for label, values in TABLE["status_values"] for v in values])
def test_every_status_value_states_its_label(label: str, value: str) -> None:
    assert stated_label(value) == label


def _table(rows: list[list[str]]):
    builder = TextBuilder()
    builder.table(rows)
    text, tables = builder.build()
    return text, tables[0]


def test_header_below_title_rows_and_categories() -> None:
    text, table = _table([
        ["某局巡察反馈问题整改台账", "", "", "", "", ""],
        ["序号", "问题类别", "存在问题", "整改措施", "责任单位", "完成时限"],
        ["一、党的领导方面", "", "", "", "", ""],
        ["1", "", "“理论学习不深入”问题", "制定学习计划", "办公室", "2023年6月"],
        ["2", "", "意识形态工作有差距", "", "宣传科", "长期"],
    ])
    assert header_map(table)[0] == 1
    pairs = ledger_pairs(table, text)
    assert [(p.no, p.path, p.issue.text, p.response.text) for p in pairs] == [
        ("1", ["一、党的领导方面", "1"], "理论学习不深入", "制定学习计划"),
        ("2", ["一、党的领导方面", "2"], "意识形态工作有差距", ""),
    ]
    assert (pairs[0].owner.text, pairs[0].deadline.text) == ("办公室", "2023年6月")
    assert all(text[p.issue.start:p.issue.end] == p.issue.text for p in pairs)


def test_a_table_without_an_issue_column_is_not_a_ledger() -> None:
    text, table = _table([["姓名", "职务"], ["张三", "科长"]])
    assert header_map(table) is None and ledger_pairs(table, text) == []


def test_header_rows_limit() -> None:
    rows = [["说明"]] * TABLE["header_rows"] + [["序号", "问题", "整改情况"], ["1", "台账不全", "已建立"]]
    text, table = _table(rows)
    assert ledger_pairs(table, text) == []
