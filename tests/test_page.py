"""Web pages (nlp/reader/html.py): one case per entry of nlp/data/page.yaml."""

from __future__ import annotations

import pytest

from nlp.reader.html import _page_table, page_to_text
from nlp.tables import load_table

PARAGRAPHS = "<p>根据市委统一部署,市委第二巡察组对市民政局党组开展了巡察。</p>" * 5
BODY = "<h1>关于巡察整改情况的通报</h1>" + PARAGRAPHS


@pytest.mark.parametrize(("name", "field"), list(load_table("page")["meta_names"].items()))
def test_meta_names(name: str, field: str) -> None:
    value = "2023-10-13" if field == "published" else "汕头市民政局"
    page = f'<html><head><meta name="{name}" content="{value}"></head><body>{PARAGRAPHS}</body></html>'
    assert getattr(page_to_text(page.encode()), field) == value


def test_the_heading_is_the_title_and_opens_the_text() -> None:
    page = f'<html><head><meta name="ArticleTitle" content="别的"></head><body>{BODY}</body></html>'
    found = page_to_text(page.encode())
    assert found.title == "关于巡察整改情况的通报" and found.text.startswith("关于巡察整改情况的通报\n")


@pytest.mark.parametrize(("field", "line", "value"), [
    ("published", "成文日期：2023年10月13日", "2023-10-13"),
    ("publisher", "发布机构：汕头市民政局", "汕头市民政局"),
])
def test_info_fields(field: str, line: str, value: str) -> None:
    page = f"<html><body><table><tr><td>{line}</td></tr></table>{BODY}</body></html>"
    assert getattr(page_to_text(page.encode()), field) == value


@pytest.mark.parametrize("href", ["/a.pdf", "/b.docx", "/c.xls?id=1", "/d.wps", "/e.ofd"])
def test_attachments(href: str) -> None:
    assert _page_table()["attachment"].search(href)
    page = f'<html><body>{BODY}<a href="{href}">附件</a><a href="/next.html">下一篇</a></body></html>'
    assert page_to_text(page.encode()).attachments == [{"href": href, "text": "附件"}]


@pytest.mark.parametrize(
    ("scraped", "clean"),
    [
        ("東西部協(xié)作不深入", "東西部協作不深入"),
        ("衛(wèi)生健康局", "衛生健康局"),
        ("落實(shi2)責任", "落實責任"),
        ("整改率(%)达到95%", "整改率(%)达到95%"),
        ("反馈意见(一)", "反馈意见(一)"),
    ],
)
def test_pinyin_glosses_of_mirror_pages_are_left_out(scraped: str, clean: str) -> None:
    from nlp.normalize import without_glosses

    assert without_glosses(scraped) == clean


def test_the_classifier_reads_a_glossed_heading_as_the_clean_one() -> None:
    from nlp.classify.hybrid import default_classifier

    classifier = default_classifier()
    glossed = classifier.domain("黨支部戰(zhàn)斗力不夠強", "")
    clean = classifier.domain("黨支部戰斗力不夠強", "")
    assert (glossed.label, glossed.score) == (clean.label, clean.score) == ("grassroots_party", clean.score)


def test_header_names_and_figures_of_a_glossed_page_come_without_glosses() -> None:
    from nlp.pipeline import Pipeline

    text = ("根據(jù)市委巡察工作統(tǒng)一部署,2022年4月6日至6月15日,"
            "市委第一巡察組對(duì)襄陽市中心醫(yī)院黨委進(jìn)行了巡察,"
            "反饋(kuì)問題45個(gè),已完成整改40個(gè)。\n")
    notice = Pipeline(classify=False)(text)
    assert notice.meta.inspected_unit == "襄陽市中心醫院黨委"
    assert (notice.meta.inspection_start, notice.meta.inspection_end) == ("2022-04-06", "2022-06-15")
    assert notice.summary.as_dict() == {"issues_total": 45, "issues_completed": 40}
    assert all(notice.text[d.start:d.end] == d.text for d in notice.dates)


def test_gloss_offsets_map_into_the_plain_text() -> None:
    from nlp.normalize import unglossed

    text = "醫(yī)院黨委(一)反饋(kuì)問題"
    plain = unglossed(text)
    assert plain is not None and plain.text == "醫院黨委(一)反饋問題"
    assert [plain.text[plain.offset(text.index(c))] for c in "醫院黨委反饋問題"] == list("醫院黨委反饋問題")
    assert unglossed("反馈意见(一)") is None
