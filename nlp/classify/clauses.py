"""Splitting a response into measure clauses (措施分句).

A clause ends at 。 ; ! ? or a line break, and a new one starts at an enumerator
(一是/二是…, 1./1、, (1), (一)) or after a sub-unit header (市福利院整改情况:), which is a
clause of its own. Offsets are relative to the response text; enumerators are kept out
of the clause text (in ``marker``) and so are the terminators.

>>> [c.text for c in split_clauses("一是制定办法;二是开展培训。市福利院整改情况:完成自查。")]
['制定办法', '开展培训', '市福利院整改情况', '完成自查']
>>> split_clauses("一是制定办法;")[0].marker
'一是'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from nlp.normalize import shadow


@functools.lru_cache(maxsize=1024)
def cached_shadow(text: str) -> str:
    """:func:`nlp.normalize.shadow`, memoised: clauses, rules and features all normalise the same
    response (sized for every issue and response of a long notice)."""
    return shadow(text)

_NUMERALS = "一二三四五六七八九十"
#: a clause start: the text start or just after a terminator, not inside a run of spaces (each start
#: scans the spaces after it, so one start per run keeps a page of blank lines linear)
_START = r"(?:^|(?<=[{ends}]))(?!(?<=\s)\s)\s*"
#: where a clause may start: the text start, a terminator, a comma or a colon, then an enumerator
_ENUMERATOR = re.compile(
    _START.format(ends="。;:,!?\n")
    + rf"(?P<marker>[{_NUMERALS}]{{1,2}}是|\d{{1,2}}[.、](?!\d)|\(\d{{1,2}}\)|\([{_NUMERALS}]{{1,2}}\))"
)
_TERMINATOR = re.compile(r"[。;!?\n]+")
_UNIT_HEADER = re.compile(_START.format(ends="。;\n") + r"(?P<unit>[^。;,:\n]{2,20}整改情况):")
_TRIM = " \t\r\n,:、"
#: what is stripped from both ends of a clause: trimmed characters and terminators
_STRIP = _TRIM + "。;!?"


@dataclass(frozen=True)
class Clause:
    """A measure clause (措施分句): text and offsets relative to the response.

    ``kind`` is ``sentence``, ``enumerated`` (after 一是/1./(1)) or ``unit`` (a sub-unit header).
    """

    text: str
    start: int
    end: int
    marker: str = ""
    kind: str = "sentence"


def _cuts(norm: str) -> dict[int, tuple[str, str]]:
    """Clause starts → (kind, marker); a marker's text is skipped by the clause after it."""
    cuts: dict[int, tuple[str, str]] = {0: ("sentence", "")}
    for match in _TERMINATOR.finditer(norm):
        cuts.setdefault(match.end(), ("sentence", ""))
    for match in _ENUMERATOR.finditer(norm):
        cuts[match.start("marker")] = ("enumerated", match.group("marker"))
    for match in _UNIT_HEADER.finditer(norm):
        cuts[match.start("unit")] = ("unit", "")
        cuts.setdefault(match.end(), ("sentence", ""))
    return cuts


def split_clauses(response: str) -> list[Clause]:
    """Split a response (整改情况) into clauses with offsets relative to ``response``.

    >>> c = split_clauses("召开会议。(1)印发通知")[1]
    >>> (c.text, c.start, c.end, c.marker)
    ('印发通知', 8, 12, '(1)')
    """
    norm = cached_shadow(response)
    cuts = _cuts(norm)
    starts = sorted(cuts)
    clauses = []
    for begin, stop in zip(starts, [*starts[1:], len(norm)], strict=True):
        kind, marker = cuts[begin]
        start = begin + len(marker) if marker and norm.startswith(marker, begin) else begin
        end = stop
        while start < end and norm[start] in _STRIP:
            start += 1
        while end > start and norm[end - 1] in _STRIP:
            end -= 1
        if end > start:
            clauses.append(Clause(response[start:end], start, end, marker, kind))
    return clauses
