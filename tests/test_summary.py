"""Key figures (整改成效数据): one case per pattern of nlp/data/summary.yaml."""

from __future__ import annotations

import pytest

from nlp.summary import extract_summary
from nlp.tables import load_table

FIELDS = {name: spec["patterns"] for name, spec in load_table("summary")["fields"].items()}

# field → one sentence per pattern, in table order, with the value it states
CASES = {
    "issues_total": [("针对反馈的9项问题,梳理出了27个具体问题。", 27), ("将反馈意见分解形成52个“问题清单”。", 52),
                     ("巡察组指出的5大类21个方面的问题。", 21),
                     ("巡察组反馈了4个方面12类37个具体问题。", 37), ("涉及29个单位共计50项具体问题。", 50),
                     ("巡察反馈的25个问题已全部交办。", 25), ("反馈问题共18个。", 18),
                     ("已完成40项,占全部42项的95.2%。", 42), ("将反馈意见细化成39个具体问题。", 39),
                     ("反馈了5类主要问题。", 5),
                     ("督察组共发现14个耕地保护问题。", 14), ("本轮督察整改问题共31个,分三批销号。", 31),
                     ("梳理出9个需整改的问题,逐项建立台账。", 9), ("47项整改任务已于年底前办结。", 47),
                     ("县委领导分别对29条巡视反馈意见牵头组织实施。", 29)],
    "issues_completed": [("目前第一项、第二项、第四项问题已经整改完成。", 3), ("全县40项整改任务已按期完成36项。", 36),
                         ("已完成整改19个。", 19), ("已整改到位12项。", 12), ("其中3个问题已完成整改。", 3),
                         ("其中11项业已完成,2项持续推进。", 11),
                         ("其中7个已整改,其余正在推进。", 7), ("已按期完成14项。", 14), ("整改完成21个。", 21)],
    "issues_ongoing": [("第三项问题持续整改。", 1), ("基本完成3个、正在整改2个。", 5), ("取得阶段性成效问题4个。", 4),
                       ("正在整改6个。", 6),
                       ("其余2项正加快推进。", 2), ("需长期坚持整改的问题4个。", 4), ("另有3个已基本完成。", 3),
                       ("剩余的6个问题均按时限推进。", 6),
                       ("4项取得阶段性进展。", 4), ("下一步将完成剩余5个问题的整改。", 5)],
    "completion_rate": [("整改完成率98.71%。", 0.9871), ("整改率达到100%。", 1.0), ("问题整改完成近九成。", 0.9),
                        ("已完成整改40个,占反馈问题总数的95.2%。", 0.952)],
    "rules_made": [("修订规章制度20个,新制定规章制度3个。", 23), ("新建制度8项、修订完善4项。", 12),
                   ("促进完善相关制度办法12项。", 12),
                   ("健全完善《常委会议事规则》等规则制度115项。", 115),
                   ("共新建、修订、完善12项规章制度。", 12), ("建章立制8项。", 8)],
    "funds_recovered_yuan": [("追缴资金7.132万元。", 71320.0), ("已将多收的3.6万元费用全部退还群众。", 36000.0)],
    "people_disciplined": [("给予党纪处分37人(党内警告18人、开除党籍5人);政务处分5人(记过3人)。", 42),
                           ("给予政务处分2人。", 2),
                           ("对1人予以记大过处分。", 1), ("3人受到党纪处分。", 3), ("问责5人。", 5)],
    "clues_transferred": [("移交问题线索4条。", 4), ("交由纪委调查1人。", 1), ("6件问题线索已按规定移交。", 6),
                          ("巡察期间共移交21件问题线索。", 21)],
    "measures_total": [("制定整改措施56条。", 56), ("梳理明确20项具体任务,细化确定64条措施。", 64),
                       ("扎实推进55项具体整改任务。", 55), ("整改措施共112条。", 112),
                       ("86项细化整改措施已分解到部门。", 86)],
}


def test_every_pattern_has_a_case() -> None:
    assert {k: len(v) for k, v in CASES.items()} == {k: len(v) for k, v in FIELDS.items()}


@pytest.mark.parametrize(
    ("field", "index", "sentence", "value"),
    [(f, i, s, v) for f, cases in CASES.items() for i, (s, v) in enumerate(cases)],
)
def test_field_patterns(field: str, index: int, sentence: str, value: float) -> None:
    from nlp.summary import _table

    pattern = next(f for f in _table().fields if f.name == field).patterns[index]
    assert pattern.search(sentence), "the case exercises its own pattern"
    assert getattr(extract_summary(sentence), field) == pytest.approx(value)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("巡察反馈六个方面四十七个问题。", {"issues_total": 47}),
        # ordinals (第三项) count nothing; listed, they count the issues they name
        ("提出我公司存在如下四类问题。目前第一项、第二项、第四项问题已经整改完成,第三项问题持续整改。",
         {"issues_total": 4, "issues_completed": 3, "issues_ongoing": 1}),
        ("对于巡察组反馈意见中提及的12个方面问题,逐条分析。", {}),
        ("3个问题已完成整改,2个问题已基本完成整改。", {"issues_completed": 3, "issues_ongoing": 2}),
        ("清退违规资金66.57万元、追回资金146万元。", {"funds_recovered_yuan": 2125700.0}),
        ("给予政务处分0人;组织处理0人。", {"people_disciplined": 0}),
        ("建立问题清单、任务清单。", {}),
        ("已完成整改问题19个。", {"issues_completed": 19}),
        ("巡察反馈问题32个,其中村级问题12个,已完成整改30个。", {"issues_total": 32, "issues_completed": 30}),
        ("反馈问题20个,已全部整改完成。", {"issues_total": 20, "issues_completed": 20}),
        ("上一轮巡察反馈问题15个已完成整改。", {}),
        ("信访件办结率100%,问题整改完成率为93.5%。", {"completion_rate": 0.935}),
        ("清退资金2万元、追回资金1亿元。", {"funds_recovered_yuan": 100020000.0}),
        ("追回资金42万余元、收回资金30余万元。", {"funds_recovered_yuan": 720000.0}),
        ("组织处理5人,谈话提醒12人。", {}),
        ("整改完成率达到一百%。", {"completion_rate": 1.0}),
        ("已整改120个,逾期未完成整改8个。", {"issues_completed": 120}),
        ("8个需整改问题中,正在整改3个。", {"issues_total": 8, "issues_ongoing": 3}),
        ("审计反馈的11个问题中已完成整改3个,剩余8个问题正按时序进度加快推进。",
         {"issues_total": 11, "issues_completed": 3, "issues_ongoing": 8}),
        ("查出问题68个,其中已整改48个,20个尚在整改期内。",
         {"issues_total": 68, "issues_completed": 48, "issues_ongoing": 20}),
        ("移交的300件信访举报,已办结280件。", {}),
        ("巡察反馈的四方面10个问题,已整改落实10个。", {"issues_total": 10, "issues_completed": 10}),
        ("巡察反馈的41个问题中共30个问题已完成(含基本完成)整改,仍需长期整改11个。",
         {"issues_total": 41, "issues_completed": 30, "issues_ongoing": 11}),
        # the finest level (分解为N个分项问题); 完成 with what was fixed named before 整改; 党政纪处理 is discipline
        ("指出我局存在3方面13个问题,在整改过程中我局具体细化分解为24个分项问题。截至11月底,已完成反馈问题整改5个。",
         {"issues_total": 24, "issues_completed": 5}),
        ("下发立行立改通知书56份,党政纪处理24人,诫勉谈话5人,组织处理10人。", {"people_disciplined": 24}),
    ],
)
def test_summary_sentences(sentence: str, expected: dict) -> None:
    assert extract_summary(sentence).as_dict() == expected


def test_regions_limit_the_search() -> None:
    text = "巡察反馈的25个问题。\n(一)“台账不全”问题\n整改情况:已完成整改3个。"
    assert extract_summary(text, [(0, 12)]).as_dict() == {"issues_total": 25}


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        ("对本次审计查出的问题3项,已完成整改合计3项,制定或修订制度2项。", {"issues_total": 3, "issues_completed": 3,
                                                                     "rules_made": 2}),
        ("2.已完成整改3项。", {}),
        ("下一步,将完成剩余2个问题的整改。", {}),
    ],
)
def test_a_closing_paragraph_after_the_issue_list_states_totals(closing: str, expected: dict) -> None:
    from nlp import parse

    text = ("现将整改情况公告如下:\n1.多计建安投资问题。\n整改情况:已核减多计的投资。\n"
            f"2.未公开招标问题。\n整改情况:已完成整改3项,制定制度1项。\n{closing}\n")
    assert parse(text).summary.as_dict() == expected
