"""Header fields (通报要素): table-driven cases for each pattern of nlp/data/meta.yaml."""

from __future__ import annotations

import pytest
from conftest import fixture_text

from nlp.extract.dates import extract_dates
from nlp.meta import _patterns, extract_meta
from nlp.structure import parse_structure


def meta_of(text: str):
    structure = parse_structure(text)
    return extract_meta(text, extract_dates(text), structure.intro_end, structure.body_end)


INTRO = (
    "根据县委统一部署,{body}2023年3月6日至5月12日对{unit}开展了常规巡察。"
    "2023年6月20日,巡察组向{told}反馈了巡察意见。"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("县委第三巡察组", "县委第三巡察组"),
        ("县委巡察二组", "县委巡察二组"),
        ("八届市委巡察四组", "八届市委巡察四组"),
        ("省委第六巡视组", "省委第六巡视组"),
        ("县委专项巡察组", "县委专项巡察组"),
        ("县委组建4个巡察组", "县委4个巡察组"),
        ("县委派出第一巡察组", "县委第一巡察组"),
    ],
)
def test_inspection_body(body: str, expected: str) -> None:
    text = INTRO.format(body=body, unit="县水务局党组", told="县水务局党组")
    assert meta_of(text).inspection_body == expected


def test_body_is_not_a_leading_group() -> None:
    text = "根据县委巡察工作领导小组安排,县委第一巡察组2023年3月6日至5月12日对县水务局开展了巡察。"
    assert meta_of(text).inspection_body == "县委第一巡察组"


@pytest.mark.parametrize(
    ("unit", "told", "expected"),
    [
        ("县水务局党组", "县水务局党组", "县水务局党组"),
        ("我局", "中共云溪县水务局党组", "中共云溪县水务局党组"),
        ("本单位", "中共云溪县水务局党组", "中共云溪县水务局党组"),
        # several units: named as the notice names them (a gold listing them contains or is contained)
        ("县水务局、县林业局等2家单位", "各单位", "县水务局、县林业局等2家单位"),
        ("县直12家单位", "各单位", "县直12家单位"),
    ],
)
def test_inspected_unit(unit: str, told: str, expected: str | None) -> None:
    text = INTRO.format(body="县委第三巡察组", unit=unit, told=told)
    assert meta_of(text).inspected_unit == expected


def test_first_person_unit_falls_back_to_issuer() -> None:
    text = "中共云溪县水务局党组关于巡察整改情况的通报\n" + (
        "根据县委统一部署,2023年3月6日至5月12日,县委第三巡察组对我局党组开展了巡察,并于2023年6月20日反馈了巡察意见。"
    )
    assert meta_of(text).inspected_unit == "中共云溪县水务局党组"


def test_dates_of_the_inspection_sentence() -> None:
    meta = meta_of(INTRO.format(body="县委第三巡察组", unit="县水务局党组", told="县水务局党组"))
    dates = (meta.inspection_start, meta.inspection_end, meta.feedback_date)
    assert dates == ("2023-03-06", "2023-05-12", "2023-06-20")


def test_feedback_date_after_its_cue() -> None:
    text = "根据县委部署,县委第三巡察组2023年3月6日至5月12日对县林业局开展了巡察。巡察反馈会议于2023年6月20日召开。"
    assert meta_of(text).feedback_date == "2023-06-20"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("根据市委部署,2024717日至830日,市委第六巡察组对市卫健委党委进行了巡察。914日,巡察组向市卫健委党委反馈了巡察意见。",
         ("2024-07-17", "2024-08-30", "2024-09-14")),
        ("根据市委部署,2024111日至1220日,市委第六巡察组对市卫健委党委进行了巡察。", (None, None, None)),
        ("根据市委部署,20241015日至1220日,市委第六巡察组对市卫健委党委进行了巡察。131日反馈了巡察意见。",
         ("2024-10-15", "2024-12-20", "2025-01-31")),
    ],
)
def test_dates_without_year_and_month_characters(sentence: str, expected: tuple) -> None:
    meta = meta_of(sentence)
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the second side with its own year, a one-digit month, a day of the same month, no 日
        ("根据市委统一部署,2019321日至2019521日,市委第三巡察组对市中医医院党委进行了巡察。201982日,"
         "市委第三巡察组向我院党委反馈了巡察意见。", ("2019-03-21", "2019-05-21", "2019-08-02")),
        ("根据委统一部署,202442日至820日,县委第一巡察组对县中医医院党委开展了巡察。2024919日,县委第一巡察组反馈了巡察意见。",
         ("2024-04-02", "2024-08-20", "2024-09-19")),
        ("根据计划安排,20211025日至29日,市统计局督查组对武清区开展了督查。市统计局于2022110日向武清区反馈了督查意见。",
         ("2021-10-25", "2021-10-29", "2022-01-10")),
        ("区委第巡察组于2025324日至56对区卫生健康局党组进行了巡察。并于716日,区委第三巡察组向区卫生健康局党组反馈了巡察意见。",
         ("2025-03-24", "2025-05-06", "2025-07-16")),
    ],
)
def test_garbled_dates_of_scraped_pages(sentence: str, expected: tuple) -> None:
    meta = meta_of(sentence)
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == expected


def test_garbled_feedback_beside_a_written_period() -> None:
    text = ("根据区委巡察工作领导小组安排,2022324日上午,区委第二巡察组在交建大厦召开巡察相城交投集团党委情况反馈会。"
            "根据区委统一部署,2021年9月14日至10月31日,区委第二巡察组对交投集团党委开展了巡察。")
    assert meta_of(text).feedback_date == "2022-03-24"


def test_yearless_feedback_gives_way_to_a_dated_one() -> None:
    text = ("摘要 7月8日,市委第三巡察组对山东轻工职业学院党委巡察情况反馈会议召开。\n"
            "2024年7月8日,市委第三巡察组对山东轻工职业学院党委巡察情况反馈会议召开。")
    assert meta_of(text).feedback_date == "2024-07-08"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("根据市委部署,2020年6月1日至8月31日,市委巡察一组对我院党组开展了巡察。市法院党组严格落实整改要求,"
         "研究制定《中共莆田市中级人民法院党组关于巡察反馈意见的整改方案》。", "中共莆田市中级人民法院党组"),
        ("按照市委安排,2021年4月26日至6月25日,市委第七巡察组对我单位开展了巡察工作。县委宣传部高度重视巡察反馈意见。",
         "县委宣传部"),
        ("根据区委部署,区委第一巡察组对我街道进行了巡察。巡察组反馈意见后,松杨湖街道党工委高度重视,召开专题会。",
         "松杨湖街道党工委"),
        ("近日,阜阳市委第六专项巡察组巡察太和县人民医院党委情况反馈会召开。", "太和县人民医院党委"),
        ("6月5日,区委第一巡察组在金鸡滩镇召开巡察情况反馈会议。", "金鸡滩镇"),
    ],
)
def test_inspected_unit_from_plans_subjects_and_meetings(text: str, unit: str) -> None:
    assert meta_of(text).inspected_unit == unit


@pytest.mark.parametrize(
    ("header", "title", "issuer"),
    [
        ("中共临沂市交通运输局党组\n\n关于十四届市委第一轮巡察整改进展情况的通报\n",
         "中共临沂市交通运输局党组关于十四届市委第一轮巡察整改进展情况的通报", "中共临沂市交通运输局党组"),
        ("沧源佤族自治县医疗保障局党组关于第十四届\n县委机动巡察整改进展情况的通报\n",
         "沧源佤族自治县医疗保障局党组关于第十四届县委机动巡察整改进展情况的通报", "沧源佤族自治县医疗保障局党组"),
        ("中共上海市青浦区民政局党组关于巡察集中整改进展情况的通报 2026-02-13\n",
         "中共上海市青浦区民政局党组关于巡察集中整改进展情况的通报", "中共上海市青浦区民政局党组"),
        ("市委第六巡察组向市交通运输局党委反馈巡察情况\n信息来源:市委巡察办\n",
         "市委第六巡察组向市交通运输局党委反馈巡察情况", "市委巡察办"),
        ("关于2020年度市本级预算执行审计查出问题整改情况的报告\n市审计局局长   李火生\n",
         "关于2020年度市本级预算执行审计查出问题整改情况的报告", "市审计局"),
    ],
)
def test_titles_on_two_lines_and_issuer_fields(header: str, title: str | None, issuer: str) -> None:
    meta = meta_of(header + "根据市委统一部署,2022年6月22日至9月22日,市委第五巡察组对市交通运输局党组开展了巡察。")
    assert (meta.title, meta.issuer) == (title, issuer)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("全市农业农村领域乡村振兴资金管理使用", "市农业农村局党组"), ("市农业农村局", "市农业农村局")],
)
def test_a_special_inspections_subject_is_not_the_unit(subject: str, expected: str) -> None:
    text = (f"根据市委统一部署,2022年8月至10月,市委第四巡察组对{subject}开展了专项巡察,"
            "2023年2月22日,市委第四巡察组向市农业农村局党组反馈了巡察意见。")
    assert meta_of(text).inspected_unit == expected


@pytest.mark.parametrize(("dates", "expected"), [("11月7日、12日", "2021-11-07"), ("2019、2020年度", None)])
def test_a_list_dates_the_feedback_by_its_first_day(dates: str, expected: str | None) -> None:
    text = ("按照集团党委的统一部署,2021年9月1日至10月20日,公司党委巡察组对分公司进行了巡察。"
            f"{dates},巡察组向分公司反馈了巡察意见。")
    assert meta_of(text).feedback_date == expected


def test_a_feedback_meeting_over_two_days_is_dated_by_its_first() -> None:
    text = ("11月3日—4日,公司党委巡察组召开巡察情况反馈会议,向分公司反馈巡察情况。"
            "按照集团党委的统一部署,从2021年9月1日开始,公司党委巡察组对分公司进行了巡察。")
    assert meta_of(text).feedback_date == "2021-11-03"


def test_month_precise_inspection_period() -> None:
    text = "根据市委部署,2022年4月上旬至6月中旬,市委第一巡察组对市商贸集团开展了巡察,并于2022年8月反馈了巡察意见。"
    meta = meta_of(text)
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == ("2022-04", "2022-06", "2022-08")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("发布日期:2024-11-06", "2024-11-06"),
        ("发布时间:2024-11-06 09:30:12  来源:区司法局", "2024-11-06"),
        ("成文日期:\n\n    2024-11-06", "2024-11-06"),
        ("作者:学院         日期:2024年11月06日", "2024-11-06"),
        ("2024-11-06", "2024-11-06"),
        ("2024年11月06日 17:21    来源:区司法局", "2024-11-06"),
        ("公开目录 审计结果公告 发布日期 2024-11-06", "2024-11-06"),
        ("索 引 号 014/2025-00018 发布机构 司法局 公开日期 2024-11-06", "2024-11-06"),
    ],
)
def test_publish_date_fields_and_page_date_lines(header: str, expected: str) -> None:
    text = f"中共南湖区司法局党组关于巡察整改进展情况的通报\n{header}\n" + INTRO.format(
        body="区委第三巡察组", unit="区司法局党组", told="区司法局党组"
    )
    assert meta_of(text).publish_date == expected


def test_signature_gives_issuer_and_publish_date() -> None:
    meta = meta_of(fixture_text("reference_layout.txt"))
    assert (meta.issuer, meta.publish_date) == ("中共云溪县水务局党组", "2023-09-15")


@pytest.mark.parametrize(
    ("title", "issuer"),
    [
        ("中共南湖区司法局党组关于巡察整改进展情况的通报", "中共南湖区司法局党组"),
        ("市卫健委党委关于巡察整改进展情况的通报", "市卫健委党委"),
        ("广东省人民政府关于我省2020年度省级预算执行审计查出问题的整改情况报告", "广东省人民政府"),
        ("学院“三重一大”决策制度落实情况的通报", None),
        ("中共云溪县林业局党组巡察整改进展情况的通报", "中共云溪县林业局党组"),
    ],
)
def test_title_and_issuer(title: str, issuer: str | None) -> None:
    intro = INTRO.format(body="区委第三巡察组", unit="区司法局", told="区司法局")
    text = f"当前位置: 首页 >> 巡察整改\n{title}\n{intro}"
    meta = meta_of(text)
    assert (meta.title, meta.issuer) == (title, issuer)


@pytest.mark.parametrize(
    ("header", "title", "issuer"),
    [
        # a page banner of site, department and column before the title on one line
        ("梅州市人民政府门户网站 梅州市交通运输局 政务公告 中共梅州市交通运输局党组关于巡察整改情况的通报\n",
         "中共梅州市交通运输局党组关于巡察整改情况的通报", "中共梅州市交通运输局党组"),
        # a menu of short lines (21 city names) before the title
        ("".join(f"{city}\n|\n" for city in ["成都", "绵阳", "德阳", "南充", "乐山", "宜宾", "泸州"] * 3)
         + "中共四川省高级人民法院党组关于落实省委第五巡视组巡视反馈意见整改落实情况的通报\n来源:省高院\n",
         "中共四川省高级人民法院党组关于落实省委第五巡视组巡视反馈意见整改落实情况的通报",
         "中共四川省高级人民法院党组"),
    ],
)
def test_title_behind_page_furniture(header: str, title: str, issuer: str) -> None:
    meta = meta_of(header + INTRO.format(body="区委第三巡察组", unit="区司法局", told="区司法局"))
    assert (meta.title, meta.issuer) == (title, issuer)


def test_title_from_file_name_field() -> None:
    meta = meta_of(fixture_text("page_noise.txt"))
    assert meta.title == "中共南湖区司法局党组关于巡察整改进展情况的通报"
    assert meta.publish_date == "2024-11-05"


def test_unstated_fields_are_null() -> None:
    meta = meta_of(fixture_text("narrative.txt"))
    assert (meta.title, meta.issuer, meta.publish_date) == (None, None, None)
    assert meta.inspection_body == "市委第五巡察组"


def test_traditional_notice_keeps_its_script() -> None:
    meta = meta_of(fixture_text("traditional.txt"))
    assert meta.inspection_body == "區委第四巡察組"
    assert meta.feedback_date == "2023-12-08"


def test_audit_report_type() -> None:
    meta = meta_of(fixture_text("audit_report.txt"))
    assert meta.notice_type == "audit"
    assert meta.inspection_body is None


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("intro_cue", "根据县委统一部署,", "根据"),
        ("intro_cue", "按照县委巡察工作安排,", "按照"),
        ("intro_cue", "受县人民政府委托,现将", "受县人民政府委托"),
        ("intro_fallback", "县委第三巡察组于3月进驻", "巡察组"),
        ("inspection_word", "开展了常规巡视", "巡视"),
        ("inspection_word", "开展了常规统计督察", "督察"),
        ("intro_fallback", "省统计局第1统计督察组进驻", "督察组"),
        ("body_date_lead", "2023年7月6日-9月6日市委第四巡察组", "2023年7月6日-9月6日"),
        ("body_date_lead", "022年8月19日至2022年11月15市委第三巡察组", "022年8月19日至2022年11月15"),
        ("audit_notice", "关于2023年度预算执行审计查出问题整改情况的报告", "审计查出"),
        ("audit_notice", "审计工作报告反映问题的整改情况", "审计工作报告"),
        ("ends_with_org", "中共云溪县水务局党组", "党组"),
        ("first_person", "我局党组", "我"),
        ("feedback_cue", "反馈了巡察意见", "反馈"),
        ("not_title", "当前位置: 首页 > 巡察整改", "当前位置"),
        ("numbered_line", "二、反馈问题整改情况", "二、"),
        ("title_lead", "沧源佤族自治县医疗保障局党组关于第十四届", "关于第十四届"),
        ("issuer_field", "发布机构: 省统计局 公开日期: 2022-08-26", "发布机构: 省统计局"),
        ("source_field", "信息来源:市委巡察办", "信息来源:市委巡察办"),
        ("audit_speaker", "市审计局局长   李火生", "市审计局局长   李火生"),
        ("audit_sentence", "根据审计法的规定,县审计局于2022年10月24日起对县卫生健康局原主要负责同志进行了审计",
         "县审计局于2022年10月24日起对县卫生健康局"),
        ("date_line_lead", "  • ", "  • "),
        ("date_line_tail", " 01:42:03", " 01:42:03"),
        ("short_name", "集团公司委员会(以下简称“集团党委”)", "(以下简称“集团党委”)"),
        ("own_rectification", "现将巡视整改进展情况予以公布", "现将巡视整改进展情况予以公布"),
        ("body_after_clause", "引起了", "了"),
        ("title_chrome", "梅州市人民政府门户网站 梅州市交通运输局 政务公告 中共",
         "梅州市人民政府门户网站 梅州市交通运输局 政务公告 "),
        ("publish_field", "发布日期 ", "发布日期 "),
        ("special_inspection", "对全市乡村振兴资金管理使用开展了专项巡察", "专项巡察"),
        ("publish_field", "成文日期: | ", "成文日期: | "),
        ("issuer_field", "发布机构: | 衢州市审计局 |", "发布机构: | 衢州市审计局"),
        ("source_field", "来源:明珠湾管理局发布日期:2022-12-08", "来源:明珠湾管理局"),
        ("feedback_unit", "向市民政局党组反馈巡察情况", "向市民政局党组反馈"),
        ("meeting_unit", "县级交叉巡察组巡察区教育和体育局党组反馈会召开", "巡察区教育和体育局党组反馈会"),
        ("inspected_unit", "市委对村巡察第四组对三乡镇圩仔等9个村(社区)党组织开展巡察",
         "对三乡镇圩仔等9个村(社区)党组织开展巡察"),
        ("audit_result", "进行了审计。现将审计结果公告如下:", "现将审计结果公告如下"),
        ("audit_result", "【审计公告】区卫生健康委员会2020年度预算执行情况审计结果公告", "审计结果公告"),
        ("meeting_unit", "阜阳市委第六专项巡察组巡察太和县人民医院党委情况反馈会召开",
         "巡察太和县人民医院党委情况反馈会"),
        ("meeting_unit", "区委第一巡察组在金鸡滩镇召开巡察情况反馈会议", "在金鸡滩镇召开巡察情况反馈会"),
        ("plan_issuer", "研究制定《中共莆田市中级人民法院党组关于巡察反馈意见的整改方案》",
         "《中共莆田市中级人民法院党组关于巡察反馈意见的整改"),
        ("acting_unit", "反馈了巡察意见。县委宣传部高度重视巡察反馈意见", "。县委宣传部高度重视"),
        ("garbled_range", "2019321日至2019521日", "2019321日至2019521日"),
        ("garbled_feedback", "2022324日上午,区委第二巡察组召开巡察情况反馈会",
         "2022324日上午,区委第二巡察组召开巡察情况反馈"),
        ("garbled_feedback", "并于2021127反馈了巡察意见", "2021127反馈"),
        ("garbled_months", "根据县委统一部署,20249月至11月,县委第一巡察组", "20249月至11月"),
        ("audit_result", "根据《中华人民共和国审计法》的规定,县审计局于", "根据《中华人民共和国审计法》"),
        ("period_from", "于2022年10月24日起采取就地审计", "起"),
        ("period_join", "、", "、"),
        ("own_title", "中共厦门市中级人民法院党组关于巡察整改进展情况的通报", "关于巡察整改"),
        ("own_meeting", "4月29日,徐行镇召开巡察整改动员部署会议", "日,徐行镇召开巡察整改"),
        ("lost_ordinal", "区委第巡察组", "第"),
        ("body_intro_lead", "按照中央巡视组反馈的意见", "按照"),
        ("body_intro_lead", "根据教育部第一巡视组", "根据"),
        ("body_intro_lead", "依据市委巡察组", "依据"),
        ("body_intro_lead", "遵照省委巡视组", "遵照"),
        ("unnumbered", "中央巡视组", ""),
        ("ordinal", "第十二巡察组", "十二"),
        ("audit_office", "根据内江市市中区审计局《竣工决算审计报告》", "根据内江市市中区审计局"),
        ("audit_office", "今年以来,区审计局进一步加强整改督促", ",区审计局"),
        ("issuer_field", "| 组配分类 | 通知公告 | 发布机构 | 温州经济技术开发区管理委员会 |",
         "发布机构 | 温州经济技术开发区管理委员会"),
    ],
)
def test_meta_table_entries(pattern: str, text: str, found: str) -> None:
    match = _patterns()[pattern].search(text)
    assert match and match.group() == found


def test_feedback_notice_stating_the_feedback_first() -> None:
    text = ("市委第二巡察组向市民政局党组反馈巡察情况\n"
            "7月24日,市委第二巡察组向市民政局党组反馈巡察情况。"
            "根据市委统一部署,2024年4月1日至5月31日,市委第二巡察组对市民政局党组开展了常规巡察。")
    meta = meta_of(text)
    assert meta.inspected_unit == "市民政局党组" and meta.inspection_body == "市委第二巡察组"
    dates = (meta.inspection_start, meta.inspection_end, meta.feedback_date)
    assert dates == ("2024-04-01", "2024-05-31", "2024-07-24")


def test_statistics_inspection() -> None:
    text = "根据国家统计局统一部署,2021年9月6日至17日,国家统计局第2统计督察组对浙江省统计局开展统计督察。"
    meta = meta_of(text)
    assert meta.inspection_body == "国家统计局第2统计督察组" and meta.inspected_unit == "浙江省统计局"
    assert (meta.inspection_start, meta.inspection_end) == ("2021-09-06", "2021-09-17")


@pytest.mark.parametrize(
    ("text", "body", "unit"),
    [
        ("根据《中华人民共和国审计法》的规定,市审计局自2023年5月8日至6月9日,对市体育局的内部控制情况进行了专项审计调查。",
         "市审计局", "市体育局"),
        ("根据审计法的规定,区审计局于2022年3月1日起对区水利局原主要负责同志履行经济责任情况进行了审计。",
         "区审计局", "区水利局"),
        ("永安县审计局关于县民政局的审计结果公告\n"
         "根据审计法的规定,我局从2021年4月6日至5月20日,对县民政局2020年度预算执行情况进行了审计。",
         "永安县审计局", "县民政局"),
        ("按照县委统一部署,县委第三巡察组对县水务局党组开展了巡察,并对专项资金进行了审计。",
         "县委第三巡察组", "县水务局党组"),
        # the audited unit in the first person is the issuer (here named by the signature)
        ("2022年2月18日至5月31日,自治区审计厅对我公司2021年财务收支情况进行了审计。\n整改工作已完成。\n"
         "某某汽车集团有限公司\n2022年9月30日",
         "自治区审计厅", "某某汽车集团有限公司"),
    ],
)
def test_audit_office_and_audited_unit(text: str, body: str, unit: str) -> None:
    meta = meta_of(text)
    assert (meta.inspection_body, meta.inspected_unit) == (body, unit)


@pytest.mark.parametrize(
    ("told", "unit"),
    [
        ("向绥化市委书记曲敏和领导班子反馈了巡视意见", "绥化市委"),
        ("向市第二人民医院党委主要负责同志反馈巡察情况", "市第二人民医院党委"),
        ("向太康县马厂镇、板桥镇等3个乡镇党组织反馈巡察意见", "太康县马厂镇、板桥镇等3个乡镇党组织"),
    ],
)
def test_the_unit_told_leaves_out_its_people(told: str, unit: str) -> None:
    assert _patterns()["feedback_unit"].search(told).group("unit") == unit


def test_a_feedback_meeting_of_the_working_group_names_no_unit() -> None:
    assert _patterns()["meeting_unit"].search("巡察工作组召开巡察意见反馈会") is None


def test_a_person_told_of_the_findings_is_not_the_inspected_unit() -> None:
    text = ("2024年2月26日上午,区委第一巡察组巡察秀英区卫健委党组情况反馈会召开,会议由区卫健委党组书记、主任张维主持。"
            "巡察组组长向区卫健委党组书记、主任张维反馈了巡察情况。")
    assert meta_of(text).inspected_unit == "区卫健委党组"


def test_a_publishing_field_that_names_no_organisation_is_not_the_issuer() -> None:
    assert meta_of("发布机构: 原创 生成日期:\n根据县委统一部署,县委第一巡察组对县林业局开展了巡察。").issuer is None


def test_inspection_notice_mentioning_an_audit_is_not_an_audit_report() -> None:
    text = "根据县委统一部署,县委第三巡察组2023年3月6日至5月12日对县水务局党组开展了巡察,并对专项资金进行了审计。"
    assert meta_of(text).notice_type == "inspection"


def test_a_news_story_names_body_unit_and_page_date() -> None:
    """A report told as a story: its headline mentions 巡察组 without naming one, the page's date
    line stands alone under the headline, and the body entered (进驻) the unit it inspected."""
    text = ("群众的一句话,引起了巡察组的重视\n编辑部\n2025-05-30 01:42:03\n\n"
            "近日,县委第二巡察组进驻某某镇开展巡察,在走访中发现了问题。\n")
    meta = meta_of(text)
    assert (meta.inspection_body, meta.inspected_unit, meta.publish_date) == ("县委第二巡察组", "某某镇", "2025-05-30")


@pytest.mark.parametrize(("before", "names"), [
    ("", True), ("县委第三", True), ("八届市委", True), ("县委专项", True), ("县委组建4个", True),
    ("七届区委第八轮", True), ("省统计局第1统计", True), ("集团公司党委", True), ("市委对村", True),
    ("引起了", False), ("村民反映的问题受到", False), ("积极配合", False),
])
def test_words_before_the_inspection_word(before: str, names: bool) -> None:
    assert (_patterns()["body_after_clause"].search(before) is None) is names


def test_a_date_in_a_sentence_is_not_a_page_date_line() -> None:
    text = ("关于巡察整改情况的通报\n2025年3月1日,县委第二巡察组进驻某某镇开展巡察。\n")
    assert meta_of(text).publish_date is None


def test_a_body_reporting_its_own_rectification_is_the_issuer() -> None:
    """Without a title, signature or field naming the issuer, a notice publishing how the inspected
    unit rectified is issued by that unit; a feedback report is not."""
    opening = ("根据市委统一部署,2024年11月4日至12月31日,市委第一巡察组对市教育局党委进行了巡察。"
               "2025年4月8日,市委第一巡察组向市教育局党委反馈了巡察意见。")
    assert meta_of(opening + "按照巡察工作有关要求,现将巡察整改进展情况予以公布。\n").issuer == "市教育局党委"
    assert meta_of(opening + "巡察组指出了以下问题:\n").issuer is None


def test_a_short_name_defined_after_the_unit_is_dropped() -> None:
    text = INTRO.format(body="县委第三巡察组", unit="县水务集团有限公司委员会(以下简称“集团党委”)", told="集团党委")
    assert meta_of(text).inspected_unit == "县水务集团有限公司委员会"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the second side splits two ways (126: 1月26日 or 12月6日): the nearer end; the feedback
        # (114: 1月14日 or 11月4日) the first after it
        ("根据市委统一部署,2024927日至126日,市委第一巡察组对区教育局党组开展巡察。2025114日,市委第一巡察组向区教育局党组反馈了巡察意见。",
         ("2024-09-27", "2024-12-06", "2025-01-14")),
        ("根据县委统一部署,20249月至11月,县委第一巡察组对县人民医院党委进行了巡察。2025117日,县委第一巡察组反馈了巡察意见。",
         ("2024-09", "2024-11", "2025-01-17")),
        ("根据市委统一部署,2020928日至116日,市委巡察三组对市中医院开展了巡察,并于2021127反馈了巡察意见。",
         ("2020-09-28", "2020-11-06", "2021-01-27")),
        # two stays of one inspection; a 至 lost in conversion; a start with no end
        ("根据区委部署,2022年3月17日至3月22日、5月5日至7月12日,区委巡察四组对区卫健局党组开展了巡察。",
         ("2022-03-17", "2022-07-12", None)),
        ("根据市委部署,联动巡察组于2020年5月6日6月5日对区法院进行了巡察。", ("2020-05-06", "2020-06-05", None)),
        ("根据审计法的规定,竹溪县审计局于2022年10月24日起对县卫生健康局进行了审计。", ("2022-10-24", None, None)),
    ],
)
def test_inspection_periods_garbled_or_in_parts(text: str, expected: tuple) -> None:
    meta = meta_of(text)
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == expected


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("根据区委统一部署,2022412日至202278日,区委第巡察组对二七新村街道开展巡察。", "区委巡察组"),
        ("区委第一巡察组向闸口街道反馈巡察情况\n根据区委统一部署,区委第巡察组对闸口街道开展巡察。", "区委第一巡察组"),
        # the window opens at 按照, which is no part of the name; the number comes from the earlier mention
        ("8月19日下午,中央第三巡视组向国家烟草专卖局党组反馈巡视情况。\n"
         "按照中央巡视组反馈的意见,国家烟草专卖局落实整改。", "中央第三巡视组"),
        ("8月19日,中央第三巡視組向國家菸草專賣局黨組反饋巡視情況。\n"
         "按照中央巡視組反饋的意見,落實整改。", "中央第三巡視組"),
        ("根据教育部党组统一部署,教育部第一巡视组对学校党委开展了巡视。", "教育部第一巡视组"),
        # two numbered bodies: which one is meant is not known, the name stays as written
        ("市委第三巡察组、市委第五巡察组分别反馈。\n按照市委巡察组反馈的意见,立行立改。", "市委巡察组"),
    ],
)
def test_a_body_whose_ordinal_was_lost_or_unwritten(text: str, body: str) -> None:
    assert meta_of(text).inspection_body == body


@pytest.mark.parametrize(
    ("text", "body", "issuer"),
    [
        # an announcement opening with the audit law is the auditing office's
        ("根据《中华人民共和国审计法》的规定,竹溪县审计局于2022年10月24日起采取就地审计的方式,"
         "对竹溪县卫生健康局原主要负责同志履行经济责任情况进行了审计。", "竹溪县审计局", "竹溪县审计局"),
        # the audited unit reports: the office named in its first sentence is the body, not the issuer
        ("内江市市中区人民医院关于精神专科病区审计整改结果的公告\n"
         "根据内江市市中区审计局《建设项目竣工决算审计报告》,"
         "我单位对照审计发现问题认真整改。", "内江市市中区审计局", "内江市市中区人民医院"),
        ("根据审计法规定,区审计局依法审计了2022年度区级预算执行情况。审计查出问题330项。", "区审计局", None),
        ("审计署公告称,2020年1月至2020年3月,审计署对中央部门2019年度预算执行等情况进行审计。", "审计署", None),
    ],
)
def test_audit_office_without_an_audit_sentence(text: str, body: str, issuer: str | None) -> None:
    meta = meta_of(text)
    assert (meta.inspection_body, meta.issuer) == (body, issuer)


def test_a_title_in_traditional_script_names_its_issuer() -> None:
    text = ("中共資陽市委\n關于政府采購專項巡視反饋意見整改階段進展情況的通報\n"
            "根據省委統一部署,省委第十巡視組對我市開展了巡視。")
    assert meta_of(text).issuer == "中共資陽市委"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("中共厦门市中级人民法院党组\n关于巡察整改进展情况的通报\n一、严格落实主体责任,强力推进巡察整改工作",
         "中共厦门市中级人民法院党组"),
        # an inspection office reporting on others is not the unit inspected
        ("市委巡察办关于十届市委第三轮巡察整改情况的通报\n一、总体情况", None),
    ],
)
def test_a_body_reporting_its_own_rectification_is_the_unit(text: str, unit: str | None) -> None:
    assert meta_of(text).inspected_unit == unit


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("4月29日,徐行镇召开巡察整改动员部署会议,传达区委巡察整改工作会议精神。", "徐行镇"),
        ("10月30日上午,高新区法院召开了领导班子巡察整改专题民主生活会。", "高新区法院"),
        ("7月7日下午,机械学院党委在南校区报告厅召开巡察整改情况通报会。", "机械学院党委"),
    ],
)
def test_news_of_a_bodys_own_rectification_meeting(text: str, body: str) -> None:
    meta = meta_of(text)
    assert (meta.issuer, meta.inspected_unit) == (body, body)
