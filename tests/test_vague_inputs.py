"""Vague and hostile inputs: amounts with no stated figure, long Chinese ordinals, two notices in one file.

Table cases for the entries of nlp/data/money.yaml (no_figure_before), structure.yaml (paren_cn) and
quality.yaml (second_notice).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, shared_or_skip

from nlp.extract.money import extract_money
from nlp.numerals import cn_to_number
from nlp.pipeline import Pipeline
from nlp.quality import second_notice_start
from nlp.record import to_record
from nlp.structure import patterns
from nlp.summary import extract_summary
from nlp.tables import load_table

MONEY = load_table("money")
SECOND = load_table("quality")["second_notice"]
REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(classify=False)


# --- money: a figure that is not stated gives no mention ------------------------------------------

#: each no_figure_before entry: a numeral without its leading digit after it, and the same numeral alone
NO_FIGURE_CASES = {
    "_": ("追回资金__千元", "追回资金千元"),
    "[Xx]": ("追回资金XX万X千元", "追回资金千元"),
    "×": ("追回资金××千元", "追回资金千元"),
    "\\*": ("追回资金**千元", "追回资金千元"),
    "某": ("追回资金某百万元", "追回资金百万元"),
    "□": ("追回资金□□千元", "追回资金千元"),
    "数": ("追回资金数十万元", "追回资金十万元"),
    "几": ("追回资金几百万元", "追回资金百万元"),
    "(?<![以加])上": ("挽回损失上千万元", "挽回损失千万元"),
}


def test_every_no_figure_entry_has_a_case() -> None:
    assert set(NO_FIGURE_CASES) == set(MONEY["no_figure_before"])


@pytest.mark.parametrize(("entry", "texts"), sorted(NO_FIGURE_CASES.items()))
def test_no_figure_before(entry: str, texts: tuple[str, str]) -> None:
    vague, stated = texts
    assert extract_money(vague) == []
    assert len(extract_money(stated)) == 1  # the same figure without the cue is an amount


@pytest.mark.parametrize("text", [
    "收回资金万元", "收回资金____万元", "收回资金XX万元", "收回资金××万元", "收回资金某某万元",
    "收回资金○○万元", "收回资金〇〇万元", "收回资金数万元", "挽回损失上亿元", "收回资金几十万元",
    "收回资金十几万元", "收回资金二十几万元", "挽回损失十几亿元", "收回资金⑵万元", "收回资金②万元",
    "金额(万元)", "单位:万元", "成为万元户", "成百上千万元",
])
def test_blank_or_vague_amounts_give_no_mention(text: str) -> None:
    assert extract_money(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("涉及资金近100万元", ("100万元", 1000000.0, True)),
    ("涉及资金约5万元", ("5万元", 50000.0, True)),
    ("追回100余万元", ("100余万元", 1000000.0, True)),
    ("涉及资金近百万元", ("百万元", 1000000.0, True)),  # 百万 is 一百万 with its 一 left out
    ("追回百余万元", ("百余万元", 1000000.0, True)),
    ("罚款十万元", ("十万元", 100000.0, False)),
    ("罚款5万元以上十万元以下", ("十万元", 100000.0, False)),  # 以上 is not the vague 上
    ("再加上十万元", ("十万元", 100000.0, False)),
])
def test_approximate_amounts_keep_their_number(text: str, expected: tuple[str, float, bool]) -> None:
    mention = extract_money(text)[-1]
    assert text[mention.start:mention.end] == mention.text
    assert (mention.text, mention.yuan, mention.approx) == expected


@pytest.mark.parametrize(("text", "funds"), [
    ("追回资金万元。", None),
    ("追回资金○○万元。", None),
    ("追回资金数十万元。", None),
    ("追回资金5万元,清退资金数十万元。", 50000.0),
])
def test_vague_amounts_add_nothing_to_the_totals(text: str, funds: float | None, pipeline: Pipeline) -> None:
    assert extract_summary(text).funds_recovered_yuan == funds
    record = to_record(pipeline(text))
    assert sum(m["yuan"] for m in record["money"]) == (funds or 0.0)
    assert all(isinstance(m["yuan"], float) for m in record["money"])  # the contract: yuan is a number


@pytest.mark.parametrize(("numeral", "value"), [
    ("万", None), ("亿", None), ("万一", None), ("〇〇", None), ("○○万", None), ("零", 0), ("一百零五", 105),
    ("一百〇五", 105), ("一千零一十", 1010), ("一千二百三十四", 1234), ("九千九百九十九", 9999),
])
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert cn_to_number(numeral) == value


# --- headings numbered past 一百一十 ----------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """1 ≤ n ≤ 9999 as a notice numbers its headings: 十二, 一百零五, 一千二百三十四."""
    out, gap = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // size % 10
        if not digit:
            gap = gap or bool(out)
            continue
        out += "零" if gap else ""
        out += ("" if unit == "十" and n < 20 else _DIGITS[digit]) + unit
        gap = False
    return out


@pytest.mark.parametrize(("line", "number"), [
    ("(一百二十三)“台账不全”问题", "一百二十三"), ("(一百零五)“台账不全”问题", "一百零五"),
    ("(一千二百三十四)“台账不全”问题", "一千二百三十四"), ("(九千九百九十九)“台账不全”问题", "九千九百九十九"),
])
def test_paren_cn_takes_long_numerals(line: str, number: str) -> None:
    match = patterns().markers["paren_cn"].match(line)
    assert match and match["n"] == number


@pytest.mark.parametrize("count", [250, 1200])
def test_a_notice_with_hundreds_of_headings(count: int, pipeline: Pipeline) -> None:
    assert [chinese(n) for n in (11, 105, 110, 1010)] == ["十一", "一百零五", "一百一十", "一千零一十"]
    text = "二、巡察反馈问题整改情况\n" + "".join(
        f"({chinese(n)})“第{n}项台账不全”问题\n整改情况:已建立台账。\n" for n in range(1, count + 1))
    pairs = pipeline(text).pairs
    assert [p.no for p in pairs] == [f"({chinese(n)})" for n in range(1, count + 1)]
    assert [p.issue.text for p in pairs] == [f"第{n}项台账不全" for n in range(1, count + 1)]
    assert all(text[p.issue.start:p.issue.end] == p.issue.text for p in pairs)


# --- a file holding two notices ---------------------------------------------------------------------

def _second_notice_warnings(record: dict) -> list[str]:
    return [w for w in record["warnings"] if "多份通报" in w]


#: each second_notice pattern: a case where it opens the second of two joined notices
SECOND_CASES = {
    "title": "中共某县教育局党组关于巡察整改情况的通报\n",
    "opening": "根据县委统一部署,2023年3月1日至4月30日,县委第一巡察组对县教育局党组进行了巡察。\n",
}
FIRST = ("根据市委统一部署,市委第二巡察组对市民政局党组开展了巡察。\n二、反馈问题整改情况\n"
         "(一)“台账不全”问题\n整改情况:已建立台账。\n")


@pytest.mark.parametrize("kind", sorted(SECOND_CASES))
def test_second_notice_openings(kind: str) -> None:
    second = SECOND_CASES[kind] + "(一)“制度缺失”问题\n整改情况:已制定制度。\n"
    assert second_notice_start(FIRST + second, FIRST.index("(一)")) == (kind, len(FIRST))
    assert second_notice_start(FIRST, FIRST.index("(一)")) is None


def test_inspected_tells_an_introduction_from_a_response_paragraph() -> None:
    response = "根据市委部署,我局开展了专项整治,完善了制度。\n"
    assert second_notice_start(FIRST + response, FIRST.index("(一)")) is None


def test_openings_far_apart_are_two_notices_without_issues() -> None:
    first = SECOND_CASES["opening"] + "截至目前,反馈问题已全部整改。" * 40 + "\n"
    assert len(first) > SECOND["min_gap"]
    assert second_notice_start(first + SECOND_CASES["opening"], None) == ("opening", len(first))
    near = SECOND_CASES["opening"] + "会议由党组书记主持。\n" + SECOND_CASES["opening"]  # a feedback-meeting report
    assert second_notice_start(near, None) is None


@pytest.mark.parametrize("order", ["seed+001", "001+seed"])
def test_two_notices_in_one_file_are_flagged(order: str, pipeline: Pipeline) -> None:
    seed = shared_or_skip("corpus", "seed.txt").read_text(encoding="utf-8")
    dev = shared_or_skip("corpus", "dev", "001.txt").read_text(encoding="utf-8")
    first, second = (seed, dev) if order == "seed+001" else (dev, seed)
    record = to_record(pipeline(first + "\n" + second))
    [warning] = _second_notice_warnings(record)
    assert f"at character {len(first) + 1};" in warning
    assert _second_notice_warnings(to_record(pipeline(first))) == []


def _corpus_texts() -> list[tuple[str, str]]:
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((CORPUS / "dev").glob("*.txt"))]
    if (CORPUS / "seed.txt").exists():
        texts.append(("seed.txt", (CORPUS / "seed.txt").read_text(encoding="utf-8")))
    for path in sorted(REAL.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [(f"{path.name}:{i}", json.loads(line)["text"]) for i, line in enumerate(lines, 1) if line.strip()]
    return texts


def test_no_single_notice_is_flagged(pipeline: Pipeline) -> None:
    texts = _corpus_texts()
    assert len(texts) > 300
    flagged = [name for name, text in texts if _second_notice_warnings(to_record(pipeline(text)))]
    assert flagged == []
