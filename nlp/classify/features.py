"""Text features (文本特征) for the linear models: character n-grams and jieba words.

Features are TF-IDF weights of character 1–3-grams (字符n元组) of the normalised text, plus
jieba words (分词) of the issue for the domain. Vocabularies are plain arrays (integer keys
and idf weights), so featurizing needs only numpy.

>>> vocab = Vocabulary.fit([char_keys("整改"), char_keys("巡察")])
>>> idx, val = Featurizer(vocab).vector("整改")
>>> len(idx), round(float(val @ val), 6)
(3, 1.0)
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp.classify.clauses import cached_shadow as shadow
from nlp.classify.route import RouteCutter

_DIGITS = re.compile(r"\d+(\.\d+)?")
_SPACE = re.compile(r"\s+")
#: bits per character in an n-gram key: every code point fits, so keys never collide
_BITS = 21


def _prepare(text: str) -> str:
    """Normalise for features: shadow, numbers → 0, no whitespace."""
    return _SPACE.sub("", _DIGITS.sub("0", shadow(text)))


@functools.lru_cache(maxsize=512)
def _text_keys(text: str) -> np.ndarray:
    """Char n-gram keys of a raw text, cached: the three models featurize the same response."""
    return char_keys(_prepare(text))


def char_keys(text: str, orders: tuple[int, ...] = (1, 2, 3)) -> np.ndarray:
    """Integer keys of the character n-grams of ``text`` (one per occurrence).

    >>> len(char_keys("整改", (1, 2)))
    3
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    parts = []
    for n in orders:
        if len(codes) < n:
            continue
        key = codes[: len(codes) - n + 1].copy()
        for k in range(1, n):
            key = (key << _BITS) | codes[k: len(codes) - n + 1 + k]
        parts.append(key)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def private_cache_dir() -> Path:
    """A cache folder only this user can write (``$XDG_CACHE_HOME/zhenggai``, else ``~/.cache/zhenggai``).

    jieba loads its dictionary cache with ``marshal`` from the shared temp folder by default, where
    anyone could plant one; a folder that is not ours or is writable by others is never used.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zhenggai"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = base.stat()
        if info.st_uid == os.getuid() and not info.st_mode & 0o022:
            return base
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="zhenggai-"))


@functools.cache
def jieba_module():
    """jieba, silent (no "Building prefix dict" lines) and caching its dictionary in :func:`private_cache_dir`.

    jieba imports the deprecated ``pkg_resources`` only to open its own data files, which costs
    70 ms at every start; when nothing has imported it yet, jieba is imported with it hidden and
    uses its plain-file fallback.
    """
    if "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # an import of it now raises ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]

    jieba.setLogLevel(60)
    jieba.dt.tmp_dir = str(private_cache_dir())
    return jieba


class WordSegmenter:
    """jieba word segmentation (分词) restricted to a fixed vocabulary, so it loads fast and is stable.

    Fitting segments with jieba's full dictionary and keeps the words of ≥ 2 characters;
    afterwards jieba's exact mode over just those words is used, at training and prediction alike,
    run by :class:`~nlp.classify.route.RouteCutter` (the same words, without loading jieba).
    """

    def __init__(self, words: dict[str, int] | None = None, path: str | Path | None = None):
        self.words = dict(sorted((words or {}).items()))
        self.path = Path(path) if path else None

    @classmethod
    def fit(cls, texts: list[str], path: str | Path) -> WordSegmenter:
        """Collect the vocabulary of ``texts`` with jieba's main dictionary and write it to ``path``."""
        jieba = jieba_module()
        freq = jieba.get_FREQ
        words = {w: max(int(freq(w) or 1), 1) for t in texts for w in jieba.lcut(t, HMM=False) if len(w) > 1}
        seg = cls(words, path)
        seg.save()
        return seg

    def save(self) -> None:
        """Write the vocabulary as a jieba dictionary file (``word freq`` per line)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("".join(f"{w} {f}\n" for w, f in self.words.items()), encoding="utf-8")

    @functools.cached_property
    def _cutter(self) -> RouteCutter:
        return RouteCutter(self.words)

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (single characters dropped: the character n-grams cover them)."""
        if not self.words:
            return []
        return [w for w in self._cutter.cut(text) if len(w) > 1]


@dataclass
class Vocabulary:
    """A fitted TF-IDF vocabulary (词表): sorted integer keys and their idf weights."""

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @classmethod
    def fit(cls, docs: list[np.ndarray], min_df: int = 1) -> Vocabulary:
        """Keys found in at least ``min_df`` documents, with smoothed idf (as scikit-learn)."""
        uniq = [np.unique(d) for d in docs]
        keys, df = np.unique(np.concatenate(uniq) if uniq else np.zeros(0, np.int64), return_counts=True)
        keep = df >= min_df
        idf = np.log((1 + len(docs)) / (1 + df[keep])) + 1.0
        return cls(keys[keep], idf)

    def vectors(self, docs: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`vector` of many documents in one numpy pass (identical values, far fewer calls).

        >>> vocab = Vocabulary.fit([char_keys("整改"), char_keys("巡察")])
        >>> batch, single = vocab.vectors([char_keys("整改")])[0], vocab.vector(char_keys("整改"))
        >>> all((a == b).all() for a, b in zip(batch, single))
        True
        """
        width = len(self.keys)
        if not docs or width == 0:
            return [self.vector(doc) for doc in docs]
        owner = np.repeat(np.arange(len(docs)), [len(doc) for doc in docs])
        keys = np.concatenate(docs)
        distinct, inverse = np.unique(keys, return_inverse=True)  # texts repeat n-grams: look each up once
        pos = np.minimum(np.searchsorted(self.keys, distinct), width - 1)[inverse.reshape(-1)]
        hit = self.keys[pos] == keys
        cells, counts = np.unique(owner[hit] * width + pos[hit], return_counts=True)
        columns, values = cells % width, counts * self.idf[cells % width]
        bounds = np.searchsorted(cells // width, np.arange(len(docs) + 1))
        rows = []
        for a, b in itertools.pairwise(bounds):
            val = values[a:b]
            norm = np.sqrt(val @ val)
            rows.append((columns[a:b], val / norm if norm else val))
        return rows

    def vector(self, doc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sparse l2-normalised TF-IDF vector of one document: (column indices, values)."""
        if len(doc) == 0 or len(self.keys) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        keys, counts = np.unique(doc, return_counts=True)
        pos = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        hit = self.keys[pos] == keys
        idx, val = pos[hit], counts[hit] * self.idf[pos[hit]]
        norm = np.sqrt(val @ val)
        return idx, (val / norm if norm else val)


def word_keys(words: list[str]) -> np.ndarray:
    """Integer keys for words: a stable hash (not Python's salted ``hash``).

    >>> int(word_keys(["整改"])[0]) == int(word_keys(["整改"])[0])
    True
    """
    import zlib

    return np.array([zlib.crc32(w.encode("utf-8")) for w in words], dtype=np.int64)


@dataclass
class Featurizer:
    """Text → sparse feature blocks: char n-grams, and optionally jieba words (特征提取).

    A fitted featurizer is read-only: :meth:`prime` returns the vectors of one notice's texts
    as a value the caller passes back to :meth:`vector`, so threads can share one featurizer.
    """

    chars: Vocabulary = field(default_factory=Vocabulary)
    words: Vocabulary | None = None
    segmenter: WordSegmenter | None = None

    @classmethod
    def fit(cls, texts: list[str], segmenter: WordSegmenter | None = None, min_df: int = 2) -> Featurizer:
        """Fit the vocabularies on ``texts``."""
        prepared = [_prepare(t) for t in texts]
        chars = Vocabulary.fit([char_keys(t) for t in prepared], min_df)
        words = Vocabulary.fit([word_keys(segmenter.cut(t)) for t in prepared], 1) if segmenter else None
        return cls(chars, words, segmenter)

    @property
    def width(self) -> int:
        """Number of feature columns."""
        return len(self.chars.keys) + (len(self.words.keys) if self.words else 0)

    def prime(self, texts: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """The vectors of many texts (one notice's) computed in one batch, keyed by text."""
        unique = list(dict.fromkeys(texts))
        chars = self.chars.vectors([_text_keys(t) for t in unique])
        if self.words is None:
            return dict(zip(unique, chars, strict=True))
        words = self.words.vectors([word_keys(self.segmenter.cut(_prepare(t))) for t in unique])
        offset = len(self.chars.keys)
        return {
            text: (np.concatenate([c_idx, w_idx + offset]), np.concatenate([c_val, w_val]))
            for text, (c_idx, c_val), (w_idx, w_val) in zip(unique, chars, words, strict=True)
        }

    def vector(self, text: str, primed: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Sparse features of one text: (column indices, values), looked up in ``primed`` when there."""
        if primed and text in primed:
            return primed[text]
        idx, val = self.chars.vector(_text_keys(text))
        if self.words is None:
            return idx, val
        widx, wval = self.words.vector(word_keys(self.segmenter.cut(_prepare(text))))
        return np.concatenate([idx, widx + len(self.chars.keys)]), np.concatenate([val, wval])


def key_names(featurizer: Featurizer, word_list: list[str] | None = None) -> list[str]:
    """Readable names of the feature columns: the n-gram text, or the word."""
    names = []
    for key in featurizer.chars.keys.tolist():
        chars = []
        while key:
            chars.append(chr(key & ((1 << _BITS) - 1)))
            key >>= _BITS
        names.append("".join(reversed(chars)))
    if featurizer.words is not None:
        by_key = {int(word_keys([w])[0]): w for w in (word_list or [])}
        names.extend(by_key.get(k, "?") for k in featurizer.words.keys.tolist())
    return names


