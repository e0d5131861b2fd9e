"""Dates (日期): table-driven cases in the genre of rectification notices."""

from __future__ import annotations

import pytest

from nlp.extract.dates import DateContext, extract_dates
from nlp.tables import load_table

FEEDBACK = "2023年1月11日,巡察组向局党组反馈巡察意见。"

CASES = [
    ("2023年1月11日,巡察组向局党组反馈意见。", [("2023年1月11日", "date", "2023-01-11")]),
    # spaced as some sites set dates
    ("2024 年 2 月 26 日上午,召开反馈会", [("2024 年 2 月 26 日", "date", "2024-02-26")]),
    ("执行2022年12月发布的国家标准", [("2022年12月", "month", "2022-12")]),
    ("结合2022年度全市工作", [("2022年度", "year", "2022")]),
    ("列为2023年重点督办地区", [("2023年", "year", "2023")]),
    ("统一部署,2023年7月13日至8月31日,市委巡察组开展巡察",
     [("2023年7月13日至8月31日", "range", "2023-07-13/2023-08-31")]),
    ("2022年8月29日至2022年10月28日开展巡察", [("2022年8月29日至2022年10月28日", "range", "2022-08-29/2022-10-28")]),
    ("于2022年8月下旬至10月下旬开展", [("2022年8月下旬至10月下旬", "range", "2022-08/2022-10")]),
    ("2023年7月6日-9月6日开展巡察", [("2023年7月6日-9月6日", "range", "2023-07-06/2023-09-06")]),
    ("2023年7月1日到10日集中整治", [("2023年7月1日到10日", "range", "2023-07-01/2023-07-10")]),
    ("2023年11月至2月开展冬季排查", [("2023年11月至2月", "range", "2023-11/2024-02")]),
    ("纳入国土空间总体规划(2021-2035年)", [("2021-2035年", "range", "2021/2035")]),
    ("对2019年至2022年期间的捐赠物资进行核对", [("2019年至2022年", "range", "2019/2022")]),
    ("纳入2023年至2024年度物业采购", [("2023年至2024年度", "range", "2023/2024")]),
    ("2019、2020年度没有召开专题会议", [("2019、2020年度", "list", "2019,2020")]),
    ("2021年和2022年均未开展", [("2021年和2022年", "list", "2021,2022")]),
    # the second side of a day-to-day range lost its 日 in conversion
    ("2022年8月19日至2022年11月15市委第三巡察组开展巡察",
     [("2022年8月19日至2022年11月15", "range", "2022-08-19/2022-11-15")]),
    ("2022年8月19日至11月15个问题", [("2022年8月19日至11月", "range", "2022-08-19/2022-11")]),
    ("先后于2022年10月26日、30日专题听取汇报", [("2022年10月26日、30日", "list", "2022-10-26,2022-10-30")]),
    ("于2022年5月6日、18日和29日召开", [("2022年5月6日、18日和29日", "list", "2022-05-06,2022-05-18,2022-05-29")]),
    ("发布时间: 2025-04-10 11:16 来源:市委巡察办", [("2025-04-10", "date", "2025-04-10")]),
    ("日期: 2024年05月20日", [("2024年05月20日", "date", "2024-05-20")]),
    ("成文日期:2023.5.4", [("2023.5.4", "date", "2023-05-04")]),
    ("成文日期:2023/05/04", [("2023/05/04", "date", "2023-05-04")]),
    ("截至2023年6月30日,已完成整改", [("2023年6月30日", "date", "2023-06-30")]),
    ("自2023年1月1日起执行新制度", [("2023年1月1日", "date", "2023-01-01")]),
    ("于2023年2月前完成清理", [("2023年2月", "month", "2023-02")]),
    ("规定自2023年2月份起接受捐赠", [("2023年2月份", "month", "2023-02")]),
    # written to the year, as 8月下旬 is written to the month
    ("确保2023年底前全部完成", [("2023年底", "year", "2023")]),
    ("2024年初召开推进会", [("2024年初", "year", "2024")]),
    ("2023年第三季度开展督查", [("2023年第三季度", "quarter", "2023-Q3")]),
    ("2023年上半年完成验收", [("2023年上半年", "range", "2023-01/2023-06")]),
    ("二〇二三年十月十三日", [("二〇二三年十月十三日", "date", "2023-10-13")]),
    ("２０２３年１月１１日召开会议", [("２０２３年１月１１日", "date", "2023-01-11")]),
    ("2023年初步完成排查", [("2023年", "year", "2023")]),
    ("印发《关于做好2023年民政工作的通知》", [("2023年", "year", "2023")]),
    ("2024年1—2月清退资金", [("2024年1—2月", "range", "2024-01/2024-02")]),
    ("2023年三、四季度完成", [("2023年三、四季度", "list", "2023-Q3,2023-Q4")]),
    ("2023年9、10月份开展", [("2023年9、10月份", "list", "2023-09,2023-10")]),
    ("2022年10月-2023年3月开展", [("2022年10月-2023年3月", "range", "2022-10/2023-03")]),
    ("2023年1月11日、2月3日召开会议", [("2023年1月11日、2月3日", "list", "2023-01-11,2023-02-03")]),
    ("2023年6月至今", [("2023年6月", "month", "2023-06")]),
    ("2020年以来", [("2020年", "year", "2020")]),
]

INFERRED = [
    # a story opening with a day before any year: the year told next (the inspection's)
    ("11月3日—4日,公司党委巡察组召开反馈会议。按照部署,从2021年9月1日开始,巡察组对分公司进行了巡察。",
     "11月3日—4日", "range", "2021-11-03/2021-11-04", None),
    # ... and a day earlier in the year than that date falls in the year after it
    ("2月13日,巡察组向公司党委反馈巡察情况。2022年10月9日至12月20日,巡察组对公司党委进行了巡察。",
     "2月13日", "date", "2023-02-13", None),
    # a news story telling the feedback meeting first: a date after the inspection sentence follows
    # the inspection, not the feedback
    ("2023年8月4日,市委第六巡察组巡察团市委情况反馈会召开。根据市委统一部署,2023年4月21日至6月25日,"
     "市委第六巡察组对团市委开展了巡察。7月24日,市委书记专题会议听取了巡察情况汇报。",
     "7月24日", "date", "2023-07-24", None),
    # the dated line under a report's title (speech_date_lead) is the year of writing, not the audited year
    ("关于2019年度省级预算执行的审计工作报告\n——2020年7月28日在省人大常委会会议上\n去年以来,各部门加强管理。",
     "去年", "year", "2019", None),
    # a line break between a year and a month parts them: the month's year is inferred
    ("计划于2024年\n3月份完成", "3月份", "month", "2024-03", None),
    (FEEDBACK + "今年一季度组织入户核查。", "今年一季度", "quarter", "2023-Q1", None),
    (FEEDBACK + "两项制度分别于4月1日和7月1日起实施。", "4月1日和7月1日", "list", "2023-04-01,2023-07-01",
     None),
    (FEEDBACK + "2021年未完成课题。2月10日局党组会议再次学习。", "2月10日", "date", "2023-02-10", None),
    ("2023年11月1日反馈了巡视意见。截至3月31日,已完成整改。", "3月31日", "date", "2024-03-31", None),
    ("2024年3月27日至6月7日,区委巡察组开展巡察。7月6日,巡察组反馈意见。", "7月6日", "date", "2024-07-06", None),
    ("2019年局党组1名成员受处分,班子成员没有在当年度民主生活会回应。", "当年度", "year", "2019", None),
    ("今年3月29日,受委托报告审计情况。", "今年3月29日", "date", "2022-03-29", DateContext(publish_date="2022-10-09")),
    ("今年1月6日、1月21日两次召开会议。", "今年1月6日、1月21日", "list", "2024-01-06,2024-01-21",
     DateContext(publish_date="2024-05-01")),
    ("去年完成排查。", "去年", "year", "2023", DateContext(publish_date="2024-03-01")),
    ("截至5月6日,3个问题已完成整改。", "5月6日", "date", "2025-05-06", DateContext(feedback_date="2025-01-10")),
    ("日期: 2024年05月20日\n2024年10月28日至11月10日,巡察组开展巡察。"
     "2025年1月10日,巡察组反馈意见。截至5月6日,完成整改。", "5月6日", "date", "2025-05-06", None),
    (FEEDBACK + "纳入2023年至2024年度采购。3月30日召开会议。", "3月30日", "date", "2023-03-30",
     DateContext(publish_date="2023-10-13")),
    (FEEDBACK + "3、4月份召开专题会议。", "3、4月份", "list", "2023-03,2023-04", None),
    ("今年3、4月召开会议。", "今年3、4月", "list", "2024-03,2024-04", DateContext(publish_date="2024-05-01")),
    # written late in 2022, published in January 2023: 今年8月 cannot be August 2023
    ("今年8月,常委会审议了审计工作报告。", "今年8月", "month", "2022-08", DateContext(publish_date="2023-01-06")),
    ("发布时间:2023-05-04\n正文。上半年完成验收。", "上半年", "range", "2023-01/2023-06", None),
]

NOT_DATES = [
    "近10年来未开展清查", "两个月内完成整改", "连续3年未召开", "每月召开一次调度会", "每季度通报一次",
    "每年3月开展自查", "制定年度计划", "年度考核结果", "落实十四五规划", "学习七一讲话精神", "清明期间加强巡查",
    "开展中期评估", "一时难以解决", "十一期间值班", "全年完成目标", "芦宣发〔2024〕4号", "汕民[2023]12号",
    "索引号:113307020501239658/2023-46395", "电话:0754-88562041", "应付返奖奖金8876.77元",
    "资金247941.75元", "如今年轻干部较多", "公告2023年第12号", "2023年第1期简报", "截至目前", "近三年来",
    "相当年轻", "不同年龄段", "第3月", "近3月未更新",
]


def _assert_spans(text: str, mentions: list) -> None:
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_explicit(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = extract_dates(text)
    _assert_spans(text, found)
    assert [(m.text, m.kind, m.value) for m in found] == expected
    assert not any(m.inferred_year for m in found)


@pytest.mark.parametrize(("text", "mention", "kind", "value", "context"), INFERRED)
def test_inferred_year(text: str, mention: str, kind: str, value: str, context: DateContext | None) -> None:
    found = extract_dates(text, context)
    _assert_spans(text, found)
    hit = next(m for m in found if m.text == mention)
    assert (hit.kind, hit.value, hit.inferred_year) == (kind, value, True)


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert extract_dates(text) == []


def test_in_title_flag() -> None:
    text = "印发《关于做好2023年民政工作的通知》,2023年完成。"
    assert [m.in_title for m in extract_dates(text)] == [True, False]


def test_unknown_year_is_edtf() -> None:
    assert [m.value for m in extract_dates("今年召开会议")] == ["XXXX"]


TABLE = load_table("dates")


@pytest.mark.parametrize("word", sorted(TABLE["relative_years"]))
def test_relative_year_word(word: str) -> None:
    rule = TABLE["relative_years"][word]
    text = f"2019年发现问题。{word}完成整改。"
    base = 2024 if rule["base"] == "current" else 2019
    found = extract_dates(text, DateContext(publish_date="2024-03-01"))
    assert found[-1].text.startswith(word)
    assert found[-1].value == str(base + rule["offset"])


@pytest.mark.parametrize(("word", "number"), sorted(TABLE["quarters"].items()))
def test_quarter_word(word: str, number: int) -> None:
    assert [m.value for m in extract_dates(f"2023年第{word}季度")] == [f"2023-Q{number}"]


@pytest.mark.parametrize(("word", "months"), sorted(TABLE["halves"].items()))
def test_half_word(word: str, months: list[int]) -> None:
    assert extract_dates(f"2023年{word}")[0].value == f"2023-{months[0]:02d}/2023-{months[1]:02d}"


@pytest.mark.parametrize("part", TABLE["month_parts"])
def test_month_part(part: str) -> None:
    found = extract_dates(f"2023年3月{part}完成")
    assert [(m.text, m.kind, m.value) for m in found] == [(f"2023年3月{part}", "month", "2023-03")]


@pytest.mark.parametrize(("edge", "month"), sorted(TABLE["year_edges"].items()))
def test_year_edge(edge: str, month: int) -> None:
    """Written to the year; the edge's month places it: a later month after it falls in the next year."""
    assert extract_dates(f"2023年{edge}前完成")[0].value == "2023"
    assert extract_dates(f"2023年{edge}至6月")[0].value == f"2023/{2023 + (month > 6)}-06"


@pytest.mark.parametrize("unit", ["个", "项", "人", "元", "万", "%", "天", ".5"])
def test_lost_day_blocked_after(unit: str) -> None:
    assert extract_dates(f"2022年8月19日至11月15{unit}")[0].value == "2022-08-19/2022-11"


@pytest.mark.parametrize("word", TABLE["edge_blocked_after"])
def test_edge_blocked_after(word: str) -> None:
    assert extract_dates(f"2023年初{word}")[0].value == "2023"


@pytest.mark.parametrize("conn", TABLE["range_connectors"])
def test_range_connector(conn: str) -> None:
    found = extract_dates(f"2023年7月1日{conn}8月31日开展")
    assert [(m.kind, m.value) for m in found] == [("range", "2023-07-01/2023-08-31")]


@pytest.mark.parametrize("conn", TABLE["list_connectors"])
def test_list_connector(conn: str) -> None:
    found = extract_dates(f"2023年7月1日{conn}8月31日召开会议")
    assert [(m.kind, m.value) for m in found] == [("list", "2023-07-01,2023-08-31")]


@pytest.mark.parametrize("prefix", TABLE["frequency_prefixes"] + TABLE["month_blocked_before"])
def test_year_less_month_blocked(prefix: str) -> None:
    assert extract_dates(f"发布时间:2023-05-04\n要求{prefix}3月检查")[1:] == []


@pytest.mark.parametrize("cue", TABLE["page_date_cues"])
def test_page_date_cue_sets_current_year(cue: str) -> None:
    found = extract_dates(f"{cue}: 2021-06-30 09:00\n今年完成整改。")
    assert [m.value for m in found] == ["2021-06-30", "2021"]


@pytest.mark.parametrize("cue", TABLE["feedback_cues"])
def test_feedback_cue(cue: str) -> None:
    found = extract_dates(f"2022年11月20日,巡察组{cue}意见。2021年问题。3月1日召开会议。")
    assert found[-1].value == "2023-03-01"


@pytest.mark.parametrize("cue", TABLE["inspection_cues"])
def test_inspection_cue(cue: str) -> None:
    found = extract_dates(f"2022年11月1日至12月20日,对局党组开展{cue}。2020年问题。1月5日召开会议。")
    assert found[-1].value == "2023-01-05"


@pytest.mark.parametrize(("word", "chars"), sorted(TABLE["relative_year_blocked_before"].items()))
def test_relative_year_blocked_before(word: str, chars: list[str]) -> None:
    for char in chars:
        assert extract_dates(f"{char}{word}") == []


@pytest.mark.parametrize("char", TABLE["relative_year_blocked_after"])
def test_relative_year_blocked_after(char: str) -> None:
    assert extract_dates(f"同年{char}") == []


@pytest.mark.parametrize("word", TABLE["not_dates"])
def test_not_date_word(word: str) -> None:
    assert extract_dates(f"按照{word}的要求") == []
