"""Response quality (整改情况质量): template answers and vague answers.

A response that nearly copies another response of the notice (a shared share of character
5-grams, see ``nlp/data/quality.yaml``) is a template answer: the pairs it copies are listed. A
response is vague when it states nothing a reader can check — no date, amount, document title
or count — and is short or mostly stock phrases (高度重视, 认真整改, 已整改完成…). A file that
holds a second notice after the first (多份通报) gets a warning saying where it starts.

>>> from nlp.types import Pair, Span
>>> text = "(一)“台账不全”问题\\n整改情况:高度重视,认真整改,已整改完成。"
>>> issue = Span("台账不全", 4, 8)
>>> pair = Pair(1, "(一)", ["(一)"], 1, "issue", issue, Span(text[16:], 16, len(text)), issue)
>>> assess([pair], text, [], [], [], [])
>>> pair.response_quality.vague, pair.response_quality.reasons
(True, ['no_date', 'no_amount', 'no_document', 'no_count', 'stock_phrases'])
"""

from __future__ import annotations

import functools
import heapq
import itertools
import re
from collections.abc import Iterator

from nlp.normalize import shadow
from nlp.tables import load_table
from nlp.types import Pair, ResponseQuality, SpanIndex

_NOISE = re.compile(r"[\s,，。;；:：、“”\"'《》〈〉<>()（）]")


@functools.cache
def _table() -> dict:
    raw = load_table("quality")
    second = raw["second_notice"]
    patterns = {key: re.compile(second[key]) for key in ("opening", "inspected", "title")}
    return {**raw, "stock": re.compile("|".join(map(re.escape, raw["stock_phrases"]))),
            "second_notice": {**second, **patterns}}


#: a 5-gram's key: a polynomial hash of its code points, wrapping at 64 bits (collisions are negligible)
_BASE = 1_000_003
_FOLD = (1 << 63) - 1


def gram_keys(text: str):
    """The distinct character 5-grams of a response (punctuation and spaces left out) as sorted
    integer keys (numpy), so sets of grams meet in C rather than in Python.

    >>> len(gram_keys("整改整改整改整改")), len(gram_keys("整改"))
    (2, 0)
    """
    return gram_keys_many([text])[0]


def gram_keys_many(texts: list[str]) -> list:
    """:func:`gram_keys` of many texts in one numpy pass (the same arrays, far fewer calls).

    >>> [len(k) for k in gram_keys_many(["整改整改整改整改", "整改", "巡察整改工作"])]
    [2, 0, 2]
    """
    norm, shadows, at = shadow("".join(texts)), [], 0
    for text in texts:  # the shadow keeps offsets, so one call serves every text
        shadows.append(norm[at:at + len(text)])
        at += len(text)
    return _shadow_gram_keys(shadows)


def _shadow_gram_keys(shadows: list[str]) -> list:
    """:func:`gram_keys_many` of texts already in their shadow form."""
    import numpy as np

    n = _table()["copy_gram"]
    cleaned = [_NOISE.sub("", norm) for norm in shadows]
    codes = np.frombuffer("".join(cleaned).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(c) for c in cleaned], dtype=np.int64)
    if len(codes) < n:
        return [np.zeros(0, dtype=np.int64) for _ in shadows]
    key = np.zeros(len(codes) - n + 1, dtype=np.uint64)
    for k in range(n):
        key = key * np.uint64(_BASE) + codes[k:len(codes) - n + 1 + k]
    key = (key & np.uint64(_FOLD)).astype(np.int64)
    windows = np.maximum(lengths - n + 1, 0)  # the grams that lie inside one text
    owner = np.repeat(np.arange(len(shadows)), windows)
    firsts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    offsets = np.repeat(firsts - np.concatenate([[0], np.cumsum(windows)[:-1]]), windows)
    key = key[np.arange(len(owner)) + offsets]
    order = np.lexsort((key, owner))
    key, owner = key[order], owner[order]
    fresh = np.ones(len(key), dtype=bool)
    fresh[1:] = (key[1:] != key[:-1]) | (owner[1:] != owner[:-1])
    key, owner = key[fresh], owner[fresh]
    bounds = np.searchsorted(owner, np.arange(len(shadows) + 1))
    return [key[a:b] for a, b in itertools.pairwise(bounds)]


def copies(pairs: list[Pair], shadows: list[str] | None = None) -> dict[int, list[str]]:
    """Pair position → ids of the pairs whose responses it nearly copies (both ways), the first
    ``max_copies_listed`` of them in order; ``shadows`` are the responses' shadows when the caller has them.

    Responses with the same 5-grams are grouped first, and the shared 5-grams of every two groups
    come from sparse matrix products a block of rows at a time: a machine-made notice repeating
    one answer thousands of times costs time and memory in proportion to its length.
    """
    import numpy as np

    table = _table()
    groups: dict[bytes, list[int]] = {}  # one set of 5-grams → the positions of its pairs, in order
    grams = gram_keys_many([p.response.text for p in pairs]) if shadows is None else _shadow_gram_keys(shadows)
    for position, keys in enumerate(grams):
        if len(keys) >= table["min_grams"]:  # shorter responses can never count as copies
            groups.setdefault(keys.tobytes(), []).append(position)
    members = list(groups.values())
    keys = [np.frombuffer(raw, dtype=np.int64) for raw in groups]
    related = [[g] if len(m) > 1 else [] for g, m in enumerate(members)]  # identical answers copy each other
    if len(members) > 1:
        for g, h in _near_copies(keys, table["copy_share"]):
            related[g].append(h)
    found: dict[int, list[str]] = {}
    limit = table["max_copies_listed"]
    for group, positions in zip(related, members, strict=True):
        if not group:
            continue
        nearest = list(itertools.islice(heapq.merge(*(members[h] for h in group)), limit + 1))
        for i in positions:
            found[i] = [pairs[j].id for j in nearest if j != i][:limit]
    return dict(sorted(found.items()))


#: pairs of groups sharing a 5-gram counted at once in :func:`_near_copies` (bounds its memory)
COPY_CHUNK_PAIRS = 1 << 21


def _near_copies(keys: list, share: float) -> list[tuple[int, int]]:
    """(g, h), g ≠ h, where at least ``share`` of the smaller of two 5-gram sets is in the other.

    Every 5-gram of a group meets every other group holding it; the meetings of a run of whole
    groups (at most :data:`COPY_CHUNK_PAIRS` of them, or one group) are counted at once.
    """
    import numpy as np

    sizes = np.array([len(k) for k in keys])
    every = np.concatenate(keys)
    owners = np.repeat(np.arange(len(keys)), sizes)
    by_gram = np.argsort(every, kind="stable")
    holders = owners[by_gram]  # the groups holding each 5-gram, 5-gram after 5-gram
    ordered = every[by_gram]
    opens = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])  # where each 5-gram's holders start
    held_by = np.diff(np.r_[opens, len(every)])  # how many groups hold each 5-gram
    grams = np.empty(len(every), dtype=np.int64)
    grams[by_gram] = np.repeat(np.arange(len(opens)), held_by)
    first_holder = opens[grams]  # per (group, 5-gram): where its holders start
    meetings = held_by[grams]  # per (group, 5-gram): how many groups it meets
    group_end = np.cumsum(sizes)
    work = np.cumsum(meetings)[group_end - 1]  # meetings up to the end of each group
    found: list[tuple[int, int]] = []
    first, groups = 0, len(keys)
    while first < groups:
        done = work[first - 1] if first else 0
        stop = int(np.searchsorted(work, done + COPY_CHUNK_PAIRS, side="right"))
        stop = max(min(stop, first + COPY_CHUNK_PAIRS // groups), first + 1)  # the counts' table is bounded too
        a, b = group_end[first] - sizes[first], group_end[stop - 1]
        counts = meetings[a:b]
        starts = np.repeat(first_holder[a:b] - (np.cumsum(counts) - counts), counts)
        met = holders[starts + np.arange(counts.sum())]
        shared = np.bincount((np.repeat(owners[a:b], counts) - first) * groups + met, minlength=(stop - first) * groups)
        pair_keys = np.flatnonzero(shared)
        shared = shared[pair_keys]
        g, h = pair_keys // groups + first, pair_keys % groups
        keep = (g != h) & (shared / np.minimum(sizes[g], sizes[h]) >= share)
        found += zip(g[keep].tolist(), h[keep].tolist(), strict=True)
        first = stop
    return found


def _index(mentions: list | SpanIndex) -> SpanIndex:
    return mentions if isinstance(mentions, SpanIndex) else SpanIndex([(m.start, m.end) for m in mentions])


def vague_reasons(pair: Pair, dates: list | SpanIndex, money: list | SpanIndex, titles: list | SpanIndex,
                  quantities: list | SpanIndex) -> list[str]:
    """Why a response is vague (empty when it is not): the kinds of evidence it lacks (mentions sorted
    by start), and its style."""
    start, end = pair.response.start, pair.response.end
    reasons = [name for name, mentions in (("no_date", dates), ("no_amount", money), ("no_document", titles),
                                           ("no_count", quantities)) if not _index(mentions).first_inside(start, end)]
    if len(reasons) < 4:
        return []
    table = _table()
    text = pair.response.text
    stock = sum(len(m.group()) for m in table["stock"].finditer(shadow(text)))
    body = len(_NOISE.sub("", text)) or 1
    if stock / body >= table["stock_share"]:
        return [*reasons, "stock_phrases"]
    return [*reasons, "short"] if len(text) <= table["vague_max_chars"] else []


def assess(pairs: list[Pair], text: str, dates: list, money: list, titles: list, quantities: list,
           norm: str | None = None) -> None:
    """Set ``response_quality`` of every pair with a response (mentions sorted by start); ``norm``
    is the shadow of ``text`` when the caller has it."""
    answered = [p for p in pairs if p.response.text]
    norm = shadow(text) if norm is None else norm
    copied = copies(answered, [norm[p.response.start:p.response.end] if text[p.response.start:p.response.end]
                               == p.response.text else shadow(p.response.text) for p in answered])
    kinds = [_index(mentions) for mentions in (dates, money, titles, quantities)]
    for position, pair in enumerate(answered):
        reasons = vague_reasons(pair, *kinds)
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
    import numpy as np

    table = _table()
    grams = gram_keys_many([text for _, _, text in responses])
    rng = np.random.default_rng(20231011)
    a = rng.integers(1, 2**31 - 1, size=bands * rows, dtype=np.int64)
    b = rng.integers(0, 2**31 - 1, size=bands * rows, dtype=np.int64)
    buckets: dict[tuple, list[int]] = {}
    for i, shingles in enumerate(grams):
        if len(shingles) < table["min_grams"]:
            continue
        keys = shingles % 2147483647
        signature = ((np.outer(keys, a) + b) % 2147483647).min(axis=0)
        for band in range(bands):
            buckets.setdefault((band, *signature[band * rows:(band + 1) * rows].tolist()), []).append(i)
    found = set()
    for members in buckets.values():  # each member with the bucket's first: linear in the bucket's size
        first = members[0]
        found.update((first, j) for j in members[1:] if responses[first][0] != responses[j][0])
    out = []
    for i, j in sorted(found):
        share = len(np.intersect1d(grams[i], grams[j], assume_unique=True)) / min(len(grams[i]), len(grams[j]))
        if share >= table["copy_share"]:
            out.append((i, j, round(share, 3)))
    return out


def notice_warnings(shadow: str, pairs: list[Pair]) -> list[str]:
    """Warnings about the file as a whole: a second notice after the first (多份通报)."""
    rule = _table()["second_notice"]
    found = second_notice_start(shadow, pairs[0].heading.start if pairs else None)
    if found is None:
        return []
    what, at = found
    return [rule["message"].format(what=rule["what"][what], at=at)]


def second_notice_start(shadow: str, first_issue: int | None) -> tuple[str, int] | None:
    """Where a second notice starts, as ("title" or "opening", offset), or None.

    A title or an inspection introduction opens a notice; one after the first issue, or ``min_gap``
    past the previous one, opens another.

    >>> first = "根据市委部署,市委巡察组对市局开展了巡察。\\n(一)“台账不全”问题\\n整改情况:已建立台账。\\n"
    >>> second = "中共某县教育局党组关于巡察整改情况的通报\\n根据县委部署,县委巡察组对县教育局进行了巡察。"
    >>> second_notice_start(first + second, first.index("(一)")), second_notice_start(first + second, None)
    (('title', 46), None)
    """
    rule = _table()["second_notice"]
    previous = None
    for kind, start in _openings(shadow, rule):
        after_issue = first_issue is not None and first_issue < start
        if after_issue or (previous is not None and start - previous >= rule["min_gap"]):
            return kind, start
        previous = start
    return None


def _openings(shadow: str, rule: dict) -> Iterator[tuple[str, int]]:
    """Titles and inspection introductions, in text order, as (kind, offset)."""
    titles = (("title", m.start()) for m in rule["title"].finditer(shadow))
    # a 根据…部署 line that names no inspection opens a response paragraph, not a notice
    intros = (("opening", m.start()) for m in rule["opening"].finditer(shadow)
              if rule["inspected"].search(shadow, m.start(), m.end()))
    return heapq.merge(titles, intros, key=lambda opening: opening[1])
