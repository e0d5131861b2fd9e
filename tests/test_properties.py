"""Property tests over generated and mutated notices: no crash, ordered pairs, valid offsets."""

from __future__ import annotations

import random

from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp import parse
from nlp.record import to_record

MARKERS = ["一、", "二、", "(一)", "(二)", "(三)", "1.", "2.", "(1)", "(2)", "反馈问题一:", "一是", "二是"]
PIECES = [
    "“台账管理不规范”问题", "关于“学习不深入”的问题", "整改情况:", "已完成。", "市福利院整改情况:",
    "2023年3月1日至4月2日", "追缴资金7.5万元", "《管理办法》", "《关于〈细则〉的通知", "针对“采购”问题。",
    "巡察组对局党组开展了巡察。", "\n", "\n\n", " ", "。", "”", "“", "问\n题", "(", ")",
]
FIXTURE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]


def check_record(text: str) -> None:
    record = to_record(parse(text, classify=False))
    assert record["text"] == text
    previous_end = -1
    for pair in record["pairs"]:
        for part in ("issue", "response", "heading"):
            span = pair[part]
            assert 0 <= span["start"] <= span["end"] <= len(text)
            assert text[span["start"] : span["end"]] == span["text"]
        assert pair["heading"]["start"] >= previous_end
        previous_end = max(pair["heading"]["end"], pair["response"]["end"])
    for key in ("dates", "money", "titles", "quantities"):
        for item in record[key]:
            assert text[item["start"] : item["end"]] == item["text"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MARKERS + PIECES) | st.text(max_size=6), max_size=40))
def test_generated_notices(parts: list[str]) -> None:
    check_record("".join(parts))


@settings(max_examples=120, deadline=None)
@given(st.integers(0, len(FIXTURE_TEXTS) - 1), st.randoms(use_true_random=False), st.integers(1, 12))
def test_mutated_fixtures(index: int, rng: random.Random, edits: int) -> None:
    text = list(FIXTURE_TEXTS[index])
    for _ in range(edits):
        position = rng.randrange(len(text) + 1)
        action = rng.choice(("delete", "insert", "swap"))
        if action == "delete" and text:
            del text[min(position, len(text) - 1)]
        elif action == "insert":
            text.insert(position, rng.choice(MARKERS + PIECES))
        elif len(text) > 1:
            other = rng.randrange(len(text))
            position = min(position, len(text) - 1)
            text[position], text[other] = text[other], text[position]
    check_record("".join(text))
