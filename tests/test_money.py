"""Money (金额): table-driven cases in the genre of audit and rectification notices."""

from __future__ import annotations

import pytest

from nlp.extract.money import extract_money
from nlp.tables import load_table

CASES = [
    ("清退违规资金66.57万元", [("66.57万元", 665700.0, False)]),
    ("追回应由个人承担的资金146万元", [("146万元", 1460000.0, False)]),
    ("挽回经济损失1369.5万元。", [("1369.5万元", 13695000.0, False)]),
    ("涉及金额3亿元", [("3亿元", 300000000.0, False)]),
    ("下拨资金2.5亿元", [("2.5亿元", 250000000.0, False)]),
    ("支付定金5千元", [("5千元", 5000.0, False)]),
    ("结存1,234.56元", [("1,234.56元", 1234.56, False)]),
    ("合同金额237,600.00元", [("237,600.00元", 237600.0, False)]),
    ("应付返奖奖金14,447.2元,2008年结存", [("14,447.2元", 14447.2, False)]),
    ("公益金1,234,567元", [("1,234,567元", 1234567.0, False)]),
    ("利息0.1234元", [("0.1234元", 0.1234, False)]),
    ("收取押金500 元", [("500 元", 500.0, False)]),
    ("专用投注卡1元", [("1元", 1.0, False)]),
    ("捐赠壹仟元", [("壹仟元", 1000.0, False)]),
    ("挪用两千多万元", [("两千多万元", 20000000.0, True)]),
    ("发放补贴五万元", [("五万元", 50000.0, False)]),
    ("追回40余万元", [("40余万元", 400000.0, True)]),
    ("追回40万余元", [("40万余元", 400000.0, True)]),
    ("涉及资金约5万元", [("5万元", 50000.0, True)]),
    ("涉及资金近300万元", [("300万元", 3000000.0, True)]),
    ("超2亿元未拨付", [("2亿元", 200000000.0, True)]),
    ("结余5万元左右", [("5万元", 50000.0, True)]),
    ("单笔5万元以上", [("5万元", 50000.0, True)]),
    ("项目,200元", [("200元", 200.0, False)]),
    ("分别为101万元、3.15万元和97.85万元", [("101万元", 1010000.0, False), ("3.15万元", 31500.0, False),
                                            ("97.85万元", 978500.0, False)]),
    ("资金(8876.77元)已上缴", [("8876.77元", 8876.77, False)]),
    ("人民币１２００元", [("１２００元", 1200.0, False)]),
    ("處罰金額3萬元", [("3萬元", 30000.0, False)]),
]

NOT_MONEY = [
    "2,008年结存", "开展元旦慰问", "推进多元化投入", "统一元数据标准", "落实5万人就业", "资金100万", "共计5万美元",
    "汕民〔2023〕12号", "2023年1月11日", "单元格", "3个单元",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_amounts(text: str, expected: list[tuple[str, float, bool]]) -> None:
    found = extract_money(text)
    for m in found:
        assert text[m.start:m.end] == m.text
    assert [(m.text, m.yuan, m.approx) for m in found] == expected


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert extract_money(text) == []


@pytest.mark.parametrize(("text", "low", "high"), [
    ("罚款5万元至10万元", 50000.0, 100000.0),
    ("罚款5-10万元", 50000.0, 100000.0),
    ("罚款5万至10万元", 50000.0, 100000.0),
    ("补助300到500元", 300.0, 500.0),
    ("投入1亿元~2亿元", 100000000.0, 200000000.0),
])
def test_range_is_one_mention(text: str, low: float, high: float) -> None:
    [m] = extract_money(text)
    assert text[m.start:m.end] == m.text == text[2:]
    assert (m.low, m.high, m.yuan, m.approx) == (low, high, low, True)


TABLE = load_table("money")


@pytest.mark.parametrize(("scale", "factor"), sorted(TABLE["scales"].items()))
def test_scale(scale: str, factor: int) -> None:
    assert extract_money(f"资金3{scale}元")[0].yuan == 3.0 * factor


@pytest.mark.parametrize("cue", TABLE["approx_inner"])
def test_inner_approx(cue: str) -> None:
    [m] = extract_money(f"追回30{cue}万元")
    assert (m.text, m.yuan, m.approx) == (f"30{cue}万元", 300000.0, True)


@pytest.mark.parametrize("cue", TABLE["approx_before"])
def test_approx_before(cue: str) -> None:
    [m] = extract_money(f"涉及{cue}30万元")
    assert (m.text, m.approx) == ("30万元", True)


@pytest.mark.parametrize("cue", TABLE["approx_after"])
def test_approx_after(cue: str) -> None:
    [m] = extract_money(f"涉及30万元{cue}")
    assert (m.text, m.approx) == ("30万元", True)


@pytest.mark.parametrize("conn", TABLE["range_connectors"])
def test_range_connector(conn: str) -> None:
    [m] = extract_money(f"罚款5万元{conn}10万元")
    assert (m.low, m.high) == (50000.0, 100000.0)


@pytest.mark.parametrize("word", TABLE["not_after_unit"])
def test_not_after_unit(word: str) -> None:
    assert extract_money(f"十元{word}") == []


@pytest.mark.parametrize("cue", TABLE["bare_cues"])
def test_scaled_amount_without_yuan_after_a_spending_word(cue: str) -> None:
    found = extract_money(f"全年{cue}1.5万亿,同比增长")
    assert [(m.text, m.yuan) for m in found] == [("1.5万亿", 1.5e12)]


@pytest.mark.parametrize("unit", TABLE["bare_not_before"])
def test_scaled_count_after_a_spending_word_is_not_money(unit: str) -> None:
    assert extract_money(f"投入2万{unit}") == []


def test_bare_amount_needs_a_scale_word() -> None:
    assert extract_money("支出300,占比") == []
    assert [(m.text, m.yuan, m.approx) for m in extract_money("这一段路我花了2万多呢")] == [("2万多", 20000.0, True)]
