"""Run-in issue lists (行文中的问题清单) of feedback notices (巡察反馈情况).

A feedback notice lists the problems found in one sentence rather than under numbered
headings: 主要是:A、B、C等; 发现的主要问题:一是A;二是B; 在X方面,存在A、B;在Y方面,存在C等问题.
Each problem becomes an issue with no response, so a feedback list can later be compared
with the rectification report. Patterns live in ``nlp/data/runin.yaml``.

>>> text = "巡察发现的主要问题是:学习贯彻不深入,意识形态工作有差距、财务管理不规范等问题。"
>>> [item.span.text for item in find_runin_items(text)]
['学习贯彻不深入', '意识形态工作有差距', '财务管理不规范']
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from nlp.normalize import shadow as make_shadow
from nlp.tables import load_table
from nlp.types import Span

_TRIM = " \t\n,;:、。.\"“”"


@dataclass(frozen=True)
class RunInItem:
    """One entry of a run-in list: a category (在X方面) or an issue, with its offsets."""

    no: str
    kind: str
    level: int
    span: Span


@dataclass(frozen=True)
class _Patterns:
    lead_ins: tuple[re.Pattern, ...]
    paragraph_lead_ins: tuple[re.Pattern, ...]
    category: re.Pattern
    ordinals: re.Pattern
    openers: re.Pattern
    closers: re.Pattern
    list_end: re.Pattern
    item_suffix: re.Pattern
    separators: tuple[str, ...]
    sentence_separator: str
    statement: re.Pattern
    summary_sections: re.Pattern
    part_heading: re.Pattern


@functools.cache
def patterns() -> _Patterns:
    """The compiled tables of ``nlp/data/runin.yaml``."""
    raw = load_table("runin")
    return _Patterns(
        lead_ins=tuple(re.compile(rx) for rx in raw["lead_ins"]),
        paragraph_lead_ins=tuple(re.compile(rx) for rx in raw["paragraph_lead_ins"]),
        category=re.compile(raw["category"]),
        ordinals=re.compile(raw["ordinals"]),
        openers=re.compile(raw["openers"]),
        closers=re.compile(raw["closers"]),
        list_end=re.compile(raw["list_end"]),
        item_suffix=re.compile(raw["item_suffix"]),
        separators=tuple(raw["separators"]),
        sentence_separator=raw["sentence_separator"],
        statement=re.compile(raw["statement_cue"]),
        summary_sections=re.compile(raw["summary_sections"], re.M),
        part_heading=re.compile(rf"^[ \t]*{load_table('structure')['markers']['part']}", re.M),  # 一、
    )


def find_runin_items(text: str, shadow: str | None = None, end: int | None = None) -> list[RunInItem]:
    """The entries of the run-in issue lists before ``end``, in text order."""
    shadow = make_shadow(text) if shadow is None else shadow
    end = len(shadow) if end is None else end
    items: list[RunInItem] = []
    pos = 0
    search = _NextMatch(shadow, end)
    sections = _summary_starts(shadow, end, patterns())
    while region := _list_region(shadow, pos, end, patterns(), search):
        if not _in_summary_section(sections, region[0]):
            items += [item for item in _items(text, shadow, *region, patterns()) if item.span.text]
        pos = region[1]
    return items


def _summary_starts(shadow: str, end: int, pats: _Patterns) -> list[tuple[int, bool]]:
    """(start, whether it sums up) of every part heading line (一、…) before ``end``, in order."""
    return [(m.start(), bool(pats.summary_sections.fullmatch(shadow, m.start(), _line_end(shadow, m.start()))))
            for m in pats.part_heading.finditer(shadow, 0, end)]


def _line_end(shadow: str, pos: int) -> int:
    stop = shadow.find("\n", pos)
    return len(shadow) if stop < 0 else stop


def _in_summary_section(sections: list[tuple[int, bool]], pos: int) -> bool:
    """Whether the last part heading before ``pos`` opens a section that sums up (审计评价意见)."""
    index = bisect.bisect_right(sections, (pos, True)) - 1
    return index >= 0 and sections[index][1]


class _NextMatch:
    """``regex.search(shadow, pos, end)`` for a ``pos`` that only grows, each regex searched again only
    once its last match lies behind ``pos`` (a lead-in absent from the text is looked for once, not
    once per list: thousands of lists stay linear)."""

    def __init__(self, shadow: str, end: int) -> None:
        self.shadow, self.end = shadow, end
        self.found: dict[re.Pattern, re.Match | None] = {}

    def __call__(self, regex: re.Pattern, pos: int) -> re.Match | None:
        if regex not in self.found or ((last := self.found[regex]) is not None and last.start() < pos):
            self.found[regex] = regex.search(self.shadow, pos, self.end)
        return self.found[regex]


def _list_region(shadow: str, pos: int, end: int, pats: _Patterns, search: _NextMatch) -> tuple[int, int, bool] | None:
    """Offsets of the list announced by the earliest lead-in after ``pos``, and whether it is a
    paragraph list (one problem a sentence)."""
    sentence = [(m.end(), False) for rx in pats.lead_ins for m in [search(rx, pos)] if m]
    paragraph = [(m.end(), True) for rx in pats.paragraph_lead_ins for m in [search(rx, pos)] if m]
    if not sentence and not paragraph:
        return None
    start, whole = min(sentence + paragraph)
    if whole:
        stop = shadow.find("\n", start, end)
        stop = end if stop < 0 else stop
        if not any(s < stop for s, _ in sentence):  # a sentence list in the paragraph is the list
            return start, stop, True
        start = min(s for s, _ in sentence)
    while nested := [m.end() for rx in pats.lead_ins for m in [rx.match(shadow, _skip(shadow, start, end), end)]
                     if m and m.end() > start]:
        start = max(nested)
    stop = _sentence_end(shadow, start, end)
    if _opens_ordinal(shadow, start, end, pats) and (longer := _ordinal_sentences(shadow, stop, end, pats)) > stop:
        return start, longer, True
    closer = pats.list_end.search(shadow, start, stop)
    stop = closer.end() if closer else stop
    return (start, stop, False) if stop > start else None


def _opens_ordinal(shadow: str, pos: int, end: int, pats: _Patterns) -> bool:
    found = pats.ordinals.match(shadow, _skip(shadow, pos, end), end)
    return bool(found and found.group("no"))


def _ordinal_sentences(shadow: str, stop: int, end: int, pats: _Patterns) -> int:
    """Where a list of 一是…。二是…。 ends: it runs on over the sentences that open with an ordinal, one
    problem a sentence (…存在一定的问题:一是总体进度较慢,未结案件较多。二是…。)."""
    while stop < end and shadow[stop] == "。" and _opens_ordinal(shadow, stop + 1, end, pats):
        stop = _sentence_end(shadow, stop + 1, end)
    return stop


def _sentence_end(shadow: str, start: int, end: int) -> int:
    stops = [i for i in (shadow.find("。", start, end), shadow.find("\n", start + 1, end)) if i >= 0]
    return min(stops) if stops else end


def _items(text: str, shadow: str, start: int, end: int, whole: bool, pats: _Patterns) -> list[RunInItem]:
    if whole:
        sentences = _split(shadow, start, end, pats.sentence_separator, pats)
        numbered = [(*_ordinal(shadow, a, b, pats), b) for s_start, s_end in sentences
                    for a, b in _split(shadow, s_start, s_end, pats.separators[0], pats)]
        return [RunInItem(no, "issue", 1, _span(text, shadow, a, b, pats)) for no, a, b in numbered]
    top = next((s for s in pats.separators if s in shadow[start:end]), pats.separators[-1])
    pieces = _split(shadow, start, end, top, pats)
    items: list[RunInItem] = []
    for p_start, p_end in pieces:
        no, p_start = _ordinal(shadow, p_start, p_end, pats)
        category = pats.category.match(shadow, p_start, p_end)
        if category and category.end() < p_end:
            items.append(RunInItem(no, "category", 1, _span(text, shadow, p_start + category.start("title"),
                                                         category.end("title"), pats)))
            inner = next((s for s in pats.separators[1:] if s in shadow[category.end():p_end]), top)
            items += [RunInItem("", "issue", 2, _span(text, shadow, a, b, pats))
                      for a, b in _split(shadow, category.end(), p_end, inner, pats)]
        elif top == ",":
            items += [RunInItem(no, "issue", 1, _span(text, shadow, a, b, pats))
                      for a, b in _split(shadow, p_start, p_end, "、", pats)]
        else:
            items.append(RunInItem(no, "issue", 1, _span(text, shadow, p_start, p_end, pats)))
    return items


def _split(shadow: str, start: int, end: int, sep: str, pats: _Patterns) -> list[tuple[int, int]]:
    """Pieces between ``sep``; a piece stating no problem is joined to the one before it (or after)."""
    seps = [start + m.start() for m in re.finditer(re.escape(sep), shadow[start:end])]
    bounds = [start] + [s + 1 for s in seps]
    pieces = [(a, b - 1) for a, b in itertools.pairwise(bounds)] + [(bounds[-1], end)]
    merged: list[list[int]] = []
    for a, b in pieces:
        if sep in (";", pats.sentence_separator) or pats.statement.search(shadow, a, b) or not merged:
            merged.append([a, b])
        else:
            merged[-1][1] = b
    if len(merged) > 1 and sep != ";" and not pats.statement.search(shadow, *merged[0]):
        merged[1][0] = merged[0][0]
        merged.pop(0)
    return [(a, b) for a, b in merged]


def _ordinal(shadow: str, start: int, end: int, pats: _Patterns) -> tuple[str, int]:
    start = _skip(shadow, start, end)
    found = pats.ordinals.match(shadow, start, end)
    if not found:
        return "", start
    return (found.group("no") or ""), _skip(shadow, found.end(), end)


def _skip(shadow: str, start: int, end: int) -> int:
    while start < end and shadow[start] in _TRIM:
        start += 1
    return start


def _span(text: str, shadow: str, start: int, end: int, pats: _Patterns) -> Span:
    """The statement of a piece: openers, closers and the trailing 问题 cut off."""
    start = _skip(shadow, start, end)
    opener = pats.openers.match(shadow, start, end)
    start = _skip(shadow, opener.end(), end) if opener else start
    while end > start and shadow[end - 1] in _TRIM:
        end -= 1
    for regex in (pats.closers, pats.item_suffix):
        tail = regex.search(shadow, start, end)
        end = tail.start() if tail else end
        while end > start and shadow[end - 1] in _TRIM:
            end -= 1
    return Span(text[start:end], start, end)
