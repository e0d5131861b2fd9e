"""Linear text models (线性模型) for domain, measures and status.

Features are TF-IDF weights of character 1–3-grams (字符n元组) of the normalised text,
plus jieba words (分词) of the issue for the domain. Training uses scikit-learn's
``LogisticRegression``; the fitted model is plain arrays (vocabulary keys, idf, coefficients),
so prediction needs only numpy, loads in milliseconds and runs no pickled code.

>>> m = DomainModel().fit(["资金使用不规范", "专项资金挂账", "公墓建设迟缓", "养老设施建设滞后"],
...                       ["", "", "", ""], ["finance_funds", "finance_funds", "public_service", "public_service"])
>>> max(m.predict_proba(["资金管理不规范"], [""])[0].items(), key=lambda kv: kv[1])[0]
'finance_funds'
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp.classify.clauses import cached_shadow as shadow

_DIGITS = re.compile(r"\d+(\.\d+)?")
_SPACE = re.compile(r"\s+")
#: bits per character in an n-gram key: every code point fits, so keys never collide
_BITS = 21
SEED = 20230111


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


class WordSegmenter:
    """jieba word segmentation (分词) restricted to a fixed vocabulary, so it loads fast and is stable.

    Fitting segments with jieba's full dictionary and keeps the words of ≥ 2 characters;
    afterwards a jieba ``Tokenizer`` over just those words is used, at training and prediction alike.
    """

    def __init__(self, words: dict[str, int] | None = None, path: str | Path | None = None):
        self.words = dict(sorted((words or {}).items()))
        self.path = Path(path) if path else None
        self._tokenizer = None

    @classmethod
    def fit(cls, texts: list[str], path: str | Path) -> WordSegmenter:
        """Collect the vocabulary of ``texts`` with jieba's main dictionary and write it to ``path``."""
        import jieba

        jieba.setLogLevel(60)
        freq = jieba.get_FREQ
        words = {w: max(int(freq(w) or 1), 1) for t in texts for w in jieba.lcut(t, HMM=False) if len(w) > 1}
        seg = cls(words, path)
        seg.save()
        return seg

    def save(self) -> None:
        """Write the vocabulary as a jieba dictionary file (``word freq`` per line)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("".join(f"{w} {f}\n" for w, f in self.words.items()), encoding="utf-8")

    def cut(self, text: str) -> list[str]:
        """Words of ``text`` (single characters dropped: the character n-grams cover them)."""
        if not self.words:
            return []
        if self._tokenizer is None:
            import jieba

            jieba.setLogLevel(60)
            self._tokenizer = jieba.Tokenizer(dictionary=str(self.path))
        return [w for w in self._tokenizer.lcut(text, HMM=False) if len(w) > 1]


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
        pos = np.minimum(np.searchsorted(self.keys, keys), width - 1)
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
    """Text → sparse feature blocks: char n-grams, and optionally jieba words (特征提取)."""

    chars: Vocabulary = field(default_factory=Vocabulary)
    words: Vocabulary | None = None
    segmenter: WordSegmenter | None = None
    _last: tuple | None = field(default=None, repr=False, compare=False)
    _primed: dict = field(default_factory=dict, repr=False, compare=False)

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

    def prime(self, texts: list[str]) -> None:
        """Featurize the texts of one notice in a batch; :meth:`vector` then looks them up.

        Replaces the previous batch, so memory stays bounded by one notice.
        """
        unique = list(dict.fromkeys(texts))
        chars = self.chars.vectors([_text_keys(t) for t in unique])
        if self.words is None:
            self._primed = dict(zip(unique, chars, strict=True))
            return
        words = self.words.vectors([word_keys(self.segmenter.cut(_prepare(t))) for t in unique])
        offset = len(self.chars.keys)
        self._primed = {
            text: (np.concatenate([c_idx, w_idx + offset]), np.concatenate([c_val, w_val]))
            for text, (c_idx, c_val), (w_idx, w_val) in zip(unique, chars, words, strict=True)
        }

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse features of one text: (column indices, values); primed and last results are reused."""
        if text in self._primed:
            return self._primed[text]
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        self._last = (text, self._vector(text))
        return self._last[1]

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        idx, val = self.chars.vector(_text_keys(text))
        if self.words is None:
            return idx, val
        widx, wval = self.words.vector(word_keys(self.segmenter.cut(_prepare(text))))
        return np.concatenate([idx, widx + len(self.chars.keys)]), np.concatenate([val, wval])


def _dense(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> np.ndarray:
    out = np.zeros((len(rows), width))
    for i, (idx, val) in enumerate(rows):
        out[i, idx] = val
    return out


def _fit_linear(x: np.ndarray, y: list, c: float) -> tuple[np.ndarray, np.ndarray, list]:
    """Fit a logistic regression; return (coef, intercept, classes) as plain arrays."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED)
    model.fit(x, y)
    return model.coef_, model.intercept_, [str(k) for k in model.classes_]


def _sparse(rows: list[tuple[np.ndarray, np.ndarray]], width: int):
    """Sparse rows as one CSR matrix (scipy), for batch products."""
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
    indices = np.concatenate([idx for idx, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    data = np.concatenate([val for _, val in rows]) if rows else np.zeros(0)
    return csr_matrix((data, indices, indptr), shape=(len(rows), width))


def _link(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax; a single column (binary model) gives [1 - p, p] with p = sigmoid."""
    if z.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-z[:, 0]))
        return np.column_stack([1.0 - p, p])
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _proba(coef_t: np.ndarray, intercept: np.ndarray, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
    """Class probabilities of one sparse row (softmax; sigmoid for a binary model).

    ``coef_t`` is the transposed coefficient matrix: gathering its rows is much cheaper than
    gathering columns of ``coef``.
    """
    z = val @ coef_t[idx] + intercept
    if len(z) == 1:
        p = 1.0 / (1.0 + np.exp(-z[0]))
        return np.array([1.0 - p, p])
    z = np.exp(z - z.max())
    return z / z.sum()


@dataclass
class LinearHead:
    """A fitted linear classifier over a featurizer (线性分类头): coefficients, intercepts, class names."""

    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]

    def proba_many(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> list[dict[str, float]]:
        """:meth:`proba` of many sparse rows with one matrix product."""
        if not rows:
            return []
        p = _link(np.asarray(_sparse(rows, self.coef_t.shape[0]) @ self.coef_t) + self.intercept)
        return [dict(zip(self.classes, row, strict=True)) for row in p.tolist()]

    def proba(self, idx: np.ndarray, val: np.ndarray) -> dict[str, float]:
        """Probability per class for one sparse row."""
        return dict(zip(self.classes, _proba(self.coef_t, self.intercept, idx, val).tolist(), strict=True))

    @functools.cached_property
    def coef_t(self) -> np.ndarray:
        """Coefficients with one row per feature (see :func:`_proba`)."""
        return np.ascontiguousarray(self.coef.T)

    def top_features(self, idx: np.ndarray, val: np.ndarray, cls: str, names: list[str], k: int = 3) -> list[str]:
        """The ``k`` features that pushed this row most towards ``cls`` (for ``explain``)."""
        if cls not in self.classes or not len(idx):
            return []
        row = self.coef[self.classes.index(cls) if len(self.classes) > 2 else 0]
        contrib = row[idx] * val
        order = np.argsort(-contrib, kind="stable")[:k]
        return [names[int(idx[i])] for i in order if contrib[i] > 0]


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


class DomainModel:
    """Domain (监督领域) from the issue (char n-grams + jieba words) and, down-weighted, the response.

    >>> DomainModel.RESPONSE_WEIGHT
    0.5
    """

    RESPONSE_WEIGHT = 0.5

    def __init__(self, c: float = 10.0):
        self.c = c
        self.issue: Featurizer | None = None
        self.response: Featurizer | None = None
        self.head: LinearHead | None = None

    def _row(self, issue: str, response: str) -> tuple[np.ndarray, np.ndarray]:
        i_idx, i_val = self.issue.vector(issue)
        r_idx, r_val = self.response.vector(response)
        return np.concatenate([i_idx, r_idx + self.issue.width]), np.concatenate([i_val, r_val * self.RESPONSE_WEIGHT])

    def fit(self, issues: list[str], responses: list[str], labels: list[str],
            segmenter: WordSegmenter | None = None, response_features: Featurizer | None = None) -> DomainModel:
        """Fit on parallel lists (a heading-only example has an empty response).

        ``response_features`` is a featurizer already fitted on the responses, shared between models.
        """
        self.issue = Featurizer.fit(issues, segmenter, min_df=1)
        self.response = response_features or Featurizer.fit([r for r in responses if r])
        x = _dense([self._row(i, r) for i, r in zip(issues, responses, strict=True)],
                   self.issue.width + self.response.width)
        self.head = LinearHead(*_fit_linear(x, labels, self.c))
        return self

    def row(self, issue: str, response: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse features of one pair: issue block, then the down-weighted response block."""
        return self._row(issue, response)

    def predict_proba(self, issues: list[str], responses: list[str]) -> list[dict[str, float]]:
        """Probability of every domain label, per pair."""
        return [self.head.proba(*self._row(i, r)) for i, r in zip(issues, responses, strict=True)]


class MeasureModel:
    """Measure labels (整改措施) of a response: one binary logistic regression per label (one-vs-rest).

    Labels with fewer than two positives are not modelled (probability 0).
    """

    def __init__(self, c: float = 10.0):
        self.c = c
        self.featurizer: Featurizer | None = None
        self.heads: dict[str, LinearHead] = {}

    def fit(self, responses: list[str], label_sets: list[list[str]], labels: list[str],
            featurizer: Featurizer | None = None) -> MeasureModel:
        """Fit one head per label in ``labels``; ``label_sets`` are the gold labels per response."""
        self.featurizer = featurizer or Featurizer.fit(responses)
        x = _dense([self.featurizer.vector(r) for r in responses], self.featurizer.width)
        for label in labels:
            y = [str(label in s) for s in label_sets]
            if 2 <= y.count("True") < len(y):
                self.heads[label] = LinearHead(*_fit_linear(x, y, self.c))
        return self

    @functools.cached_property
    def _stacked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All binary heads as one matrix, signed towards "True", so a row needs one product."""
        sign = np.array([1.0 if h.classes[-1] == "True" else -1.0 for h in self.heads.values()])
        coef = np.vstack([h.coef[0] for h in self.heads.values()]) * sign[:, None]
        intercept = np.array([h.intercept[0] for h in self.heads.values()]) * sign
        return np.ascontiguousarray(coef.T), intercept, sign

    def proba_row(self, idx: np.ndarray, val: np.ndarray) -> dict[str, float]:
        """Probability of each modelled label for one sparse row."""
        if not self.heads:
            return {}
        coef_t, intercept, _ = self._stacked
        p = 1.0 / (1.0 + np.exp(-(val @ coef_t[idx] + intercept)))
        return dict(zip(self.heads, p.tolist(), strict=True))

    def proba_many(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> list[dict[str, float]]:
        """:meth:`proba_row` of many sparse rows with one matrix product."""
        if not self.heads or not rows:
            return [{} for _ in rows]
        coef_t, intercept, _ = self._stacked
        p = 1.0 / (1.0 + np.exp(-(np.asarray(_sparse(rows, coef_t.shape[0]) @ coef_t) + intercept)))
        return [dict(zip(self.heads, row, strict=True)) for row in p.tolist()]

    def predict_proba(self, texts: list[str]) -> list[dict[str, float]]:
        """Probability of each modelled label, per text (a response or a clause)."""
        return [self.proba_row(*self.featurizer.vector(t)) for t in texts]


class StatusModel:
    """Status (整改状态) of a response: a multinomial logistic regression."""

    def __init__(self, c: float = 10.0):
        self.c = c
        self.featurizer: Featurizer | None = None
        self.head: LinearHead | None = None

    def fit(self, responses: list[str], labels: list[str], featurizer: Featurizer | None = None) -> StatusModel:
        """Fit on responses and their status labels."""
        self.featurizer = featurizer or Featurizer.fit(responses)
        x = _dense([self.featurizer.vector(r) for r in responses], self.featurizer.width)
        self.head = LinearHead(*_fit_linear(x, labels, self.c))
        return self

    def predict_proba(self, responses: list[str]) -> list[dict[str, float]]:
        """Probability of every status label, per response."""
        return [self.head.proba(*self.featurizer.vector(r)) for r in responses]


# -- persistence: numpy arrays (npz, no pickle) + a JSON manifest ---------------------------------

def _put_vocab(arrays: dict, prefix: str, vocab: Vocabulary | None) -> None:
    if vocab is not None:
        arrays[f"{prefix}.keys"], arrays[f"{prefix}.idf"] = vocab.keys, vocab.idf


def _get_vocab(arrays, prefix: str) -> Vocabulary | None:
    return Vocabulary(arrays[f"{prefix}.keys"], arrays[f"{prefix}.idf"]) if f"{prefix}.keys" in arrays else None


def _put_head(arrays: dict, meta: dict, prefix: str, head: LinearHead) -> None:
    arrays[f"{prefix}.coef"], arrays[f"{prefix}.intercept"] = head.coef, head.intercept
    meta[prefix] = head.classes


def _get_head(arrays, meta: dict, prefix: str) -> LinearHead:
    return LinearHead(arrays[f"{prefix}.coef"], arrays[f"{prefix}.intercept"], meta[prefix])


@dataclass
class ModelBundle:
    """The three fitted models (模型包), saved as ``classifier.npz`` + ``classifier.json`` + ``words.txt``.

    The three models share one response featurizer, so a response is featurized once.
    """

    domain: DomainModel
    measures: MeasureModel
    status: StatusModel
    info: dict = field(default_factory=dict)

    def save(self, models_dir: str | Path) -> None:
        """Write the bundle to ``models_dir`` (arrays rounded-trip exactly; no pickle)."""
        out = Path(models_dir)
        out.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        heads: dict[str, list[str]] = {}
        _put_vocab(arrays, "domain.issue.chars", self.domain.issue.chars)
        _put_vocab(arrays, "domain.issue.words", self.domain.issue.words)

        _put_head(arrays, heads, "domain.head", self.domain.head)
        _put_vocab(arrays, "response.chars", self.measures.featurizer.chars)
        for label, head in self.measures.heads.items():
            _put_head(arrays, heads, f"measures.head.{label}", head)
        _put_head(arrays, heads, "status.head", self.status.head)
        with open(out / "classifier.npz", "wb") as fh:
            np.savez_compressed(fh, **arrays)
        manifest = {"format": "zhenggai.classifier/1", "heads": heads, "measure_labels": list(self.measures.heads),
                    "info": self.info}
        (out / "classifier.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")

    @classmethod
    def load(cls, models_dir: str | Path) -> ModelBundle:
        """Load a bundle written by :meth:`save` (``allow_pickle=False``: loading runs no code)."""
        src = Path(models_dir)
        manifest = json.loads((src / "classifier.json").read_text(encoding="utf-8"))
        heads = manifest["heads"]
        with np.load(src / "classifier.npz", allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        words_path = src / "words.txt"
        words = {}
        if words_path.exists():
            for line in words_path.read_text(encoding="utf-8").splitlines():
                word, _, freq = line.rpartition(" ")
                words[word] = int(freq)
        segmenter = WordSegmenter(words, words_path)
        response = Featurizer(_get_vocab(arrays, "response.chars"))
        domain = DomainModel()
        domain.issue = Featurizer(_get_vocab(arrays, "domain.issue.chars"), _get_vocab(arrays, "domain.issue.words"),
                                  segmenter)
        domain.response = response
        domain.head = _get_head(arrays, heads, "domain.head")
        measures = MeasureModel()
        measures.featurizer = response
        measures.heads = {label: _get_head(arrays, heads, f"measures.head.{label}")
                          for label in manifest["measure_labels"]}
        status = StatusModel()
        status.featurizer = response
        status.head = _get_head(arrays, heads, "status.head")
        return cls(domain, measures, status, manifest.get("info", {}))
