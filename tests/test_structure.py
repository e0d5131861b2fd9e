"""Structure variants, one synthetic fixture each (tests/fixtures/*.txt)."""

from __future__ import annotations

import pytest
from conftest import fixture_text

from nlp.structure import parse_structure

# fixture → expected pairs as (path, kind, issue text, response start, response end)
CASES = {
    "reference_layout.txt": [
        (["二", "(一)"], "issue", "农村供水工程运行管护不到位", "一是开展全县", "管护经费18.6万元。"),
        (["二", "(二)"], "issue", "河道采砂监管乏力", "联合县公安局", "罚款5万元。"),
        (["二", "(三)"], "issue", "项目资金拨付不及时,部分资金长期闲置。", "已完成。", "上缴县财政。"),
        (["二", "(四)"], "issue", "局机关干部学习‘走过场’", "制定理论学习计划", "专题辅导2次。"),
    ],
    "nested_levels.txt": [
        (["二", "(一)", "1."], "issue", "学习贯彻党的二十大精神不够深入", "", ""),
        (["二", "(一)", "1.", "(1)"], "sub-issue", "理论学习中心组学习计划不完善", "制定2023年度", "学习专题12个。"),
        (["二", "(一)", "1.", "(2)"], "sub-issue", "专题研讨流于形式", "组织开展专题研讨", "研讨材料。"),
        (["二", "(一)", "2."], "issue", "推动基层医疗卫生服务能力提升不够有力", "", ""),
        (["二", "(一)", "2.", "(1)"], "sub-issue", "乡镇卫生院设备闲置", "对全区乡镇卫生院", "闲置设备15台。"),
        (["二", "(二)", "1."], "issue", "廉政风险防控不到位", "修订《区卫生健康局", "风险点36个。"),
    ],
    "heading_variants.txt": [
        (["二", "(一)", "反馈问题一"], "issue", "履行管党治党责任不到位", "", ""),
        (["二", "(一)", "反馈问题一", "1."], "sub-issue", "党组研究党建工作次数少", "局党组已召开", "党建工作4次。"),
        (["二", "(一)", "反馈问题一", "2."], "sub-issue", "党风廉政建设责任清单未及时更新", "修订", "印发执行。"),
        (["二", "(一)", "反馈问题二"], "issue", "干部队伍建设滞后", "制定干部培养计划", "年轻干部3名。"),
        (["二", "(二)", "反馈问题三"], "issue", "干部档案管理不规范", "对干部人事档案", "材料42份。"),
        (["二", "(二)", "反馈问题四"], "issue", "基层党组织‘三会一课’落实不严格", "各支部制定", "检查1次。"),
        (["三", "#1"], "issue", "会议室使用登记不全", "建立会议室", "登记簿。"),
        (["三", "#2"], "issue", "公文处理超时", "印发公文处理办法", "办法。"),
    ],
    "response_variants.txt": [
        (["二", "(一)"], "issue", "福利院物资管理混乱", "市福利院整改情况:一是", "实行专人管理。"),
        (["二", "(二)"], "issue", "便民服务措施不到位", "1.针对“缴费不支持", "投诉量下降60%。"),
        (["二", "(三)"], "issue", "公务用车管理不规范", "该问题已完成整改。", "用车手续12份。"),
        (["二", "(四)"], "issue", "档案数字化进度滞后", "正在整改。", "年底前全部完成。"),
        (["二", "(五)"], "issue", "会议纪要归档不及时", "对2022年以来", "已全部归档。"),
    ],
    "numbered_issues.txt": [
        (["二", "28."], "issue", "执法人员持证上岗比例低", "组织执法人员", "持证人员8名。"),
        (["二", "29."], "issue", "行政处罚案卷不规范", "一是开展案卷评查", "案卷管理规定。"),
        (["二", "30."], "issue", "执法信息公开不及时", "在政府网站", "信息56条。"),
        (["二", "31."], "issue", "执法装备配备不足", "1.购置执法记录仪", "执法车辆2辆。"),
        (["二", "32."], "issue", "执法培训针对性不强", "开展分类培训", "160人次。"),
    ],
    "run_together.txt": [
        (["二", "(一)"], "issue", "实验室安全管理不到位", "开展实验室安全", "隐患17处。"),
        (["二", "(二)"], "issue", "科研经费报销不规范", "修订《学院科研", "财务培训1次。"),
        (["二", "(三)"], "issue", "学生资助公示不及时", "已在学院网站", "资助名单。"),
    ],
    "audit_report.txt": [
        (["二", "(一)", "1."], "issue", "部分非税收入未及时缴库", "已缴库", "3560.8万元。"),
        (["二", "(一)", "2."], "issue", "预算绩效管理不够到位", "县财政局已印发", "实施办法》。"),
        (["二", "(二)", "1."], "issue", "超范围支出公务接待费", "相关部门已收回", "12.4万元。"),
        (["二", "(二)", "2."], "issue", "政府采购程序不规范", "已对相关责任人", "进行约谈。"),
    ],
    "page_noise.txt": [
        (["二", "(一)"], "issue", "法律援助案件质量监管不到位", "开展法律援助", "案件120件。"),
        (["二", "(二)"], "issue", "人民调解员培训不足", "举办人民调解员", "培训班2期。"),
    ],
    "traditional.txt": [
        (["二", "(一)"], "issue", "養老服務補貼發放不及時", "已補發", "23.5萬元。"),
        (["二", "(二)"], "issue", "社會組織年檢率低", "開展社會組織", "提升至92%。"),
    ],
    "narrative.txt": [],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_pairs(name: str) -> None:
    text = fixture_text(name)
    pairs = parse_structure(text).pairs
    got = [(p.path, p.kind, p.issue.text) for p in pairs]
    assert got == [(path, kind, issue) for path, kind, issue, _, _ in CASES[name]]
    for pair, (_, _, _, head, tail) in zip(pairs, CASES[name], strict=True):
        assert pair.response.text.startswith(head)
        assert pair.response.text.endswith(tail)


@pytest.mark.parametrize("name", sorted(CASES))
def test_offsets_point_into_the_text(name: str) -> None:
    text = fixture_text(name)
    for pair in parse_structure(text).pairs:
        for span in (pair.issue, pair.response, pair.heading):
            assert text[span.start : span.end] == span.text


def test_organisational_paragraphs_are_not_issues() -> None:
    structure = parse_structure(fixture_text("reference_layout.txt"))
    kinds = [(h.no, h.kind) for h in structure.headings]
    assert kinds[:3] == [("一", "part"), ("(一)", "organization"), ("(二)", "organization")]
    assert kinds[-2:] == [("(一)", "followup"), ("(二)", "followup")]


def test_response_sub_points_are_not_headings() -> None:
    structure = parse_structure(fixture_text("numbered_issues.txt"))
    assert [h.no for h in structure.headings] == ["二", "28.", "29.", "30.", "31.", "32."]


def test_yi_shi_er_shi_never_opens_a_pair() -> None:
    text = "二、巡察反馈问题整改情况\n(一)“制度不健全”问题\n整改情况:一是制定办法。\n二是开展培训。\n三是建立台账。\n"
    pairs = parse_structure(text).pairs
    assert len(pairs) == 1
    assert pairs[0].response.text == "一是制定办法。\n二是开展培训。\n三是建立台账。"


def test_hard_wrapped_heading_keeps_offsets() -> None:
    text = fixture_text("reference_layout.txt")
    pair = parse_structure(text).pairs[1]
    assert pair.issue.text == "河道采砂监管乏力"
    assert "问\n题" in pair.heading.text


def test_narrative_and_audit_warnings() -> None:
    assert any("narrative" in w for w in parse_structure(fixture_text("narrative.txt")).warnings)
    assert any("audit" in w for w in parse_structure(fixture_text("audit_report.txt")).warnings)


def test_closing_block_is_not_part_of_the_last_response() -> None:
    text = fixture_text("page_noise.txt")
    last = parse_structure(text).pairs[-1]
    assert "打印" not in last.response.text and "上一篇" not in last.response.text


def test_numbering_restart_after_organisational_list_without_parts() -> None:
    text = (
        "(一)提高站位抓整改。党组召开专题会议。\n(二)压实责任抓整改。成立领导小组。\n"
        "(一)“会议记录不规范”问题\n整改情况:补齐会议记录。\n(二)“台账管理混乱”问题\n整改情况:重建台账。\n"
    )
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == ["会议记录不规范", "台账管理混乱"]


def test_issues_at_the_top_level() -> None:
    text = (
        "根据区委统一部署,区委第一巡察组对区档案馆党支部开展了巡察。\n"
        "一、关于“档案管理制度不健全”的问题\n整改情况:修订档案管理制度3项。\n"
        "二、“库房安全隐患”问题\n整改情况:开展库房安全检查。\n三、巡察反馈问题的整改情况\n"
    )
    structure = parse_structure(text)
    assert [(h.no, h.kind) for h in structure.headings] == [("一", "issue"), ("二", "issue"), ("三", "part")]
    assert [p.issue.text for p in structure.pairs] == ["档案管理制度不健全", "库房安全隐患"]


def test_first_part_need_not_be_one() -> None:
    text = "局党组召开会议部署整改。\n二、反馈问题整改情况\n(一)“台账不全”问题\n整改情况:已建立台账。\n"
    assert [p.path for p in parse_structure(text).pairs] == [["二", "(一)"]]


@pytest.mark.parametrize(
    "paragraph",
    [
        "针对巡察反馈问题,党组召开专题会议研究部署。",
        "针对存在的问题,逐项制定整改措施。",
        "关于巡察指出的问题,全部建立台账。",
    ],
)
def test_work_paragraphs_opening_with_zhendui_are_not_issues(paragraph: str) -> None:
    text = f"(一){paragraph}\n(二)强化督促检查,定期调度进展。\n"
    assert parse_structure(text).pairs == []


def test_generic_issues_part_of_work_paragraphs_gives_no_pairs() -> None:
    text = "二、整改落实情况\n(一)强化组织领导,成立整改领导小组。\n(二)压实工作责任,逐项明确责任人。\n"
    structure = parse_structure(text)
    assert structure.pairs == []
    assert [h.kind for h in structure.headings] == ["part", "organization", "organization"]


def test_one_skipped_issue_number_is_tolerated_before_a_response_label() -> None:
    """OCR may lose a heading line ((八) here); the next issue heading, ending in 问题 right before its
    own 整改情况, still opens a pair — a heading that is not so followed does not."""
    from nlp.structure import parse_structure

    text = ("二、整改情况\n(六)“台账不全”问题\n整改情况:已建立台账。\n(七)“制度缺失”问题\n整改情况:已制定制度。\n"
            "(九)政策指引和信息公开缺位,没有制定养老服务扶持\n政策措施清单”问题\n整改情况:已公开清单。\n"
            "(十一)另一件事\n整改情况:已完成。\n")
    issues = [p.issue.text for p in parse_structure(text).pairs]
    assert len(issues) == 3 and issues[2].startswith("政策指引和信息公开缺位")


@pytest.mark.parametrize(
    "text",
    [
        "现将整改情况公告如下:\n1.多计建安投资1373048.97元问题。\n整改情况:已核减多计的投资。\n"
        "2.多计待摊投资20200元问题。\n整改情况:已核减多计的待摊投资。\n",
        "现将整改情况公告如下:\n一、多计建安投资问题\n整改情况:已核减多计的投资。\n"
        "二、多计待摊投资问题\n整改情况:已核减多计的待摊投资。\n",
        "现将整改情况公告如下:\n(一)多计建安投资\n\n整改结果:已核减多计的投资。\n\n"
        "(二)多计待摊投资\n\n整改结果:已核减多计的待摊投资。\n",
    ],
)
def test_a_heading_answered_by_a_response_label_is_an_issue_whatever_it_says(text: str) -> None:
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == [
        "多计建安投资" + ("1373048.97元" if "1373048" in text else ""),
        "多计待摊投资" + ("20200元" if "20200" in text else ""),
    ]
    assert pairs[0].response.text.startswith("已核减")


def test_a_part_quoting_an_issue_holds_its_measures() -> None:
    text = ("现将整改进展情况予以公布。\n"
            "一、关于“理论学习不够深入”问题的整改情况\n(一)加强理论学习。制定《学习计划》。\n(二)开展研讨。研讨4次。\n"
            "二、关于“基层组织建设薄弱”问题的整改情况\n(一)强化基层组织。新建组织15个。\n")
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == ["理论学习不够深入", "基层组织建设薄弱"]
    assert pairs[0].response.text == "(一)加强理论学习。制定《学习计划》。\n(二)开展研讨。研讨4次。"


def test_a_part_quoting_a_category_keeps_its_issues() -> None:
    text = ("现将整改进展情况予以公布。\n"
            "一、关于“党的领导”方面\n(一)“理论学习不够深入”问题\n整改情况:制定计划。\n"
            "(二)“议事规则不健全”问题\n整改情况:修订规则。\n")
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == ["理论学习不够深入", "议事规则不健全"]


def test_a_heading_cut_off_by_the_end_of_an_excerpt_is_not_an_issue() -> None:
    text = ("一、关于“党建主体责任不够有力”问题的整改情况\n"
            "1.关于“对党建工作研究不够”问题。集团党委建立了专题研究机制。\n2.关")
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == ["对党建工作研究不够"]


@pytest.mark.parametrize(
    ("heading", "issue"),
    [
        # 问题 broken by a hard line break (the reference notice's (十六)), its quote lost by OCR
        ("(一)市未成年人救助保护中心没有专职人员问\n题", "市未成年人救助保护中心没有专职人员"),
        # the statement's opening quote lost
        ("(一)落实党建工作‘同谋划、同部署’的要求不够到位”问题", "落实党建工作‘同谋划、同部署’的要求不够到位"),
        # a closing quote that answers one inside is kept
        ("(一)落实“三重一大”问题", "落实“三重一大”"),
    ],
)
def test_unquoted_heading_statement(heading: str, issue: str) -> None:
    text = f"二、整改情况\n{heading}\n整改情况:已配备3名专职人员。\n(二)“台账不全”问题\n整改情况:已建立台账。\n"
    pairs = parse_structure(text).pairs
    assert [p.issue.text for p in pairs] == [issue, "台账不全"]
    assert all(text[p.issue.start : p.issue.end] == p.issue.text for p in pairs)


ISSUES_UNDER_WORK_PARAGRAPHS = (
    "根据县委巡察工作部署,县委第二巡察组对某镇开展了巡察,现将整改情况公布如下:\n"
    "一、提高站位,周密部署\n镇党委召开专题会议,研究制定整改方案。\n"
    "二、压实责任,逐项整改\n"
    "(一)坚持书记带头,统筹推进有力。镇党委书记亲自部署。\n"
    "(二)坚持对账销号,逐条落实到位。针对反馈的两个问题,整改情况如下:\n"
    "1.贯彻落实上级决策部署方面:\n"
    "(1)基层党组织建设抓得不实,部分支部组织生活不规范。经查阅记录,两个村支部去年未按期召开组织生活会。\n"
    "整改情况:督促两个村支部补开组织生活会,建立会议台账。\n"
    "(2)村级财务管理混乱。\n"
    "整改情况:开展村级账务专项清理,规范报账流程。\n"
)


def test_answered_issues_under_numbered_work_paragraphs_are_found() -> None:
    """Work paragraphs (坚持…) that number the issues below them do not hide those issues; a
    statement followed by its detail in one paragraph is the issue, answered on the next line."""
    structure = parse_structure(ISSUES_UNDER_WORK_PARAGRAPHS)
    assert [p.issue.text for p in structure.pairs] == [
        "基层党组织建设抓得不实,部分支部组织生活不规范", "村级财务管理混乱"]
    assert [p.response.text for p in structure.pairs] == [
        "督促两个村支部补开组织生活会,建立会议台账。", "开展村级账务专项清理,规范报账流程。"]
    assert structure.pairs[0].path == ["二", "(二)", "1.", "(1)"]


def test_numbered_work_paragraphs_without_answers_stay_narrative() -> None:
    text = ISSUES_UNDER_WORK_PARAGRAPHS.replace("整改情况:", "同时,")
    assert parse_structure(text).pairs == []


CONTENTS = ("一、提高政治站位\n二、坚持问题导向\n(一)聚焦基层党组织建设方面(5个问题)\n三、正视工作差距\n"
            "中共某市文联党组关于巡察整改进展情况的通报\n"
            "根据市委统一部署,市委第三巡察组对市文联党组开展了常规巡察。现将巡察整改进展情况予以公布。\n"
            "一、提高政治站位,统一思想认识\n市文联党组及时召开会议,传达学习精神。\n"
            "二、坚持问题导向,逐条整改到位\n(一)“三会一课”制度落实不到位的问题\n整改情况:制定《党支部学习计划》,按月开展。\n")


def test_a_table_of_contents_above_the_title_is_not_the_outline() -> None:
    structure = parse_structure(CONTENTS)
    assert structure.intro_end == CONTENTS.index("一、提高政治站位,")
    assert [p.issue.text for p in structure.pairs] == ["“三会一课”制度落实不到位"]


@pytest.mark.parametrize(
    "opening",
    [
        "一、提高政治站位\n二、坚持问题导向\n正文",  # two numbered lines are not a table of contents
        "一、提高政治站位\n二、坚持问题导向\n三、正视工作差距\n正文",  # nor three that never come again
    ],
)
def test_numbered_lines_that_are_no_table_of_contents(opening: str) -> None:
    assert parse_structure(opening).intro_end == 0


def test_a_part_stating_a_shortcoming_holds_issues() -> None:
    text = ("现将整改情况通报如下。\n一、贯彻落实上级决策部署有差距\n1.理论学习不深入。\n整改情况:已补学。\n"
            "2.风险防范意识不强。\n整改情况:开展培训。\n")
    assert [p.issue.text for p in parse_structure(text).pairs] == ["理论学习不深入", "风险防范意识不强"]


def test_a_bare_list_of_problem_kinds_is_the_issue_list() -> None:
    text = ("审计厅在报告中指出我公司存在以下三类问题:\n一、落实相关政策存在的问题\n二、资金管理方面存在的问题\n"
            "三、项目建设方面存在的问题\n以上问题,我公司高度重视,现已整改完成。\n")
    issues = [p.issue.text for p in parse_structure(text).pairs]
    assert issues == ["落实相关政策存在", "资金管理方面存在", "项目建设方面存在"]

