"""PDF layout (nlp/reader/pdf.py): one case per entry of nlp/data/pdf.yaml, and paragraph rebuilding."""

from __future__ import annotations

import pytest

from nlp.reader.pdf import Line, PageLines, _patterns, layout_text


@pytest.mark.parametrize(("index", "line"), [(0, "- 3 -"), (1, "第3页 共20页"), (2, "共20页 第3页"), (3, "3/20")])
def test_page_number_forms(index: int, line: str) -> None:
    assert _patterns()["page_number"][index].match(line)


@pytest.mark.parametrize("line", ["一、整改情况", "(二)台账", "3.关于", "①问题", "整改情况:已完成", "整改措施:建立"])
def test_paragraph_starts(line: str) -> None:
    assert _patterns()["paragraph_start"].match(line)


def test_a_number_at_a_line_start_is_not_a_heading() -> None:
    assert not _patterns()["paragraph_start"].match("28.638万元。")


def _page(lines: list[tuple[str, float, float, float]]) -> PageLines:
    return PageLines([Line(*line) for line in lines], 842.0)


def test_running_header_and_page_numbers_are_dropped_and_lines_joined() -> None:
    long_line = "段内容很长很长很长很长很长很长很长很长很长"
    pages = [_page([("巡察整改情况通报", 260, 330, 30), (f"第{n}{long_line}", 90, 500, 100 + n),
                    ("结束。", 72, 110, 130 + n), (f"- {n} -", 280, 310, 800)]) for n in (1, 2, 3)]
    text, starts, _ = layout_text(pages)
    assert "巡察整改情况通报" not in text and "- 2 -" not in text
    assert text.splitlines()[0] == "第1段内容很长很长很长很长很长很长很长很长很长结束。"
    assert starts[0] == 0 and text[starts[1]:].startswith("第2段")


def test_band_and_repeat_share() -> None:
    assert 0 < _patterns()["band"] < 0.5 and 0 < _patterns()["repeat_share"] <= 1
