"""Run-in issue lists of feedback notices (nlp/runin.py): one case per entry of nlp/data/runin.yaml."""

from __future__ import annotations

import pytest

from nlp.normalize import shadow
from nlp.runin import find_runin_items, patterns
from nlp.structure import parse_structure
from nlp.tables import load_table

TABLE = load_table("runin")

# lead-in → a sentence it announces, and the issues read from it
LEAD_INS = [
    ("反馈指出存在以下三个方面的问题:一是理论学习不深入;二是财务管理不规范。", ["理论学习不深入", "财务管理不规范"]),
    ("巡察中发现了一些问题,主要是政治站位不高、执行制度不严格等。", ["政治站位不高", "执行制度不严格"]),
    ("巡察组指出,主要表现在:意识形态工作有差距,工会管理不规范等。", ["意识形态工作有差距", "工会管理不规范"]),
    ("会上通报了情况。\n问题:学习贯彻不深不实;殡葬改革成效不明显。", ["学习贯彻不深不实", "殡葬改革成效不明显"]),
    ("巡察中也发现一些突出问题。作风不实、公务接待不规范等问题时有发生。", ["作风不实", "公务接待不规范"]),
    ("但在巡察中也发现了一批突出问题,有的学习贯彻有差距;有的统筹协调能力不够突出。",
     ["学习贯彻有差距", "统筹协调能力不够突出"]),
    ("反馈也指出了巡视发现的突出问题。有的单位理论学习不深入;有的单位财务管理不规范。",
     ["单位理论学习不深入", "单位财务管理不规范"]),
    ("但从巡察情况看,还不同程度地存在着推进党的建设不够有力、全面从严治党不够深入等问题。",
     ["推进党的建设不够有力", "全面从严治党不够深入"]),
    ("总体是好的。在党的领导方面,存在核心作用发挥不充分、机关化较重等问题;在党的建设方面,存在组织生活不严格等问题。",
     ["核心作用发挥不充分", "机关化较重", "组织生活不严格"]),
    ("巡察中发现,学校党委仍存在推动内涵式发展不够有力、内部管理不规范等问题。",
     ["推动内涵式发展不够有力", "内部管理不规范"]),
]

# paragraph lead-in → a paragraph it announces (one problem a sentence), and the issues read from it
PARAGRAPH_LEAD_INS = [
    ("省委巡视组指出,平湖市委对接发展战略不够主动,落实两个责任有差距。对工程领域监管不力。形式主义仍不同程度存在。\n下一段。",
     ["对接发展战略不够主动,落实两个责任有差距", "对工程领域监管不力", "形式主义仍不同程度存在"]),
]


def test_every_lead_in_has_a_case() -> None:
    assert len(LEAD_INS) == len(TABLE["lead_ins"])
    assert len(PARAGRAPH_LEAD_INS) == len(TABLE["paragraph_lead_ins"])


@pytest.mark.parametrize(("index", "paragraph", "issues"), [(i, p, v) for i, (p, v) in enumerate(PARAGRAPH_LEAD_INS)])
def test_paragraph_lead_ins(index: int, paragraph: str, issues: list[str]) -> None:
    assert patterns().paragraph_lead_ins[index].search(shadow(paragraph)), "the case exercises its own lead-in"
    assert [item.span.text for item in find_runin_items(paragraph)] == issues


def test_a_sentence_list_inside_the_paragraph_wins() -> None:
    text = "巡察组反馈指出,镇党委重视基层管理工作,但仍存在一些问题。主要是:发展活力不足、移风易俗推进不力等问题。\n"
    assert [item.span.text for item in find_runin_items(text)] == ["发展活力不足", "移风易俗推进不力"]


@pytest.mark.parametrize(("index", "sentence", "issues"), [(i, s, v) for i, (s, v) in enumerate(LEAD_INS)])
def test_lead_ins(index: int, sentence: str, issues: list[str]) -> None:
    assert patterns().lead_ins[index].search(shadow(sentence)), "the case exercises its own lead-in"
    assert [item.span.text for item in find_runin_items(sentence) if item.kind == "issue"] == issues


@pytest.mark.parametrize(
    ("key", "text", "found"),
    [
        ("category", "在坚持党的领导方面,存在", "在坚持党的领导方面,存在"),
        ("category", "在专项巡察教育领域,存在", "在专项巡察教育领域,存在"),
        ("ordinals", "二是全面从严治党不力", "二是"),
        ("ordinals", "有的党支部不规范", "有的"),
        ("openers", "存在学习不深入", "存在"),
        ("closers", "财务管理不规范等问题", "等问题"),
        ("list_end", "作风不实等问题时有发生", "等问题"),
        ("item_suffix", "落实不到位的问题", "的问题"),
        ("statement", "党建基础不扎实", "不"),
        ("statement", "规范权力运行有待提升", "有待"),
        ("statement", "执法工作还需进一步规范", "还需"),
        ("summary_sections", "二、审计评价意见", "二、审计评价意见"),
        ("summary_sections", "一、基本情况", "一、基本情况"),
    ],
)
def test_table_entries(key: str, text: str, found: str) -> None:
    match = getattr(patterns(), key).search(shadow(text))
    assert match and match.group() == found


def test_a_category_without_a_verb_is_an_issue_text() -> None:
    items = find_runin_items("主要是:意识形态领域阵地把守不牢、移风易俗推进不力等。")
    assert [(i.kind, i.span.text) for i in items] == [("issue", "意识形态领域阵地把守不牢"),
                                                      ("issue", "移风易俗推进不力")]


def test_semicolon_items_keep_their_commas() -> None:
    text = "巡察发现的主要问题是:政治站位不高,行业扶贫牵头责任履行不到位;调研不充分,扶贫项目资金闲置等。"
    assert [i.span.text for i in find_runin_items(text)] == ["政治站位不高,行业扶贫牵头责任履行不到位",
                                                             "调研不充分,扶贫项目资金闲置"]


def test_a_piece_stating_no_problem_is_not_split_off() -> None:
    text = "主要是:巡视巡察、审计整改不到位,财务管理不规范等。"
    assert [i.span.text for i in find_runin_items(text)] == ["巡视巡察、审计整改不到位", "财务管理不规范"]


def test_several_lists_one_per_unit() -> None:
    text = ("区委办存在的主要问题:一是学习不深入;二是作风不实。\n"
            "区应急局存在的主要问题:一是监管不到位;二是台账不全。")
    assert [(i.no, i.span.text) for i in find_runin_items(text)] == [
        ("一是", "学习不深入"), ("二是", "作风不实"), ("一是", "监管不到位"), ("二是", "台账不全")]


def test_suggestions_are_not_issues() -> None:
    assert find_runin_items("巡察组提出三点意见建议:一是加强政治建设;二是压实责任。") == []


def test_feedback_notice_becomes_pairs_without_responses() -> None:
    text = ("市委第六巡察组向市交通运输局党委反馈巡察情况\n"
            "巡察中发现了一些问题,主要是:行政执法存在盲区、农村道路建设养护滞后等。\n"
            "组长提出了三点意见建议:一是加强政治建设;二是压实责任。")
    pairs = parse_structure(text).pairs
    assert [(p.issue.text, p.response.text) for p in pairs] == [("行政执法存在盲区", ""), ("农村道路建设养护滞后", "")]
    assert all(text[p.issue.start:p.issue.end] == p.issue.text for p in pairs)


def test_numbered_headings_win_over_a_run_in_summary() -> None:
    text = ("巡察反馈的主要问题是:学习不深入、作风不实等。\n一、整改情况\n"
            "(一)“理论学习不深入”问题\n整改情况:已补学。\n")
    assert [p.issue.text for p in parse_structure(text).pairs] == ["理论学习不深入"]


def test_many_lists_in_one_notice_are_each_read() -> None:
    sentence = "巡察反馈指出的主要问题:台账不全、制度缺失等问题。\n"
    text = "".join(unit + sentence for unit in ("甲村", "乙村", "丙村") * 40)
    items = find_runin_items(text)
    assert [i.span.text for i in items] == ["台账不全", "制度缺失"] * 120
    assert all(text[i.span.start:i.span.end] == i.span.text for i in items)


@pytest.mark.parametrize(
    ("text", "issues"),
    [
        # a lead-in with 一定的问题, and a list of ordinals over several sentences
        ("督察组认为,还存在一定的问题:一是总体进度较慢,未结案件较多。二是卷宗比较粗糙。三是办案周期较长。督查组指出,要查缺补漏。",
         [("一是", "总体进度较慢,未结案件较多"), ("二是", "卷宗比较粗糙"), ("三是", "办案周期较长")]),
        # ordinals split by semicolons, then by a full stop
        ("存在以下四个方面的问题:一是学习不深入;二是责任不到位;三是担当不够。四是整改效果不佳。\n反馈要求,要提高站位。",
         [("一是", "学习不深入"), ("二是", "责任不到位"), ("三是", "担当不够"), ("四是", "整改效果不佳")]),
        # 集中表现在以下N个方面
        ("本轮巡察集中表现在以下三个方面:党的领导弱化;组织生活不规范;财经纪律执行不严格。",
         [("", "党的领导弱化"), ("", "组织生活不规范"), ("", "财经纪律执行不严格")]),
        # the inspected body's name with a bracketed second name before 还存在
        ("但巡察发现,中心区党组(建发集团)还存在学习贯彻不到位、规范权力运行有待提升、采购管理不规范等问题。",
         [("", "学习贯彻不到位"), ("", "规范权力运行有待提升"), ("", "采购管理不规范")]),
    ],
)
def test_run_in_list_shapes(text: str, issues: list[tuple[str, str]]) -> None:
    items = find_runin_items(text)
    assert [(i.no, i.span.text) for i in items] == issues
    assert all(text[i.span.start : i.span.end] == i.span.text for i in items)


def test_an_audit_evaluation_sums_up_and_is_not_the_issue_list() -> None:
    evaluation = ("二、审计评价意见\n审计结果表明,会计资料基本真实。"
                  "但还存在超预算支出、支出手续不合规、账务处理不规范等问题。\n")
    assert find_runin_items("一、基本情况\n区卫健委是职能部门。\n" + evaluation) == []
    feedback = "一、巡察发现的问题\n巡察发现,还存在超预算支出、支出手续不合规、账务处理不规范等问题。\n"
    assert [item.span.text for item in find_runin_items(evaluation + feedback)] == [
        "超预算支出", "支出手续不合规", "账务处理不规范"]


def test_a_finding_verb_joined_to_another_does_not_open_the_list() -> None:
    text = "巡察中,巡察组发现、干部群众反映了一些问题,主要是政治引领功能弱化、服务关爱创新缺失等问题。"
    assert [i.span.text for i in find_runin_items(text)] == ["政治引领功能弱化", "服务关爱创新缺失"]
