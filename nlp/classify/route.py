"""jieba's exact segmentation (精确模式, no HMM) over a small fixed word list, without jieba.

jieba cuts a run of Han characters, letters and digits by the most probable route through
the dictionary words found in it (最大概率路径): each word scores log(freq / total), a
character no word starts at scores log(1 / total), ties go to the longer word, and single
letters or digits in a row are joined. Over the classifier's 1,700 words jieba spends most
of its time on the characters no word starts at; this does the same arithmetic in the same
order but skips those characters with one dictionary lookup, so the words (and the features
built from them) are the same, in about a quarter of the time on the reference notice's
issues. ``tests/test_route.py`` checks it against jieba on every real notice.

>>> RouteCutter({"整改": 5, "整改情况": 3, "情况": 4}).cut("整改情况已报送。abc12")
['整改情况', '已', '报', '送', '。', 'abc12']
"""

from __future__ import annotations

import math
import re

#: jieba's ``re_han_default`` and ``re_skip_default``: what a block is, and the blanks between
_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class RouteCutter:
    """Cut text as ``jieba.Tokenizer(dictionary).lcut(text, HMM=False)`` would for ``words``.

    ``words`` maps each dictionary word to its frequency (the dictionary file's lines).
    """

    def __init__(self, words: dict[str, int]):
        total = sum(words.values())
        log_total = math.log(total) if total else 0.0
        # jieba's score of a word, computed as it does: log(freq or 1) - log(total)
        self.score_ = {w: math.log(f or 1) - log_total for w, f in words.items() if f}
        self.single_ = math.log(1) - log_total
        lengths: dict[str, set[int]] = {}
        for word in self.score_:
            lengths.setdefault(word[:2], set()).add(len(word))
        #: a word's first two characters (or its one) → the lengths of the words starting so
        self.lengths_ = {head: tuple(sorted(found)) for head, found in lengths.items()}
        self.has_singles_ = any(len(w) == 1 for w in self.score_)

    def cut(self, text: str) -> list[str]:
        """All tokens, as jieba yields them (punctuation and blanks one character each)."""
        out: list[str] = []
        for block in _BLOCK.split(text):
            if not block:
                continue
            if _BLOCK.fullmatch(block):
                out.extend(self._route(block))
            else:
                for part in _SKIP.split(block):
                    out.extend([part] if _SKIP.fullmatch(part) else part)
        return out

    def _route(self, block: str) -> list[str]:
        """jieba's DAG and route in one backward pass (its ``get_DAG`` and ``calc``)."""
        n, score, lengths, single = len(block), self.score_, self.lengths_, self.single_
        best = [0.0] * (n + 1)
        step = list(range(n))
        for k in range(n - 1, -1, -1):
            sizes = lengths.get(block[k:k + 2])
            if self.has_singles_ and k + 1 < n:
                sizes = lengths.get(block[k], ()) + (sizes or ())
            if not sizes:
                best[k] = single + best[k + 1]
                continue
            options = [(score[word] + best[k + size], k + size - 1) for size in sizes
                       if k + size <= n and (word := block[k:k + size]) in score]
            best[k], step[k] = max(options) if options else (single + best[k + 1], k)
        return self._words(block, step)

    @staticmethod
    def _words(block: str, step: list[int]) -> list[str]:
        """Follow the route; single letters and digits in a row are one token (jieba's ``buf``)."""
        out, buf, x = [], "", 0
        while x < len(block):
            y = step[x] + 1
            word = block[x:y]
            if y - x == 1 and word in _ASCII_ALNUM:
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out
