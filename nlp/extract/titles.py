"""Document titles (文件名称) written in 《…》, with their type (文种) and number (文号).

>>> [t.text for t in extract_titles("印发《关于印发〈整改方案〉的通知》。")]
['关于印发〈整改方案〉的通知', '整改方案']
>>> extract_titles("制定《整改工作方案》(汕民〔2023〕12号)")[0].doc_number
'汕民〔2023〕12号'
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from nlp.normalize import shadow
from nlp.tables import alternation, load_table
from nlp.types import TitleMention

#: how far before a title its governing verb may stand (a clause without punctuation is cut here,
#: so a line of thousands of titles is read in linear time)
GOVERNING_REACH = 200


@dataclass(frozen=True)
class _Compiled:
    inner_pairs: dict[str, tuple[str, ...]]
    doc_type: re.Pattern[str]
    verb: re.Pattern[str]
    issue_verbs: frozenset[str]
    doc_number: re.Pattern[str]
    clause_break: re.Pattern[str]
    bracket: re.Pattern[str]


@functools.cache
def _compiled() -> _Compiled:
    table = load_table("titles")
    verbs = table["issue_verbs"] + table["cite_verbs"]
    return _Compiled(
        inner_pairs={k: tuple(v) for k, v in table["inner_pairs"].items()},
        doc_type=re.compile(alternation(table["doc_types"])),
        verb=re.compile(alternation(verbs)),
        issue_verbs=frozenset(table["issue_verbs"]),
        doc_number=re.compile(table["doc_number"]),
        clause_break=re.compile("[" + re.escape(table["clause_breaks"]) + "]"),
        bracket=re.compile("[" + re.escape("".join(_bracket_chars(table))) + "\n]"),
    )


def _bracket_chars(table: dict) -> set[str]:
    chars = {table["outer_open"], table["outer_close"], *table["inner_pairs"]}
    return chars.union(*table["inner_pairs"].values())


def title_spans(norm: str) -> list[tuple[int, int, int, bool]]:
    """Content spans of every title in the shadow ``norm``: ``(start, end, depth, truncated)``.

    Depth 0 is an outer 《…》 title, deeper ones are nested. An outer title still open
    at the end of its line (or of the text) is cut off: it ends there, ``truncated``.

    >>> title_spans("按照《A〈B〉》和《C")
    [(3, 7, 0, False), (5, 6, 1, False), (10, 11, 0, True)]
    """
    table = load_table("titles")
    pairs = _compiled().inner_pairs
    spans: list[tuple[int, int, int, bool]] = []
    stack: list[tuple[str, int]] = []
    for found in _compiled().bracket.finditer(norm):
        i, char = found.start(), found.group()
        if not stack:
            if char == table["outer_open"]:
                stack.append((char, i + 1))
            continue
        if char == "\n":
            spans.append((stack[0][1], _rstrip_end(norm, stack[0][1], i), 0, True))
            stack.clear()
        elif char in pairs:
            if len(stack) < table["max_depth"]:
                stack.append((char, i + 1))
        elif any(char in pairs.get(opener, ()) or char == table["outer_close"] for opener, _ in stack):
            _close(stack, char, i, pairs, spans)
    if stack:
        spans.append((stack[0][1], _rstrip_end(norm, stack[0][1], len(norm)), 0, True))
    return sorted(spans, key=lambda s: (s[0], s[2]))


def _close(stack: list[tuple[str, int]], char: str, i: int, pairs: dict[str, tuple[str, ...]],
           spans: list[tuple[int, int, int, bool]]) -> None:
    """Close the innermost bracket ``char`` can close; unclosed brackets above it are dropped."""
    while stack:
        opener, start = stack.pop()
        if char in pairs.get(opener, ()) or (not stack and char == "》"):
            spans.append((start, i, len(stack), False))
            return


def _rstrip_end(norm: str, start: int, end: int) -> int:
    while end > start and norm[end - 1].isspace():
        end -= 1
    return end


def extract_titles(text: str, norm: str | None = None) -> list[TitleMention]:
    """Every 《…》 title in ``text``, outer and nested, sorted by start.

    >>> t = extract_titles("学习《中国共产党章程》")[0]
    >>> (t.text, t.doc_type, t.issued)
    ('中国共产党章程', '章程', False)
    """
    norm = shadow(text) if norm is None else norm  # the caller may already have the shadow
    spans = title_spans(norm)
    outside = _outside_titles(norm, spans)
    breaks = [m.start() for m in _compiled().clause_break.finditer(norm)]
    issued = False
    mentions = []
    for start, end, depth, truncated in spans:
        if depth == 0:  # spans are sorted, so a nested title follows its outer title
            issued = _issued(outside, start - 1, breaks)
        mentions.append(TitleMention(
            text=text[start:end], start=start, end=end, nested=depth > 0, truncated=truncated,
            doc_type=_doc_type(norm[start:end]),
            doc_number=None if truncated or depth else _doc_number(text, norm, end + 1),
            issued=issued,
        ))
    return mentions


def _doc_type(title: str) -> str | None:
    """The document type (文种) occurring last in the title: …关于印发〈…办法〉的通知 → 通知."""
    found = list(_compiled().doc_type.finditer(title))
    return found[-1].group() if found else None


def _doc_number(text: str, norm: str, after: int) -> str | None:
    """The document number (文号) written right after a title's closing bracket."""
    found = _compiled().doc_number.match(norm, after)
    return text[found.start("no"):found.end("no")] if found else None


def _outside_titles(norm: str, spans: list[tuple[int, int, int, bool]]) -> str:
    """``norm`` with every title blanked, brackets included (same length), so verbs inside titles
    are not read as governing a later one."""
    chars = list(norm)
    for start, end, _, _ in spans:
        begin = max(start - 1, 0)
        chars[begin:end + 1] = " " * (min(end + 1, len(chars)) - begin)
    return "".join(chars)


def _issued(outside: str, bracket: int, breaks: list[int]) -> bool:
    """True when the nearest governing verb before the title says it was made (制定/印发…).

    ``outside`` is the shadow with titles blanked (verbs inside other titles do not count), and
    ``breaks`` the sorted positions of clause breaks; attributive verbs (印发的《…》) only cite.
    """
    compiled = _compiled()
    before = bisect.bisect_left(breaks, bracket) - 1  # the last clause break before the title
    begin = max(bracket - GOVERNING_REACH, 0, breaks[before] + 1 if before >= 0 else 0)
    clause = outside[begin:bracket]
    for found in reversed(list(compiled.verb.finditer(clause))):
        if clause[found.end():found.end() + 1] == "的":
            continue
        return found.group() in compiled.issue_verbs
    return False
