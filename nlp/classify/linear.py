"""Linear models (线性模型) for domain, measures and status, following scikit-learn's conventions.

Training uses scikit-learn's ``LogisticRegression``; the fitted model is plain arrays
(coefficients, intercepts, class names), so prediction needs only numpy, loads in milliseconds
and runs no pickled code. Parameters are set in ``__init__``; fitted state ends in ``_``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from nlp.classify.features import Featurizer, WordSegmenter
from nlp.errors import NotFittedError

#: random state of every fit, so training is reproducible
SEED = 20230111


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


def _products(rows: list[tuple[np.ndarray, np.ndarray]], coef_t: np.ndarray) -> np.ndarray:
    """Each sparse row times ``coef_t``, as one (rows × classes) array: the rows' coefficient
    rows gathered and weighted at once, then summed row by row (numpy alone: scipy's import would
    cost every process a tenth of a second)."""
    lengths = np.array([len(idx) for idx, _ in rows], dtype=np.int64)
    out = np.zeros((len(rows), coef_t.shape[1]))
    filled = lengths > 0
    if filled.any():
        weighted = np.take(coef_t, np.concatenate([idx for idx, _ in rows]), axis=0)
        weighted *= np.concatenate([val for _, val in rows])[:, None]
        out[filled] = np.add.reduceat(weighted, (np.cumsum(lengths) - lengths)[filled], axis=0)
    return out


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
        p = _link(_products(rows, self.coef_t) + self.intercept)
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


def _check_fitted(model: object, attribute: str) -> None:
    if not hasattr(model, attribute):
        raise NotFittedError(f"this {type(model).__name__} is not fitted yet: call fit() or load a ModelBundle")


class DomainModel:
    """Domain (监督领域) from the issue (char n-grams + jieba words) and, down-weighted, the response.

    ``c`` is the inverse regularisation strength; fitting sets ``issue_`` and ``response_``
    (featurizers) and ``head_`` (the linear classifier).

    >>> m = DomainModel().fit(["资金使用不规范", "专项资金挂账", "公墓建设迟缓", "养老设施建设滞后"],
    ...                       ["", "", "", ""], ["finance_funds", "finance_funds", "public_service", "public_service"])
    >>> max(m.predict_proba(["资金管理不规范"], [""])[0].items(), key=lambda kv: kv[1])[0]
    'finance_funds'
    >>> DomainModel().predict_proba(["资金"], [""])
    Traceback (most recent call last):
    nlp.errors.NotFittedError: this DomainModel is not fitted yet: call fit() or load a ModelBundle
    """

    RESPONSE_WEIGHT = 0.5

    def __init__(self, c: float = 10.0):
        self.c = c

    def fit(self, issues: list[str], responses: list[str], labels: list[str],
            segmenter: WordSegmenter | None = None, response_features: Featurizer | None = None) -> DomainModel:
        """Fit on parallel lists (a heading-only example has an empty response).

        ``response_features`` is a featurizer already fitted on the responses, shared between models.
        """
        self.issue_ = Featurizer.fit(issues, segmenter, min_df=1)
        self.response_ = response_features or Featurizer.fit([r for r in responses if r])
        x = _dense([self.row(i, r) for i, r in zip(issues, responses, strict=True)],
                   self.issue_.width + self.response_.width)
        self.head_ = LinearHead(*_fit_linear(x, labels, self.c))
        return self

    def row(self, issue: str, response: str, primed: tuple[dict, dict] = ({}, {})) -> tuple[np.ndarray, np.ndarray]:
        """Sparse features of one pair: issue block, then the down-weighted response block.

        ``primed`` holds vectors already computed for this notice's issues and responses.
        """
        _check_fitted(self, "issue_")
        i_idx, i_val = self.issue_.vector(issue, primed[0])
        r_idx, r_val = self.response_.vector(response, primed[1])
        return (np.concatenate([i_idx, r_idx + self.issue_.width]),
                np.concatenate([i_val, r_val * self.RESPONSE_WEIGHT]))

    def predict_proba(self, issues: list[str], responses: list[str]) -> list[dict[str, float]]:
        """Probability of every domain label, per pair."""
        _check_fitted(self, "head_")
        return [self.head_.proba(*self.row(i, r)) for i, r in zip(issues, responses, strict=True)]


class MeasureModel:
    """Measure labels (整改措施) of a response: one binary logistic regression per label (one-vs-rest).

    Fitting sets ``featurizer_`` and ``heads_`` (label → head). Labels with fewer than two
    positives are not modelled (probability 0).
    """

    def __init__(self, c: float = 10.0):
        self.c = c

    def fit(self, responses: list[str], label_sets: list[list[str]], labels: list[str],
            featurizer: Featurizer | None = None) -> MeasureModel:
        """Fit one head per label in ``labels``; ``label_sets`` are the gold labels per response."""
        self.featurizer_ = featurizer or Featurizer.fit(responses)
        x = _dense([self.featurizer_.vector(r) for r in responses], self.featurizer_.width)
        heads = {}
        for label in labels:
            y = [str(label in s) for s in label_sets]
            if 2 <= y.count("True") < len(y):
                heads[label] = LinearHead(*_fit_linear(x, y, self.c))
        self.heads_ = heads
        return self

    @functools.cached_property
    def _stacked(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """All binary heads as one matrix, signed towards "True", so a row needs one product."""
        sign = np.array([1.0 if h.classes[-1] == "True" else -1.0 for h in self.heads_.values()])
        coef = np.vstack([h.coef[0] for h in self.heads_.values()]) * sign[:, None]
        intercept = np.array([h.intercept[0] for h in self.heads_.values()]) * sign
        return np.ascontiguousarray(coef.T), intercept, sign

    def proba_row(self, idx: np.ndarray, val: np.ndarray) -> dict[str, float]:
        """Probability of each modelled label for one sparse row."""
        _check_fitted(self, "heads_")
        if not self.heads_:
            return {}
        coef_t, intercept, _ = self._stacked
        p = 1.0 / (1.0 + np.exp(-(val @ coef_t[idx] + intercept)))
        return dict(zip(self.heads_, p.tolist(), strict=True))

    def proba_many(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> list[dict[str, float]]:
        """:meth:`proba_row` of many sparse rows with one matrix product."""
        _check_fitted(self, "heads_")
        if not self.heads_ or not rows:
            return [{} for _ in rows]
        coef_t, intercept, _ = self._stacked
        p = 1.0 / (1.0 + np.exp(-(_products(rows, coef_t) + intercept)))
        return [dict(zip(self.heads_, row, strict=True)) for row in p.tolist()]

    def predict_proba(self, texts: list[str]) -> list[dict[str, float]]:
        """Probability of each modelled label, per text (a response or a clause)."""
        _check_fitted(self, "featurizer_")
        return [self.proba_row(*self.featurizer_.vector(t)) for t in texts]


class StatusModel:
    """Status (整改状态) of a response: a multinomial logistic regression (fitted: ``featurizer_``, ``head_``)."""

    def __init__(self, c: float = 10.0):
        self.c = c

    def fit(self, responses: list[str], labels: list[str], featurizer: Featurizer | None = None) -> StatusModel:
        """Fit on responses and their status labels."""
        self.featurizer_ = featurizer or Featurizer.fit(responses)
        x = _dense([self.featurizer_.vector(r) for r in responses], self.featurizer_.width)
        self.head_ = LinearHead(*_fit_linear(x, labels, self.c))
        return self

    def predict_proba(self, responses: list[str]) -> list[dict[str, float]]:
        """Probability of every status label, per response."""
        _check_fitted(self, "head_")
        return [self.head_.proba(*self.featurizer_.vector(r)) for r in responses]
