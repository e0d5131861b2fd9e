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
    return _gloss().sub("", text) if "(" in text else text


def shadow(text: str) -> str:
    """Return the normalised shadow of ``text`` (same length, same offsets)."""
    return text.translate(_table())

