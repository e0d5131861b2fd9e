"""Offset-preserving normalisation (规范化): a *shadow* of the text for pattern matching.

The shadow has exactly the same length as the text, so an offset found in the
shadow is an offset in the text. It maps, one character to one character:
full-width ASCII forms to half-width (（一）→(一), ：→:, １→1), odd spaces to a
plain space, corner quotes to curly quotes, and traditional characters to
simplified ones (組→组), so every pattern table can be written once, in
simplified Chinese with ASCII punctuation.

>>> shadow("（一）“組織”問題：")
'(一)“组织”问题:'
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass
from importlib import resources

_PUNCTUATION = {
    "\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ",
    "\ufeff": " ", "\t": " ", "「": "“", "」": "”", "『": "‘", "』": "’", "〝": "“", "〞": "”",
    "﹙": "(", "﹚": ")", "〔": "〔", "［": "[", "］": "]", "．": ".", "﹒": ".",
}


@functools.cache
def _table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    table.update({ord(k): v for k, v in _PUNCTUATION.items()})
    table.update(_traditional_to_simplified())
    return table


def _traditional_to_simplified() -> dict[int, str]:
    """One-to-one character map from OpenCC's TSCharacters table (first candidate)."""
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    mapping: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            mapping[ord(source)] = target
    return mapping


@functools.cache
def _gloss() -> re.Pattern:
    from nlp.tables import load_table

    return re.compile(load_table("page")["pinyin_gloss"])


def without_glosses(text: str) -> str:
    """``text`` without the pinyin a scraped mirror page put after its characters (not offset-preserving).

    >>> without_glosses("東西部協(xié)作不深入")
    '東西部協作不深入'
    """
    plain = unglossed(text)
    return text if plain is None else plain.text


@dataclass(frozen=True)
class Unglossed:
    """A text without its pinyin glosses (去注音文本), and where each gloss was.

    Header names and key figures are read from it, so that 醫(yī)院 gives 醫院; the extracted spans stay
    in the original text. ``starts`` are the glosses' offsets in the original, ``removed`` the number
    of characters removed up to and including each one.

    >>> plain = unglossed("協(xié)作不深入")
    >>> plain.text, plain.offset(5), plain.offset(2)
    ('協作不深入', 1, 1)
    """

    text: str
    starts: tuple[int, ...]
    removed: tuple[int, ...]

    def offset(self, original: int) -> int:
        """The plain text's offset of an offset of the original (one inside a gloss goes to its start)."""
        k = bisect_right(self.starts, original) - 1
        if k < 0:
            return original
        before = self.removed[k - 1] if k else 0
        return max(original - self.removed[k], self.starts[k] - before)


def unglossed(text: str) -> Unglossed | None:
    """The text without pinyin glosses, or ``None`` when it has none (the usual case)."""
    if "(" not in text:
        return None
    pieces, starts, removed, kept_from = [], [], [], 0
    for match in _gloss().finditer(text):
        pieces.append(text[kept_from : match.start()])
        starts.append(match.start())
        removed.append((removed[-1] if removed else 0) + match.end() - match.start())
        kept_from = match.end()
    if not starts:
        return None
    return Unglossed("".join(pieces) + text[kept_from:], tuple(starts), tuple(removed))


def shadow(text: str) -> str:
    """Return the normalised shadow of ``text`` (same length, same offsets)."""
    return text.translate(_table())

