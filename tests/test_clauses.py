"""Splitting responses into measure clauses (措施分句)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nlp.classify.clauses import split_clauses


def texts(response: str) -> list[str]:
    return [c.text for c in split_clauses(response)]


def test_enumerated_parts_and_sentences():
    response = "一是梳理分析原因。对项目进行全面梳理;二是专题汇报推进,积极争取支持。三是成立领导小组。"
    clauses = split_clauses(response)
    expected = ["梳理分析原因", "对项目进行全面梳理", "专题汇报推进,积极争取支持", "成立领导小组"]
    assert [c.text for c in clauses] == expected
    assert [c.marker for c in clauses] == ["一是", "", "二是", "三是"]
    assert [c.kind for c in clauses] == ["enumerated", "sentence", "enumerated", "enumerated"]


def test_enumerator_after_a_comma_or_colon_starts_a_clause():
    assert texts("要求如下:一是制定办法,二是开展培训") == ["要求如下", "制定办法", "开展培训"]


def test_enumerators_and_unit_headers_after_blank_lines():
    clauses = split_clauses("召开会议。\n\n \n  一是制定办法;\n\n\t(2)开展培训\n \n市福利院整改情况:完成自查")
    assert [(c.text, c.marker, c.kind) for c in clauses] == [
        ("召开会议", "", "sentence"), ("制定办法", "一是", "enumerated"), ("开展培训", "(2)", "enumerated"),
        ("市福利院整改情况", "", "unit"), ("完成自查", "", "sentence")]


def test_numbered_parts():
    assert texts("1.印发通知;2.开展检查。(1)约谈负责人(2)完成整改") == ["印发通知", "开展检查", "约谈负责人(2)完成整改"]
    assert texts("记账形式:1.按凭证金额记账;2.按1元记账。") == ["记账形式", "按凭证金额记账", "按1元记账"]


def test_decimals_are_not_enumerators():
    assert texts("上缴资金3.5万元。") == ["上缴资金3.5万元"]


def test_full_width_punctuation():
    assert texts("一是制定办法；二是开展培训。（1）完成自查") == ["制定办法", "开展培训", "完成自查"]


def test_sub_unit_parts():
    response = "市福利院整改情况:一是组织全面核对。\n市救助站整改情况:一是全面清查物资。"
    clauses = split_clauses(response)
    assert [c.text for c in clauses] == ["市福利院整改情况", "组织全面核对", "市救助站整改情况", "全面清查物资"]
    assert [c.kind for c in clauses] == ["unit", "enumerated", "unit", "enumerated"]


def test_empty_and_punctuation_only():
    assert split_clauses("") == []
    assert split_clauses("。;\n") == []


def test_offsets_point_into_the_response():
    response = "  一是加大力度推进建设,建立台账。二是印发《方案》;(三)开展宣传  "
    for clause in split_clauses(response):
        assert response[clause.start:clause.end] == clause.text


@given(st.text(alphabet="一二是1.()(),。;:\n制定办法整改情况市 ", max_size=80))
def test_clauses_are_ordered_disjoint_and_exact(response):
    previous_end = 0
    for clause in split_clauses(response):
        assert response[clause.start:clause.end] == clause.text
        assert clause.text.strip() == clause.text and clause.text
        assert clause.start >= previous_end
        previous_end = clause.end
