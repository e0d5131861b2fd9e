"""Key figures (整改成效数据): issue counts, completion rate, rules made, funds recovered, people
disciplined, clues transferred and measures.

Patterns live in ``nlp/data/summary.yaml``; a field is reported only when the notice states it
(or, for ``issues_completed``, says every issue is fixed). Chinese numerals are read
(六个方面四十七个问题 → 47); a figure in a clause of another scope (村级, 上一轮, 信访件) is
not a total of the notice.

>>> extract_summary("巡察反馈的25个问题,已完成整改19个,整改完成率76%。追缴资金7.132万元。").as_dict()
{'issues_total': 25, 'issues_completed': 19, 'completion_rate': 0.76, 'funds_recovered_yuan': 71320.0}
>>> extract_summary("反馈问题18个,其中村级问题6个已完成整改。").as_dict()
{'issues_total': 18}
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from nlp.normalize import shadow as make_shadow
from nlp.numerals import NUMBER, parse_number
from nlp.tables import load_table
from nlp.types import Summary

_COUNT_UNIT = "(?:个|项|条|件|处)"
_ORDINAL = rf"第(?:{NUMBER})(?:{_COUNT_UNIT}|类)"
_SLOTS = {
    # an ordinal (第三项) counts no issues
    "{N}": rf"(?<!第)(?P<n>{NUMBER})",
    "{N2}": rf"(?<!第)(?P<n2>{NUMBER})",
    "{L}": rf"(?P<ordinals>{_ORDINAL}(?:[、,和及]{_ORDINAL})*)",
    "{X}": rf"(?:{NUMBER})",
    "{U}": _COUNT_UNIT,
    "{P}": rf"(?P<pct>{NUMBER})\s*%",
    "{C}": r"(?P<tenths>[1-9一二三四五六七八九])",
    "{M}": rf"(?P<n>{NUMBER})\s*(?:余|多)?(?P<unit>(?:万亿|亿|万)?(?:余|多)?元)",
}
#: the 余/多 of an amount (40余万元, 42万余元): the stated figure is its value
_APPROX = re.compile("[余多]")
_UNIT_YUAN = {"元": 1, "万元": 10_000, "亿元": 100_000_000, "万亿元": 1_000_000_000_000}
#: fields whose matches add up (several recoveries are stated one by one)
SUMMED = {"funds_recovered_yuan"}
#: a figure's clause begins after the previous of these (looked for at most 60 characters back)
_CLAUSE_BREAKS = ",;。:!?\n"
_CLAUSE_LOOKBACK = 60


@dataclass(frozen=True)
class Field:
    """One key figure's patterns, in order of preference, and the clauses it must not come from."""

    name: str
    patterns: tuple[re.Pattern, ...]
    skip: re.Pattern | None


@dataclass(frozen=True)
class Tables:
    """The compiled ``nlp/data/summary.yaml``: each field's patterns and the clause tests."""

    fields: tuple[Field, ...]
    scope: re.Pattern
    all_completed: re.Pattern
    continues: re.Pattern
    part: re.Pattern
    closing_point: re.Pattern


@functools.cache
def _table() -> Tables:
    raw = load_table("summary")
    fields = tuple(
        Field(name, tuple(re.compile(_expand(rx)) for rx in spec["patterns"]),
              re.compile(spec["skip"]) if spec.get("skip") else None)
        for name, spec in raw["fields"].items()
    )
    return Tables(fields, *(re.compile(raw[key]) for key in ("scope", "all_completed", "continues", "part",
                                                                "closing_point")))


def _expand(pattern: str) -> str:
    for slot, regex in _SLOTS.items():
        pattern = pattern.replace(slot, regex)
    return pattern


def extract_summary(text: str, regions: list[tuple[int, int]] | None = None, shadow: str | None = None) -> Summary:
    """The key figures stated in ``regions`` of the text (all of it by default)."""
    shadow = make_shadow(text) if shadow is None else shadow
    regions = regions or [(0, len(shadow))]
    tables = _table()
    summary = Summary()
    for field in tables.fields:
        values = _values(shadow, regions, field, tables)
        if values:
            setattr(summary, field.name, round(sum(values), 2) if field.name in SUMMED else values[0])
    if summary.issues_total is not None and summary.issues_completed is None and _states(shadow, regions,
                                                                                          tables.all_completed):
        summary.issues_completed = summary.issues_total
    return summary


def closing_region(shadow: str, last_response: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The closing paragraph of the last response, as a region to read figures from, when it is
    not one of the response's own numbered points (an empty list otherwise)."""
    if not last_response:
        return []
    start, end = last_response
    cut = shadow.rfind("\n", start, end)
    if cut <= start or _table().closing_point.match(shadow, cut + 1, end):
        return []
    return [(cut + 1, end)]


def _states(shadow: str, regions: list[tuple[int, int]], regex: re.Pattern) -> bool:
    return any(regex.search(shadow, start, end) for start, end in regions)


def _values(shadow: str, regions: list[tuple[int, int]], field: Field, tables: Tables) -> list:
    for regex in field.patterns:
        values = [_value(m) for start, end in regions for m in regex.finditer(shadow, start, end)
                  if _in_scope(shadow, m, tables, field.skip)]
        values = [v for v in values if v is not None]
        if values:
            return values if field.name in SUMMED else values[:1]
    return []


def _in_scope(shadow: str, match: re.Match, tables: Tables, skip: re.Pattern | None) -> bool:
    """Whether the clause leading up to the figure speaks of the notice as a whole."""
    before = shadow[max(0, match.start() - _CLAUSE_LOOKBACK):match.start()]
    text = before + match.group()
    start = _clause_start(before)
    if start and tables.continues.match(text, start):
        previous = _clause_start(before[:start - 1])
        start = start if tables.part.match(text, previous) else previous
    clause = text[start:]
    return not tables.scope.search(clause) and not (skip and skip.search(clause))


def _clause_start(before: str) -> int:
    return max(before.rfind(c) for c in _CLAUSE_BREAKS) + 1


def _value(match: re.Match) -> float | int | None:
    groups = match.groupdict()
    if groups.get("pct"):
        number = parse_number(groups["pct"])
        return None if number is None else round(number / 100, 6)
    if groups.get("tenths"):
        return round(parse_number(groups["tenths"]) / 10, 6)
    if groups.get("ordinals"):
        return groups["ordinals"].count("第")
    numbers = [parse_number(groups[g]) for g in ("n", "n2") if groups.get(g)]
    if not numbers or None in numbers:
        return None
    unit = groups.get("unit")
    return float(numbers[0] * _UNIT_YUAN[_APPROX.sub("", unit)]) if unit else sum(numbers)
