"""Scanning from number characters only (numerals.finditer_numbers) finds exactly what a full scan finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.extract import money, quantities
from nlp.normalize import shadow
from nlp.numerals import NUMBER_START, finditer_numbers, number_starts
from nlp.tables import load_table

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted([*FIXTURES.glob("*.txt"), *ROOT.glob("corpus/*.txt"), *ROOT.glob("corpus/real/*_gold/*.txt")])
PATTERNS = {
    "money.range": lambda: money._patterns().range,
    "money.single": lambda: money._patterns().single,
    "quantities.count": lambda: quantities._patterns().count,
    "quantities.percent": lambda: quantities._patterns().percent,
}
TRICKY = [
    "A3万元", "二〇二三年3万元", "１２３４５元", "百分之九十五", "第二轮3个问题", "12,345.67万元至8万元",
    "一二三四五六七八九十" * 20 + "个", "3.5%、4.5％", "⑵万元", "约40余万元左右", "XX万元,数万元", "2023年12月",
]


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


def _same(name: str, text: str) -> None:
    pattern = PATTERNS[name]()
    norm = shadow(text)
    assert _spans(finditer_numbers(pattern, norm, number_starts(norm))) == _spans(pattern.finditer(norm))


def test_corpus_is_there() -> None:
    assert len(TEXTS) >= 20


@pytest.mark.parametrize("name", PATTERNS)
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_real_texts(name: str, path: Path) -> None:
    _same(name, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", PATTERNS)
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts(name: str, text: str) -> None:
    _same(name, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.%万亿千百十一二三两〇余多约元个项件人次第年月A ", max_size=60))
def test_generated_texts(text: str) -> None:
    for name in PATTERNS:
        _same(name, text)


def test_percent_words_begin_with_a_number_character() -> None:
    """The percent pattern's word branch (百分之…) must start where the scan looks."""
    for word in load_table("quantities")["percent_words"]:
        assert NUMBER_START.match(word)


def test_dense_text_falls_back_to_a_full_scan() -> None:
    text = "12月" * 100
    pattern = quantities._patterns().count
    assert _spans(finditer_numbers(pattern, text, number_starts(text))) == _spans(pattern.finditer(text))
