"""Chinese and Arabic numerals (数字): ``四十七`` → 47, ``壹仟`` → 1000, ``1,234.5`` → 1234.5.

>>> cn_to_number("四十七")
47
>>> cn_to_number("二〇二三")
2023
>>> parse_number("1,234.5")
1234.5
>>> import re
>>> re.findall(NUMBER, "共四十七个问题,整改19个")
['四十七', '19']
>>> re.compile(CN_NUMERAL_RUN).match("四十七", 1) is None   # never from inside a run
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

#: characters that may appear in a Chinese numeral (used to build regexes elsewhere)
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
#: a number written in Arabic digits, with optional thousands separators and decimals
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: a Chinese numeral read from the start of its run only: a pattern that could start anywhere
#: inside a long run (一二三四…) would rescan the run from every position, in quadratic time
CN_NUMERAL_RUN = rf"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]+"
#: a number in either script, from the start of its run
NUMBER = rf"(?<![\d.])(?:{ARABIC_NUMBER})|{CN_NUMERAL_RUN}"

#: a character a written number can begin with: any decimal digit or a Chinese numeral character
NUMBER_START = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")
#: above this share of number characters, scanning from each of them costs more than a plain scan
DENSE_NUMBERS = 0.125

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


#: the longest Chinese numeral read as a number (九千九百九十九万九千九百九十九亿… fits); a longer run of
#: numeral characters is not a number, and converting it would cost time and fail past 4,300 digits
MAX_CN_CHARS = 40


def cn_to_number(text: str) -> int | None:
    """Value of a Chinese numeral such as 四十七, 十二, 一百零五, 壹仟, 两千三百万, 二〇二三.

    Returns ``None`` when ``text`` is not a well-formed numeral.

    >>> cn_to_number("十二")
    12
    >>> cn_to_number("两千三百万")
    23000000
    >>> cn_to_number("第十") is None
    True
    >>> cn_to_number("〇一二三四五六七八九" * 800) is None  # a run of numerals is not a number
    True
    >>> cn_to_number("万") is None, cn_to_number("〇〇万") is None  # a unit label (万元), a blank (○○万元)
    (True, True)
    """
    if not text or len(text) > MAX_CN_CHARS or text[0] in LARGE_UNITS:
        return None  # 万 or 亿 with no figure before it is a unit word (万元户, 单位:万元) or a blank (XX万元)
    if any(c not in DIGITS and c not in SMALL_UNITS and c not in LARGE_UNITS for c in text):
        return None
    if all(c in DIGITS for c in text) and len(text) > 1:
        value = int("".join(str(DIGITS[c]) for c in text))
    else:
        value = _positional(text)
    return None if value == 0 and len(text) > 1 else value  # 〇〇, ○○万: a blank to fill in; only 零 alone is 0


def _positional(text: str) -> int:
    """Value of a numeral written with units (两千三百万), digits standing before their units."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            section += digit or 0
            unit = LARGE_UNITS[char]
            total = (total + section) * unit if total < unit else total + section * unit
            section, digit = 0, None
    return total + section + (digit or 0)


#: a number with more integer digits than this is not a count or an amount (and may not fit a float)
MAX_DIGITS = 15


def parse_number(text: str) -> float | int | None:
    """Value of an Arabic or Chinese number; ``1,234.56`` → 1234.56, ``３`` → 3, ``五`` → 5.

    >>> parse_number("12")
    12
    >>> parse_number("7.132")
    7.132
    >>> parse_number("9" * 320) is None
    True
    """
    arabic = text.translate(_FULLWIDTH).replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", arabic):
        if len(arabic.split(".")[0].lstrip("0")) > MAX_DIGITS:
            return None
        return float(arabic) if "." in arabic else int(arabic)
    value = cn_to_number(text)
    return value if value is None or value < 10**MAX_DIGITS else None


def number_starts(text: str) -> list[int]:
    """Positions in ``text`` where a number could begin (:data:`NUMBER_START`), for :func:`finditer_numbers`.

    >>> number_starts("共47个")
    [1, 2]
    """
    return [m.start() for m in NUMBER_START.finditer(text)]


def finditer_numbers(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches all begin with a number character,
    tried only at ``starts`` (:func:`number_starts` of ``text``): the same matches, found faster,
    because the regex engine cannot skip ahead to a set of first characters behind a lookbehind.

    >>> pattern = re.compile(rf"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]+个")
    >>> text = "发现三个问题,整改十二个"
    >>> [m.group() for m in finditer_numbers(pattern, text, number_starts(text))]
    ['三个', '十二个']
    """
    if len(starts) > DENSE_NUMBERS * len(text):
        yield from pattern.finditer(text)
        return
    end = 0
    for start in starts:
        if start < end:
            continue
        found = pattern.match(text, start)
        if found:
            yield found
            end = max(found.end(), start + 1)
