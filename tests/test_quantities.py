"""Counts and percentages (数量): table-driven cases in the genre of rectification notices."""

from __future__ import annotations

import pytest

from nlp.extract.quantities import extract_quantities
from nlp.tables import load_table

CASES = [
    ("重名道路减少为83组", [("83组", 83.0, "组")]),
    ("共有1313户群众完成线上缴费", [("1313户", 1313.0, "户")]),
    ("落实27个家庭寄养儿童", [("27个家庭", 27.0, "个家庭")]),
    ("反馈六个方面47个问题", [("六个方面", 6.0, "个方面"), ("47个问题", 47.0, "个问题")]),
    ("完善制度12项", [("12项", 12.0, "项")]),
    ("制定整改措施56条", [("56条", 56.0, "条")]),
    ("诫勉谈话5人", [("5人", 5.0, "人")]),
    ("召开专题会议3次", [("3次", 3.0, "次")]),
    ("培训干部1200人次", [("1200人次", 1200.0, "人次")]),
    ("督促1家社会组织", [("1家", 1.0, "家")]),
    ("完成6个课题调研", [("6个课题", 6.0, "个课题")]),
    ("现有6个公益性公墓", [("6个", 6.0, "个")]),
    ("整改完成率98.71%", [("98.71%", 98.71, "%")]),
    ("占比超过55%", [("55%", 55.0, "%")]),
    ("完成率达百分之九十", [("百分之九十", 90.0, "%")]),
    ("整改率100 %", [("100 %", 100.0, "%")]),
    ("覆盖1.2万人", [("1.2万人", 12000.0, "人")]),
    ("采取两种方式", [("两种", 2.0, "种")]),
    ("选派三名同志", [("三名", 3.0, "名")]),
    ("签订4份协议", [("4份", 4.0, "份")]),
    ("清理67台设备", [("67台", 67.0, "台")]),
    ("查处违纪案件十二起", [("十二起", 12.0, "起")]),
    ("处置１２项问题", [("１２项", 12.0, "项")]),
    ("立案3件,处分4人", [("3件", 3.0, "件"), ("4人", 4.0, "人")]),
    ("整改问题25个,已完成19个", [("25个", 25.0, "个"), ("19个", 19.0, "个")]),
    ("拆除违建1,200平方米", [("1,200平方米", 1200.0, "平方米")]),
]

NOT_QUANTITIES = [
    "市委第二轮巡察", "第3次会议", "2023年1月11日", "汕民〔2023〕12号", "追回资金40余万元", "两个月内完成",
    "近10年", "落实三重一大制度", "增强四个意识", "做到两个维护", "开展一项重要工作", "一次性支付",
    "电话:0754-88562041",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quantities(text: str, expected: list[tuple[str, float, str]]) -> None:
    found = extract_quantities(text)
    for q in found:
        assert text[q.start:q.end] == q.text
    assert [(q.text, q.value, q.unit) for q in found] == expected


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text: str) -> None:
    assert extract_quantities(text) == []


def test_approx_count() -> None:
    [q] = extract_quantities("共有1300余户")
    assert (q.text, q.value, q.approx) == ("1300余户", 1300.0, True)


TABLE = load_table("quantities")


@pytest.mark.parametrize("unit", TABLE["units"])
def test_unit(unit: str) -> None:
    found = extract_quantities(f"共计35{unit}")
    assert [(q.value, q.unit) for q in found] == [(35.0, unit)]


@pytest.mark.parametrize("noun", TABLE["nouns_after_ge"])
def test_noun_after_ge(noun: str) -> None:
    assert extract_quantities(f"涉及8个{noun}")[0].unit == f"个{noun}"


@pytest.mark.parametrize("word", TABLE["time_after_ge"])
def test_time_after_ge(word: str) -> None:
    assert extract_quantities(f"用时3个{word}") == []


@pytest.mark.parametrize(("scale", "factor"), sorted(TABLE["scales"].items()))
def test_scale(scale: str, factor: int) -> None:
    assert extract_quantities(f"惠及3{scale}人")[0].value == 3.0 * factor


@pytest.mark.parametrize("sign", TABLE["percent_signs"])
def test_percent_sign(sign: str) -> None:
    assert [(q.value, q.unit) for q in extract_quantities(f"比例为12.5{sign}")] == [(12.5, sign)]


@pytest.mark.parametrize("prefix", TABLE["ordinal_prefixes"])
def test_ordinal_prefix(prefix: str) -> None:
    assert extract_quantities(f"{prefix}三轮巡察") == []


@pytest.mark.parametrize("prefix", TABLE["name_prefixes"])
def test_name_prefix(prefix: str) -> None:
    assert extract_quantities(f"市委{prefix}二组") == []


@pytest.mark.parametrize("phrase", TABLE["not_quantities"])
def test_not_quantity_phrase(phrase: str) -> None:
    assert extract_quantities(f"落实{phrase}要求") == []
