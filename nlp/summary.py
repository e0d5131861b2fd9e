"""Key figures (整改成效数据): issue counts, completion rate, rules made, funds recovered.

Patterns live in ``nlp/data/summary.yaml``; a field is reported only when the
notice states it. Chinese numerals are read (六个方面四十七个问题 → 47).

>>> extract_summary("巡察反馈的25个问题,已完成整改19个,整改完成率76%。追缴资金7.132万元。")
{'issues_total': 25, 'issues_completed': 19, 'completion_rate': 0.76, 'funds_recovered_yuan': 71320.0}
"""

from __future__ import annotations

import functools
import re

from nlp.normalize import shadow as make_shadow
from nlp.numerals import ARABIC_NUMBER, CN_NUMERAL_CHARS, parse_number
from nlp.tables import load_table

_NUMBER = rf"{ARABIC_NUMBER}|[{CN_NUMERAL_CHARS}]+"
_SLOTS = {
    "{N}": rf"(?P<n>{_NUMBER})",
    "{X}": rf"(?:{_NUMBER})",
    "{P}": rf"(?P<n>{_NUMBER})\s*%",
    "{M}": rf"(?P<n>{_NUMBER})\s*(?P<unit>亿元|万元|元)",
}
_UNIT_YUAN = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
#: fields whose matches add up (several recoveries are stated one by one)
SUMMED = {"funds_recovered_yuan"}


@functools.cache
def _fields() -> dict[str, list[re.Pattern]]:
    raw = load_table("summary")
    return {name: [re.compile(_expand(rx)) for rx in patterns] for name, patterns in raw["fields"].items()}


def _expand(pattern: str) -> str:
    for slot, regex in _SLOTS.items():
        pattern = pattern.replace(slot, regex)
    return pattern


def extract_summary(text: str, regions: list[tuple[int, int]] | None = None, shadow: str | None = None) -> dict:
    """The key figures stated in ``regions`` of the text (all of it by default)."""
    shadow = make_shadow(text) if shadow is None else shadow
    regions = regions or [(0, len(shadow))]
    summary: dict = {}
    for name, patterns in _fields().items():
        values = _values(shadow, regions, patterns, summed=name in SUMMED)
        if values:
            summary[name] = round(sum(values), 2) if name in SUMMED else values[0]
    return summary


def _values(shadow: str, regions: list[tuple[int, int]], patterns: list[re.Pattern], summed: bool) -> list:
    for regex in patterns:
        values = [_value(m) for start, end in regions for m in regex.finditer(shadow, start, end)]
        values = [v for v in values if v is not None]
        if values:
            return values if summed else values[:1]
    return []


def _value(match: re.Match) -> float | int | None:
    number = parse_number(match.group("n"))
    if number is None:
        return None
    if match.re.pattern.endswith("%") or "%" in match.group(0):
        return round(number / 100, 6)
    unit = match.groupdict().get("unit")
    return float(number * _UNIT_YUAN[unit]) if unit else number
