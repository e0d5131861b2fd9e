"""Response quality: one case per entry of nlp/data/quality.yaml, and the reference notice's template answers."""

from __future__ import annotations

import pytest

import nlp
from nlp.quality import _table, copies, vague_reasons
from nlp.tables import load_table
from nlp.types import Pair, Span

TABLE = load_table("quality")


def _pair(index: int, response: str, offset: int = 0) -> Pair:
    issue = Span("问题", offset, offset + 2)
    return Pair(index, f"({index})", [f"({index})"], 1, "issue", issue,
                Span(response, offset + 3, offset + 3 + len(response)), issue)


@pytest.mark.parametrize("phrase", TABLE["stock_phrases"])
def test_every_stock_phrase_makes_a_bare_answer_vague(phrase: str) -> None:
    pair = _pair(1, f"{phrase}。{phrase}。")
    assert _table()["stock"].search(phrase)
    assert "stock_phrases" in vague_reasons(pair, [], [], [], []) or "short" in vague_reasons(pair, [], [], [], [])


def test_evidence_makes_an_answer_checkable() -> None:
    class Mention:
        start, end = 5, 15

    pair = _pair(1, "高度重视,认真整改,于2023年3月印发方案。")
    assert vague_reasons(pair, [Mention()], [], [], []) == []


def test_near_copies_need_enough_text_and_a_shared_share() -> None:
    base = "下发整改通知,督促相关单位限期进行整改,组成督导组到相关区县开展专项实地督查并指导落实。"
    pairs = [_pair(1, base + "完善家庭寄养管理制度。"), _pair(2, base + "完善档案管理制度。"), _pair(3, "已整改。")]
    assert copies(pairs) == {0: ["p002"], 1: ["p001"]}
    assert TABLE["copy_gram"] == 5 and 0 < TABLE["copy_share"] < 1 and TABLE["min_grams"] > 0
    assert TABLE["vague_max_chars"] > 0 and 0 < TABLE["stock_share"] <= 1


def test_reference_notice_template_answers() -> None:
    record = nlp.to_record(nlp.parse(nlp.load("reference"), classify=False))
    flagged = {p["no"] for p in record["pairs"] if (p["response_quality"] or {}).get("copied_from")}
    assert {"(十七)", "(十八)", "(十九)", "(五十六)", "(五十七)", "(五十九)"} <= flagged
    assert len(flagged) <= 22  # the 6 template answers above and a few pairs of similar ones


def test_near_copies_across_notices() -> None:
    from nlp.quality import batch_copies

    record = nlp.to_record(nlp.parse(nlp.load("reference"), classify=False))
    responses = [("a", p["id"], p["response"]["text"]) for p in record["pairs"]]
    copied = record["pairs"][20]["response"]["text"]
    responses += [("b", "p001", "结合实际," + copied), ("b", "p002", "本单位已建立食堂采购验收台账,每月公示结果。" * 3)]
    found = batch_copies(responses)
    assert any(responses[i][0] != responses[j][0] and {i, j} >= {20} and len(responses) - 2 in {i, j}
               for i, j, _ in found)
    assert not any(len(responses) - 1 in (i, j) for i, j, _ in found)
    assert all(responses[i][0] != responses[j][0] for i, j, _ in found)


def test_a_template_answer_lists_at_most_max_copies_listed_pairs() -> None:
    base = "下发整改通知,督促相关单位限期进行整改,组成督导组到相关区县开展专项实地督查并指导落实。"
    pairs = [_pair(n, base) for n in range(1, 31)]
    found = copies(pairs)
    limit = TABLE["max_copies_listed"]
    assert sorted(found) == list(range(30))
    assert found[0] == [f"p{n:03d}" for n in range(2, 2 + limit)]
    assert found[29] == [f"p{n:03d}" for n in range(1, 1 + limit)]
