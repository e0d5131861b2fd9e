"""Every entry of nlp/data/structure.yaml has a test case here."""

from __future__ import annotations

import re

import pytest

from nlp.structure import _is_strong_issue, _looks_like_issue, _part_kind, parse_structure, patterns
from nlp.tables import load_table

RAW = load_table("structure")

MARKER_CASES = {
    "part": ("二、巡察反馈问题整改情况", "二", 2),
    "paren_cn": ("(十二)“台账不全”问题", "十二", 12),
    "feedback": ("反馈问题三:关于“台账不全”的问题", "三", 3),
    "arabic": ("12.关于“台账不全”的问题", "12", 12),
    "paren_arabic": ("(3)关于“台账不全”的问题", "3", 3),
    "circled": ("④台账不全", "④", 4),
    "bare": ("“台账不全”问题\n整改情况:已建立台账。", None, None),
}


def test_every_marker_style_has_a_case() -> None:
    assert set(MARKER_CASES) == set(RAW["markers"])


@pytest.mark.parametrize("style", sorted(MARKER_CASES))
def test_marker_styles(style: str) -> None:
    line, number, _ = MARKER_CASES[style]
    match = patterns().markers[style].match(line)
    assert match and match.groupdict().get("n") == number


@pytest.mark.parametrize("line", ["“台账不全”问题", "“台账不全”问题\n已建立台账。"])
def test_bare_headings_need_a_response_label(line: str) -> None:
    assert not patterns().markers["bare"].match(line)


@pytest.mark.parametrize(
    ("text", "ok"), [("问题1:台账不全", True), ("问题十二,台账不全", True), ("问题导向", False)]
)
def test_feedback_marker_numbers(text: str, ok: bool) -> None:
    assert bool(patterns().markers["feedback"].match(text)) is ok


@pytest.mark.parametrize(
    ("style", "text", "number"),
    [
        ("paren_cn", "( 三 )“台账不全”问题", "三"),
        ("paren_arabic", "( 2 )台账不全", "2"),
        ("part", "二 、反馈问题", "二"),
        ("arabic", "3 .台账不全", "3"),
    ],
)
def test_stray_spaces_inside_markers(style: str, text: str, number: str) -> None:
    match = patterns().markers[style].match(text)
    assert match and match.group("n") == number


@pytest.mark.parametrize("text", ["12.5万元", "2023.5.4", "1.5倍"])
def test_decimals_are_not_arabic_markers(text: str) -> None:
    assert not patterns().markers["arabic"].match(text)


@pytest.mark.parametrize(
    ("before", "ok"), [("完成整改。", True), ("措施如下:", True), ("情况 ", True), ("开展了", False)]
)
def test_inline_boundary(before: str, ok: bool) -> None:
    assert bool(patterns().inline_boundary.search(before)) is ok


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("整改情况:", True), ("整改措施:", True), ("整改落实情况:", True), ("整改进展情况:", True),
        ("整改措施及成效:", True), ("整改结果:", True), ("整改进展:", True), ("整改完成情况:", True),
        ("市福利院整改情况:", False),
    ],
)
def test_response_labels(text: str, bare: bool) -> None:
    pats = patterns()
    assert pats.response_label.search(text)
    assert bool(pats.bare_response_label.fullmatch(text)) is bare


@pytest.mark.parametrize(
    ("heading", "issue"),
    [
        ("(一)“台账不全”问题", "台账不全"),
        ("(一)“台账不全”的问题", "台账不全"),
        ("(一)在“落实决策部署不力”方面", "落实决策部署不力"),
        ("(一)“会议记录基本一致。”", "会议记录基本一致。"),
        ("(一)“活人墓’问题监管不力”问题", "活人墓’问题监管不力"),
        ("(一)“活人墓’问题", "活人墓"),
        ("1.关于“学习不深入”问题的整改", "学习不深入"),
        ("(1)关于党组未组织学习的问题。一是补学。", "党组未组织学习"),
        ("(2)针对“采购不规范”问题", "采购不规范"),
        ("(3)对于“采购不规范”问题", "采购不规范"),
        ("(1)“台账不全”问\n题", "台账不全"),
        ("1.政治理论学习不扎实", "政治理论学习不扎实"),
        ("1.政治理论学习不扎实的问题。", "政治理论学习不扎实"),
        ("1.政治理论学习不扎实问题的整改情况", "政治理论学习不扎实"),
        ("1.政治理论学习不扎实问题整改情况", "政治理论学习不扎实"),
        ("1.政治理论学习不扎实问题整改落实情况", "政治理论学习不扎实"),
        ("(一)关于“学习不深入”的整改进展情况。", "学习不深入"),
        ("(二)对“学习不深入”的整改推进情况", "学习不深入"),
        ("1.(1)政治理论学习不扎实。", "政治理论学习不扎实"),
        ("(一)②政治理论学习不扎实", "政治理论学习不扎实"),
    ],
)
def test_heading_closing_cues(heading: str, issue: str) -> None:
    text = "二、反馈问题整改情况\n" + heading + "\n整改情况:已整改。\n"
    pairs = parse_structure(text).pairs
    assert pairs and pairs[0].issue.text == issue


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("做好巡察整改后续工作", "followup"),
        ("下一步工作打算", "followup"),
        ("巩固整改成果", "followup"),
        ("审计查出问题整改的总体情况", "organization"),
        ("党组组织落实情况", "organization"),
        ("履行巡察整改主体责任情况", "organization"),
        ("查找问题根源,明确整改方向", "organization"),
        ("巡察反馈意见所指出问题的整改情况", "issues"),
        ("巡察整改任务落实情况", "issues"),
        ("关于选人用人方面", "issues"),
        ("提高政治站位,强化领导", "organization"),
        ("其他事项", "unknown"),
    ],
)
def test_part_kinds_table(title: str, kind: str) -> None:
    assert _part_kind(title, patterns()) == kind


def test_every_part_kind_rule_is_exercised() -> None:
    titles = ["下一步工作打算", "党组组织落实情况", "巡察反馈意见所指出问题的整改情况", "强化领导,压实责任"]
    pats = patterns()
    used = {next(i for i, (_, rx, _) in enumerate(pats.part_kinds) if rx.search(t)) for t in titles}
    assert used == set(range(len(RAW["part_kinds"])))


@pytest.mark.parametrize(
    ("title", "kind"),
    [("贯彻落实上级决策部署有差距", "unknown"), ("上级决策部署落实不彻底", "unknown"),
     ("提高政治站位,强化领导", "organization"), ("履行主体责任不到位", "organization")],
)
def test_organisation_words_yield_to_a_stated_shortcoming(title: str, kind: str) -> None:
    pats = patterns()
    assert _part_kind(title, pats, _looks_like_issue(title, pats)) == kind


@pytest.mark.parametrize(
    ("title", "listed"),
    [("工业高质量发展效益方面存在的问题", True), ("落实相关政策存在问题", True), ("财务管理方面的问题", True),
     ("财务管理方面", False), ("存在问题的整改情况", False)],
)
def test_listed_issue_titles(title: str, listed: bool) -> None:
    assert bool(patterns().listed_issue.search(title)) is listed


@pytest.mark.parametrize(("text", "inner"), [("(1)台账不全", "(1)"), ("③台账不全", "③"), ("台账(1)不全", None)])
def test_inner_numbers(text: str, inner: str | None) -> None:
    match = patterns().inner_number.match(text)
    assert (match.group() if match else None) == inner


@pytest.mark.parametrize(
    "title", ["巡察反馈问题的整改情况", "审计查出问题整改情况", "巡察反馈意见整改落实情况", "整改进展情况"]
)
def test_generic_part_titles(title: str) -> None:
    assert patterns().generic_part.search(title)


@pytest.mark.parametrize("cue", RAW["problem_cues"])
def test_problem_cues(cue: str) -> None:
    assert _looks_like_issue(f"局机关档案管理工作{cue}", patterns())


@pytest.mark.parametrize("opener", RAW["slogan_openers"])
def test_slogan_openers(opener: str) -> None:
    assert not _looks_like_issue(f"{opener}整改责任,推动问题解决不到位", patterns())


@pytest.mark.parametrize(
    "title", ["“台账不全”问题", "关于“台账不全”的问题", "针对台账不全的问题", "关于台账不全问题"]
)
def test_strong_issue_forms(title: str) -> None:
    assert _is_strong_issue(title, patterns())


@pytest.mark.parametrize("opener", RAW["closing_lines"])
def test_closing_lines(opener: str) -> None:
    line = re.sub(r"\[[^\]]*\]", ":", opener)
    body = "正文" * 50 + "\n"
    assert patterns().closing_lines.search(body + line + "内容\n", len(body) // 2)


@pytest.mark.parametrize(
    "title",
    ["关于2023年度预算执行审计查出问题整改情况的报告", "审计工作报告反映问题的整改情况", "审计整改工作"],
)
def test_audit_report(title: str) -> None:
    assert patterns().audit_report.search(title)


def test_an_audit_aspect_of_an_inspection_is_not_an_audit_report() -> None:
    assert not patterns().audit_report.search("(一)聚焦上轮巡察整改、审计整改方面")


@pytest.mark.parametrize(
    ("statement", "generic"),
    [("巡察反馈", True), ("巡视组指出的", True), ("存在的", True), ("上述", True), ("审计查出", True),
     ("档案管理不规范", False), ("巡察反馈意见整改不到位", False)],
)
def test_generic_issue_statements(statement: str, generic: bool) -> None:
    assert bool(patterns().generic_issue.fullmatch(statement)) is generic
