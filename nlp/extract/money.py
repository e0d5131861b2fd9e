"""Amounts of money (金额) in 元/万元/亿元, valued in yuan.

Approximate amounts (40余万元, 约5万元, 5万元左右) set ``approx``; the value is the
stated figure, i.e. the lower bound for 余/多. A figure that is not stated gives no mention:
a blank (____万元, XX万元, ○○万元) or an order of magnitude (数万元, 几十万元, 上亿元), since
its value would be invented and amounts are summed. A range (5万元至10万元, 5-10万元) is
one mention with ``low``/``high``; its ``yuan`` is ``low`` (the amount certainly
reached, consistent with 余) and it is ``approx``. Cue words outside the number and
unit (约, 左右) are not part of the mention text.

>>> [(m.text, m.yuan, m.approx) for m in extract_money("追回资金40余万元,清退1,234.56元。")]
[('40余万元', 400000.0, True), ('1,234.56元', 1234.56, False)]
>>> m = extract_money("罚款5-10万元")[0]
>>> (m.text, m.low, m.high)
('5-10万元', 50000.0, 100000.0)
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from nlp.normalize import shadow
from nlp.numerals import CN_NUMERAL_RUN, LARGE_UNITS, SMALL_UNITS, finditer_numbers, number_starts, parse_number
from nlp.tables import alternation, load_table
from nlp.types import MoneyMention

_ARABIC = r"(?<![\dA-Za-z])(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d{1,4})?|\d+(?:\.\d{1,4})?)(?![\d,]\d)"
_CN_UNIT_CHARS = set(SMALL_UNITS) | set(LARGE_UNITS)


#: how far after an amount a 左右/以上 is looked for (a bounded window keeps the scan linear)
APPROX_REACH = 12
#: how far before a Chinese numeral a placeholder or a vagueness cue (数十万元) is looked for
NO_FIGURE_REACH = 8


@dataclass(frozen=True)
class _Patterns:
    single: re.Pattern[str]
    range: re.Pattern[str]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    no_figure_before: re.Pattern[str]
    bare: re.Pattern[str]


def _amount(tag: str, inner: str, scale: str, scaled: bool = False) -> str:
    """One side of an amount: number, inner cue, scale word (named groups tagged ``tag``); with
    ``scaled`` the scale word must be there."""
    number = rf"{_ARABIC}|{CN_NUMERAL_RUN}"
    return (rf"(?P<{tag}num>{number})(?P<{tag}in1>{inner})?\s?(?P<{tag}scale>{scale}){'' if scaled else '?'}"
            rf"(?P<{tag}in2>{inner})?")


@functools.cache
def _patterns() -> _Patterns:
    t = load_table("money")
    inner, scale = alternation(t["approx_inner"]), alternation(t["scales"])
    unit = rf"\s?(?:{alternation(t['units'])})(?!{alternation(t['not_after_unit'])})"
    conn = alternation(t["range_connectors"])
    return _Patterns(
        single=re.compile(_amount("a", inner, scale) + unit),
        range=re.compile(rf"{_amount('a', inner, scale)}(?:{unit})?\s*(?:{conn})\s*{_amount('b', inner, scale)}{unit}"),
        approx_before=tuple(t["approx_before"]),
        approx_after=tuple(t["approx_after"]),
        no_figure_before=re.compile(rf"(?:{'|'.join(t['no_figure_before'])})\Z"),
        bare=re.compile(rf"(?:{alternation(t['bare_cues'])})(?:了|达|约|共|近|为)?"
                        rf"(?P<bare>{_amount('a', inner, scale, scaled=True)})"
                        rf"(?![\d.]|\s?(?:{alternation(t['units'])}|{alternation(t['bare_not_before'])}))"),
    )


def extract_money(text: str, norm: str | None = None) -> list[MoneyMention]:
    """Every amount of money in ``text``, sorted by start.

    >>> [(m.text, m.yuan) for m in extract_money("共计两千多万元")]
    [('两千多万元', 20000000.0)]
    >>> extract_money("2,008年开展元旦慰问")
    []
    """
    norm = shadow(text) if norm is None else norm  # the caller may already have the shadow
    pats = _patterns()
    numbers = number_starts(norm)
    ranges = [mention for m in finditer_numbers(pats.range, norm, numbers) if (mention := _mention(text, norm, m))]
    starts = [r.start for r in ranges]  # ranges come in order and do not overlap

    def overlaps_range(m: re.Match[str]) -> bool:
        i = bisect.bisect_left(starts, m.end())  # ranges starting before this match ends
        return i > 0 and ranges[i - 1].end > m.start()

    singles = [mention for m in finditer_numbers(pats.single, norm, numbers)
               if not overlaps_range(m) and (mention := _mention(text, norm, m))]
    bare = [mention for m in pats.bare.finditer(norm) if not overlaps_range(m) and (mention := _bare(text, m))]
    return sorted(ranges + singles + bare, key=lambda x: x.start)


def _bare(text: str, m: re.Match[str]) -> MoneyMention | None:
    """An amount without 元 after a cue of spending (支出1.21万亿); the cue is not in the mention."""
    value = _side(m, "a", 1.0)
    if value is None:
        return None
    start, end = m.span("bare")
    return MoneyMention(text[start:end], start, end, round(value, 6), bool(m["ain1"] or m["ain2"]))


def _mention(text: str, norm: str, m: re.Match[str]) -> MoneyMention | None:
    if _no_figure(norm, m):
        return None
    unit = load_table("money")["units"][norm[m.end() - 1]]
    sides = [_side(m, "a", unit)]
    if "bnum" in m.groupdict():
        sides.append(_side(m, "b", unit))
    if any(v is None for v in sides):
        return None
    if len(sides) == 2 and not m["ascale"] and m["bscale"]:
        sides[0] = sides[0] * load_table("money")["scales"][m["bscale"]]
    pats = _patterns()
    approx = (len(sides) == 2 or bool(m["ain1"] or m["ain2"])
              or norm.endswith(pats.approx_before, 0, m.start())
              or norm[m.end():m.end() + APPROX_REACH].lstrip().startswith(pats.approx_after))
    low, high = (sides[0], sides[1]) if len(sides) == 2 else (None, None)
    return MoneyMention(text[m.start():m.end()], m.start(), m.end(), round(sides[0], 6), approx, low, high)


def _no_figure(norm: str, m: re.Match[str]) -> bool:
    """Whether a Chinese numeral without its leading digit (十万元, 千元) follows a placeholder or a
    vagueness cue (XX千元, 数十万元): it then states no amount."""
    number = m["anum"]
    return number[0] in _CN_UNIT_CHARS and bool(
        _patterns().no_figure_before.search(norm, max(0, m.start() - NO_FIGURE_REACH), m.start()))


def _side(m: re.Match[str], tag: str, unit: float) -> float | None:
    """Value in yuan of one side; None for a Chinese numeral that is not an amount (一元化)."""
    number = m[f"{tag}num"]
    scale = m[f"{tag}scale"]
    if not (number[0].isdigit() or scale or _CN_UNIT_CHARS & set(number)):
        return None
    value = parse_number(number)
    if value is None:
        return None
    factor = load_table("money")["scales"][scale] if scale else 1
    return float(value) * factor * unit
