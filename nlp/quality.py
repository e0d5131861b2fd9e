"""Response quality (整改情况质量): template answers and vague answers.

A response that nearly copies another response of the notice (a shared share of character
5-grams, see ``nlp/data/quality.yaml``) is a template answer: the pairs it copies are listed. A
response is vague when it states nothing a reader can check — no date, amount, document title
or count — and is short or mostly stock phrases (高度重视, 认真整改, 已整改完成…).

>>> from nlp.types import Pair, Span
>>> text = "(一)“台账不全”问题\\n整改情况:高度重视,认真整改,已整改完成。"
>>> issue = Span("台账不全", 4, 8)
>>> pair = Pair(1, "(一)", ["(一)"], 1, "issue", issue, Span(text[16:], 16, len(text)), issue)
>>> assess([pair], text, [], [], [], [])
>>> pair.response_quality.vague, pair.response_quality.reasons
(True, ['no_date', 'no_amount', 'no_document', 'no_count', 'stock_phrases'])
"""

from __future__ import annotations

import bisect
import functools
import re

from nlp.normalize import shadow
from nlp.tables import load_table
from nlp.types import Pair, ResponseQuality

_NOISE = re.compile(r"[\s,，。;；:：、“”\"'《》〈〉<>()（）]")


@functools.cache
def _table() -> dict:
    raw = load_table("quality")
    return {**raw, "stock": re.compile("|".join(map(re.escape, raw["stock_phrases"])))}


def _grams(text: str) -> set[str]:
    n = _table()["copy_gram"]
    clean = _NOISE.sub("", shadow(text))
    return {clean[i:i + n] for i in range(len(clean) - n + 1)}


def copies(pairs: list[Pair]) -> dict[int, list[str]]:
    """Pair position → ids of the pairs whose responses it nearly copies (both ways). The shared
    5-grams of every two responses come from one sparse matrix product."""
    from scipy.sparse import csr_matrix

    table = _table()
    grams = [_grams(p.response.text) for p in pairs]
    vocabulary: dict[str, int] = {}
    columns = [[vocabulary.setdefault(g, len(vocabulary)) for g in sorted(bag)] for bag in grams]
    if not vocabulary:
        return {}
    rows = [i for i, cols in enumerate(columns) for _ in cols]
    matrix = csr_matrix(([1] * len(rows), ([*rows], [c for cols in columns for c in cols])),
                        shape=(len(pairs), len(vocabulary)))
    shared = (matrix @ matrix.T).tocoo()
    found: dict[int, list[str]] = {}
    for i, j, count in sorted(zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist(), strict=True)):
        smaller = min(len(grams[i]), len(grams[j]))
        if i != j and smaller >= table["min_grams"] and count / smaller >= table["copy_share"]:
            found.setdefault(i, []).append(pairs[j].id)
    return found


def _within(mentions: list, start: int, end: int) -> bool:
    starts = [m.start for m in mentions]
    i = bisect.bisect_left(starts, start)
    return i < len(mentions) and mentions[i].end <= end


def vague_reasons(pair: Pair, dates: list, money: list, titles: list, quantities: list) -> list[str]:
    """Why a response is vague (empty when it is not): the kinds of evidence it lacks, and its style."""
    start, end = pair.response.start, pair.response.end
    reasons = [name for name, mentions in (("no_date", dates), ("no_amount", money), ("no_document", titles),
                                           ("no_count", quantities)) if not _within(mentions, start, end)]
    if len(reasons) < 4:
        return []
    table = _table()
    text = pair.response.text
    stock = sum(len(m.group()) for m in table["stock"].finditer(shadow(text)))
    body = len(_NOISE.sub("", text)) or 1
    if stock / body >= table["stock_share"]:
        return [*reasons, "stock_phrases"]
    return [*reasons, "short"] if len(text) <= table["vague_max_chars"] else []


def assess(pairs: list[Pair], text: str, dates: list, money: list, titles: list, quantities: list) -> None:
    """Set ``response_quality`` of every pair with a response (mentions sorted by start)."""
    copied = copies([p for p in pairs if p.response.text])
    answered = [p for p in pairs if p.response.text]
    for position, pair in enumerate(answered):
        reasons = vague_reasons(pair, dates, money, titles, quantities)
        pair.response_quality = ResponseQuality(copied.get(position, []), bool(reasons), reasons)


def batch_copies(responses: list[tuple[str, str, str]], bands: int = 16, rows: int = 4) -> list[tuple[int, int, float]]:
    """Near-copies among many responses of many notices (模板答复), fast enough for 10,000 notices:
    MinHash signatures of the 5-grams, banded (LSH) so only responses sharing a band are compared,
    each candidate then checked with the exact shared share. ``responses`` are (notice, pair id,
    text); returns (i, j, share) for responses of different notices, each response paired with the
    first of its group (a text copied into a thousand notices gives a thousand lines, not a million).

    >>> text = "下发整改通知,督促相关单位限期进行整改,组成督导组到相关区县开展专项实地督查并指导落实。"
    >>> rows = [("a", "p001", text + "完善制度。"), ("b", "p007", text + "加强管理。"), ("b", "p008", "已整改。")]
    >>> batch_copies(rows)
    [(0, 1, 0.902)]
    """
    import zlib

    import numpy as np

    table = _table()
    grams = [_grams(text) for _, _, text in responses]
    rng = np.random.default_rng(20231011)
    a = rng.integers(1, 2**31 - 1, size=bands * rows, dtype=np.int64)
    b = rng.integers(0, 2**31 - 1, size=bands * rows, dtype=np.int64)
    buckets: dict[tuple, list[int]] = {}
    for i, shingles in enumerate(grams):
        if len(shingles) < table["min_grams"]:
            continue
        keys = np.array(sorted(zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.int64)
        signature = ((np.outer(keys, a) + b) % 2147483647).min(axis=0)
        for band in range(bands):
            buckets.setdefault((band, *signature[band * rows:(band + 1) * rows].tolist()), []).append(i)
    found = set()
    for members in buckets.values():  # each member with the bucket's first: linear in the bucket's size
        first = members[0]
        found.update((first, j) for j in members[1:] if responses[first][0] != responses[j][0])
    out = []
    for i, j in sorted(found):
        share = len(grams[i] & grams[j]) / min(len(grams[i]), len(grams[j]))
        if share >= table["copy_share"]:
            out.append((i, j, round(share, 3)))
    return out
