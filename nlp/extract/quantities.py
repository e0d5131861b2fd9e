"""Counts with a measure word (数量: 83组, 47个问题) and percentages (百分比: 98.71%).

Ordinals (第二轮), dates, money and document numbers are not counts: their
numbers are followed by 年/月/日/元/号, which are not measure words here.

>>> [(q.text, q.value, q.unit) for q in extract_quantities("六个方面47个问题,整改率98.71%")]
[('六个方面', 6.0, '个方面'), ('47个问题', 47.0, '个问题'), ('98.71%', 98.71, '%')]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from nlp.normalize import shadow
from nlp.numerals import CN_NUMERAL_RUN, finditer_numbers, number_starts, parse_number
from nlp.tables import alternation, load_table
from nlp.types import Quantity

_NUMBER = (r"(?<![\dA-Za-z/])(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)"
           rf"|{CN_NUMERAL_RUN}")


@dataclass(frozen=True)
class _Patterns:
    count: re.Pattern[str]
    percent: re.Pattern[str]
    not_quantities: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    t = load_table("quantities")
    ge = rf"个(?!{alternation(t['time_after_ge'])})(?:{alternation(t['nouns_after_ge'])})?"
    units = alternation([u for u in t["units"] if u != "个"])
    unit = rf"{ge}|{units}"
    return _Patterns(
        count=re.compile(rf"(?P<num>{_NUMBER})(?P<scale>{alternation(t['scales'])})?"
                         rf"(?P<approx>{alternation(t['approx_inner'])})?(?P<unit>{unit})"),
        percent=re.compile(rf"(?P<num>{_NUMBER})\s?(?P<unit>{alternation(t['percent_signs'])})"
                           rf"|(?:{alternation(t['percent_words'])})(?P<cn>{CN_NUMERAL_RUN})"),
        not_quantities=re.compile(alternation(t["not_quantities"])),
    )


def extract_quantities(text: str, norm: str | None = None) -> list[Quantity]:
    """Every count and percentage in ``text``, sorted by start.

    >>> [(q.text, q.value) for q in extract_quantities("第二轮巡察,1300余户,百分之九十")]
    [('1300余户', 1300.0), ('百分之九十', 90.0)]
    """
    norm = shadow(text) if norm is None else norm  # the caller may already have the shadow
    pats = _patterns()
    blocked = [(m.start(), m.end()) for m in pats.not_quantities.finditer(norm)]
    numbers = number_starts(norm)
    found = [q for m in finditer_numbers(pats.percent, norm, numbers) if (q := _percent(text, m))]
    found += [q for m in finditer_numbers(pats.count, norm, numbers) if (q := _count(text, norm, m))]
    starts = [s for s, _ in blocked]  # non-overlapping matches, in order

    def is_blocked(q: Quantity) -> bool:
        i = bisect.bisect_right(starts, q.start) - 1
        return i >= 0 and q.end <= blocked[i][1]

    found = [q for q in found if not is_blocked(q)]
    return sorted(found, key=lambda q: q.start)


def _percent(text: str, m: re.Match[str]) -> Quantity | None:
    value = parse_number(m["num"] or m["cn"])
    if value is None:
        return None
    return Quantity(text[m.start():m.end()], m.start(), m.end(), float(value), m["unit"] or "%")


def _count(text: str, norm: str, m: re.Match[str]) -> Quantity | None:
    table = load_table("quantities")
    number = m["num"]
    before = norm[max(0, m.start() - 2):m.start()]
    if number in table["skip_numerals"] or before.endswith(tuple(table["ordinal_prefixes"] + table["name_prefixes"])):
        return None
    value = parse_number(number)
    if value is None:
        return None
    scale = table["scales"][m["scale"]] if m["scale"] else 1
    return Quantity(text[m.start():m.end()], m.start(), m.end(), float(value) * scale, m["unit"],
                    approx=bool(m["approx"]))
