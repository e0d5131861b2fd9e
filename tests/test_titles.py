"""Document titles (文件名称): brackets, nesting, 文种, 文号 and whether the notice issued them."""

from __future__ import annotations

import pytest

from nlp.extract.titles import extract_titles
from nlp.tables import load_table

# (text, [(title text, nested, truncated)])
CASES = [
    ("按照《巡察整改主体责任清单》要求", [("巡察整改主体责任清单", False, False)]),
    ("印发《整改方案》和《整改台账》", [("整改方案", False, False), ("整改台账", False, False)]),
    ("印发《工作指引(试行)》《参考清单》等文件", [("工作指引(试行)", False, False), ("参考清单", False, False)]),
    ("出台《关于印发〈殡葬改革专项行动方案〉的通知》。", [("关于印发〈殡葬改革专项行动方案〉的通知", False, False),
                                                        ("殡葬改革专项行动方案", True, False)]),
    ("学习《财政厅关于印发<彩票公益金管理办法>的通知》精神",
     [("财政厅关于印发<彩票公益金管理办法>的通知", False, False), ("彩票公益金管理办法", True, False)]),
    ("学习《财政厅关于印发《彩票公益金管理办法》的通知》精神",
     [("财政厅关于印发《彩票公益金管理办法》的通知", False, False), ("彩票公益金管理办法", True, False)]),
    ("转发《关于印发‹保密工作制度>的通知》",
     [("关于印发‹保密工作制度>的通知", False, False), ("保密工作制度", True, False)]),
    ("印发《《整改方案》》", [("《整改方案》", False, False), ("整改方案", True, False)]),
    ("贯彻《关于〈实施〈条例〉的办法〉的通知》", [("关于〈实施〈条例〉的办法〉的通知", False, False),
                                             ("实施〈条例〉的办法", True, False), ("条例", True, False)]),
    ("认真学习了《中国共产党", [("中国共产党", False, True)]),
    ("修订并发布了《政治理论学习制  \n", [("政治理论学习制", False, True)]),
    ("《甲》\n《乙", [("甲", False, False), ("乙", False, True)]),
    ("制定《“三重一大”事项制度》", [("“三重一大”事项制度", False, False)]),
    ("制定《 整改工作方案 》", [(" 整改工作方案 ", False, False)]),
    ("无书名号的句子。", []),
    ("只有右括号》的句子", []),
]

# (text, doc_type, doc_number, issued)
FEATURES = [
    ("印发《关于废止〈福彩公益金使用管理办法〉的通知》", "通知", None, True),
    ("制定《整改工作方案》(汕民〔2023〕12号)", "方案", "汕民〔2023〕12号", True),
    ("印发《关于做好宣传工作的通知》芦宣发〔2024〕4号", "通知", "芦宣发〔2024〕4号", True),
    ("印发《工作规则》（汕民［2023］3号）", "规则", "汕民［2023］3号", True),
    ("根据《中华人民共和国行政许可法》", "法", None, False),
    ("按照《中国共产党巡视工作条例》有关规定", "条例", None, False),
    ("贯彻落实国务院办公厅印发的《关于建立长效机制的意见》", "意见", None, False),
    ("执行国家标准委2022年12月发布的《老年人能力评估规范》", "规范", None, False),
    ("起草《关于健全整改长效机制的若干措施》", "措施", None, True),
    ("争取市政府出台了《养老服务体系建设规划》", "规划", None, True),
    ("审议通过《全面从严治党工作要点》", "要点", None, True),
    ("修订完善《零星工程管理规定》,对项目预算进行规范", "规定", None, True),
    ("集中学习《中国共产党党组工作条例》", "条例", None, False),
    ("组织传达学习贯彻《财政厅关于印发〈管理办法〉的通知》精神", "通知", None, False),
    ("根据《管理办法》,制定《实施细则》", "实施细则", None, True),
    ("制定《整改任务分解表》", "分解表", None, True),
    ("对照《巡察整改主体责任清单》", "清单", None, False),
    ("按照《实施方案》要求,建立台账", "方案", None, False),
    ("研究《某某事项》", None, None, False),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_brackets(text: str, expected: list[tuple[str, bool, bool]]) -> None:
    found = extract_titles(text)
    for t in found:
        assert text[t.start:t.end] == t.text
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert [(t.text, t.nested, t.truncated) for t in found] == expected


@pytest.mark.parametrize(("text", "doc_type", "doc_number", "issued"), FEATURES)
def test_features(text: str, doc_type: str | None, doc_number: str | None, issued: bool) -> None:
    title = [t for t in extract_titles(text) if not t.nested][-1]
    assert (title.doc_type, title.doc_number, title.issued) == (doc_type, doc_number, issued)


def test_nested_title_follows_parent_issued() -> None:
    outer, inner = extract_titles("印发《关于印发〈保密工作制度〉的通知》")
    assert outer.issued and inner.issued and inner.doc_type == "制度"


TABLE = load_table("titles")


@pytest.mark.parametrize("doc_type", TABLE["doc_types"])
def test_doc_type_suffix(doc_type: str) -> None:
    assert extract_titles(f"印发《市民政局关于社会组织登记{doc_type}》")[0].doc_type == doc_type


@pytest.mark.parametrize("verb", TABLE["issue_verbs"])
def test_issue_verb(verb: str) -> None:
    assert extract_titles(f"我局{verb}《整改工作方案》")[0].issued is True


@pytest.mark.parametrize("verb", TABLE["cite_verbs"])
def test_cite_verb(verb: str) -> None:
    assert extract_titles(f"我局{verb}《整改工作方案》")[0].issued is False


@pytest.mark.parametrize("verb", TABLE["issue_verbs"])
def test_verb_in_other_clause(verb: str) -> None:
    assert extract_titles(f"我局{verb}了制度,学习《整改工作方案》")[0].issued is False


@pytest.mark.parametrize(("opener", "closers"), sorted(TABLE["inner_pairs"].items()))
def test_inner_pairs(opener: str, closers: list[str]) -> None:
    for closer in closers:
        found = extract_titles(f"印发《关于印发{opener}办法{closer}的通知》")
        assert [(t.text, t.nested) for t in found] == [(f"关于印发{opener}办法{closer}的通知", False), ("办法", True)]


def test_nesting_deeper_than_max_depth_is_not_a_title() -> None:
    """Real titles nest two or three deep; a run of 〈〈〈 inside a title adds no titles (and no time)."""
    from nlp.extract.titles import title_spans
    from nlp.tables import load_table

    depth = load_table("titles")["max_depth"]
    norm = "《" + "〈" * (depth + 5) + "办法" + "〉" * (depth + 5) + "》"
    assert max(span[2] for span in title_spans(norm)) == depth - 1
    assert len(title_spans("《" + "〈" * 10_000)) == 1
