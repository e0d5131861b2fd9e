"""Rules + model (混合分类): the public entry that labels every pair.

Rules carry precision (cues from the taxonomy conventions, applied per clause with their
anti-cues); the linear models add calibration and the odd label no cue names. Each label
comes with ``score`` and ``explain`` (the cues or top n-gram features behind it); measures
carry their evidence clause with offsets into the notice text.

>>> from nlp.types import Pair, Span
>>> text = "(一)档案管理不规范问题\\n整改情况:一是印发《档案管理办法》;二是拟开展专项检查。"
>>> issue, response = Span("档案管理不规范", 3, 10), Span("一是印发《档案管理办法》;二是拟开展专项检查。", 18, 43)
>>> pair = Pair(1, "(一)", ["(一)"], 1, "issue", issue, response, issue)
>>> classify_pairs([pair], text, Classifier(models=None))
>>> [m.label for m in pair.measures], pair.status.label
(['rule_making', 'inspection'], 'ongoing')
>>> m = pair.measures[0]; text[m.start:m.end] == m.evidence
True
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from nlp.classify.clauses import Clause, split_clauses
from nlp.classify.features import key_names
from nlp.classify.persistence import ModelBundle
from nlp.classify.rules import domain_rules, measure_rules, status_rule
from nlp.classify.taxonomy import Taxonomy, load_taxonomy
from nlp.normalize import without_glosses
from nlp.types import Classification, Label, Measure, Pair

#: the shipped models: the top-level models/ folder, installed as the package ``nlp.models``
DEFAULT_MODELS_DIR = Path(str(resources.files("nlp.models")))
MODES = ("rules", "model", "hybrid")
#: share of the rule distribution in the fused domain score (when any domain cue fired)
DOMAIN_RULE_SHARE = 0.6
#: without trained models, a pair whose best (rule) domain score is below this is flagged for review;
#: trained models carry their own threshold on the calibrated score (``review_below``)
REVIEW_BELOW = 0.45
#: a measure no cue found is added only when the model is this sure (few training pairs)
MODEL_ONLY_MEASURE = 0.9
#: a measure the model alone proposes in model-only mode
MODEL_MEASURE = 0.5
#: share of the rule in the fused status score, for a cue and for the no-cue fallback
STATUS_RULE_SHARE = {"cue": 0.8, "default": 0.5}
EMPTY_STATUS_SCORE = 0.2


def _top(scores: dict[str, float]) -> tuple[str, float]:
    label = max(scores, key=lambda k: (scores[k], k))
    return label, scores[label]


def calibrate(score: float, slope_intercept: list[float] | None) -> float:
    """Platt scaling: the probability that a label with this fused score is right.

    >>> round(calibrate(0.5, [4.0, 0.0]), 3)
    0.881
    >>> calibrate(0.5, None)
    0.5
    """
    if not slope_intercept:
        return score
    slope, intercept = slope_intercept
    return 1.0 / (1.0 + math.exp(-(slope * score + intercept)))


def _normalise(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0 else {}


@dataclass
class Batch:
    """Model outputs for the pairs of one notice (一批), computed together by :meth:`Classifier.prepare`.

    A value handed back to the classifier, never kept on it: one classifier serves many threads.
    """

    domain: dict[tuple[str, str], tuple] = field(default_factory=dict)
    measures: dict[str, dict[str, float]] = field(default_factory=dict)
    status: dict[str, dict[str, float]] = field(default_factory=dict)


NO_BATCH = Batch()


class Classifier:
    """Domain, measures and status for issue/response pairs (问题整改分类器).

    ``mode`` is ``hybrid`` (default), ``rules`` or ``model``; without models only rules run.
    The classifier holds no per-notice state, so threads may share one.

    >>> Classifier(models=None).classify("涉密载体管理不规范", "").domain.label
    'assets_security'
    """

    def __init__(self, taxonomy: Taxonomy | None = None, models: ModelBundle | None = None, mode: str = "hybrid"):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.taxonomy = taxonomy or load_taxonomy()
        self.models = models
        self.mode = mode if models is not None else "rules"
        #: Platt parameters fitted on cross-validated hybrid scores (``zhenggai train``)
        info = models.info if models is not None else {}
        self.calibration: dict = info.get("calibration") or {}
        #: calibrated domain score below which a label is flagged for review (fitted by ``zhenggai train``)
        self.review_below: float | None = info.get("review_below") if self.mode == "hybrid" else None

    def _calibrated(self, axis: str, score: float) -> float:
        return calibrate(score, self.calibration.get(axis)) if self.mode == "hybrid" else score

    @classmethod
    def load(cls, models_dir: str | Path | None = None, taxonomy_path: str | Path | None = None,
             rules_only: bool = False) -> Classifier:
        """The classifier with the trained models of ``models_dir`` (the shipped ones by default).

        Missing or damaged models raise :class:`~nlp.errors.ModelError`; ``rules_only`` asks for
        the cue rules alone and loads no models.
        """
        taxonomy = load_taxonomy(taxonomy_path)
        if rules_only:
            return cls(taxonomy, None)
        return cls(taxonomy, ModelBundle.load(Path(models_dir) if models_dir else DEFAULT_MODELS_DIR))

    def prepare(self, issues: list[str], responses: list[str]) -> Batch:
        """Featurize a notice's pairs and run the three models over them in one batch each;
        pass the result to :meth:`classify` for each of its pairs."""
        if self.models is None or self.mode == "rules":
            return NO_BATCH
        m = self.models
        issues, plain = [without_glosses(i) for i in issues], [without_glosses(r) for r in responses]
        primed = (m.domain.issue_.prime(issues), m.measures.featurizer_.prime(responses))
        pairs = list(dict.fromkeys(zip(issues, plain, strict=True)))
        rows = [m.domain.row(issue, response, primed) for issue, response in pairs]
        texts = list(dict.fromkeys(responses))
        text_rows = [m.measures.featurizer_.vector(t, primed[1]) for t in texts]
        return Batch(
            domain={pair: (row, probs) for pair, row, probs in zip(pairs, rows, m.domain.head_.proba_many(rows),
                                                                   strict=True)},
            measures=dict(zip(texts, m.measures.proba_many(text_rows), strict=True)),
            status=dict(zip(texts, m.status.head_.proba_many(text_rows), strict=True)),
        )

    def _domain_model(self, issue: str, response: str, batch: Batch) -> tuple:
        cached = batch.domain.get((issue, response))
        if cached:
            return cached
        row = self.models.domain.row(issue, response)
        return row, self.models.domain.head_.proba(*row)

    @functools.cached_property
    def _domain_names(self) -> list[str]:
        """Readable domain feature names, built once on first use of ``explain``."""
        m = self.models.domain
        words = list(m.issue_.segmenter.words) if m.issue_.segmenter else []
        return key_names(m.issue_, words) + key_names(m.response_)

    @functools.cached_property
    def _response_names(self) -> list[str]:
        """Readable response feature names (measures and status), built once on first use."""
        return key_names(self.models.measures.featurizer_)

    # -- domain -----------------------------------------------------------------------------------
    def domain(self, issue: str, response: str, batch: Batch = NO_BATCH) -> Label:
        """Domain label with score, display name, explanation and ``needs_review``; pinyin glosses of
        scraped pages (協(xié)作) are left out of what is read."""
        issue, response = without_glosses(issue), without_glosses(response)
        rules = domain_rules(issue, response, self.taxonomy)
        rule_dist = _normalise({k: v[0] for k, v in rules.items()})
        model_dist, row = {}, None
        if self.mode != "rules":
            row, model_dist = self._domain_model(issue, response, batch)
        if self.mode == "model" or (self.mode == "hybrid" and not rule_dist):
            fused = model_dist
        elif self.mode == "rules":
            fused = rule_dist
        else:
            fused = {k: DOMAIN_RULE_SHARE * rule_dist.get(k, 0.0) + (1 - DOMAIN_RULE_SHARE) * model_dist.get(k, 0.0)
                     for k in self.taxonomy.domain.ids}
        if not fused:
            fused = {k: 1 / len(self.taxonomy.domain.ids) for k in self.taxonomy.domain.ids}
        label, score = _top(fused)
        calibrated = self._calibrated("domain", score)
        review = calibrated < self.review_below if self.review_below is not None else score < REVIEW_BELOW
        explain = [f"cue:{c}" for c in dict.fromkeys(rules[label][1])] if self.mode != "model" else []
        if row is not None and not explain:  # the cues explain a label they drove; else the model's features do
            top = self.models.domain.head_.top_features(*row, label, self._domain_names)
            explain += [f"feature:{f}" for f in top]
        return Label(label, round(calibrated, 4), self.taxonomy.domain.name_of(label), raw_score=round(score, 4),
                     explain=explain, needs_review=review)

    # -- measures ---------------------------------------------------------------------------------
    def _measure(self, label: str, score: float, clause: Clause, cues: list[str], offset: int) -> Measure:
        return Measure(label, round(score, 4), clause.text, offset + clause.start, offset + clause.end,
                       self.taxonomy.measure.name_of(label), cues)

    def _model_clause(self, label: str, clauses: list[Clause]) -> tuple[Clause, list[str]]:
        """The clause the model finds most typical of ``label``, with the features behind it."""
        model = self.models.measures
        rows = [model.featurizer_.vector(c.text) for c in clauses]
        probs = [model.heads_[label].proba(*row)["True"] for row in rows]
        best = max(range(len(clauses)), key=lambda i: (probs[i], -i))
        feats = model.heads_[label].top_features(*rows[best], "True", self._response_names)
        return clauses[best], [f"feature:{f}" for f in feats]

    def measures(self, response: str, offset: int = 0, clauses: list[Clause] | None = None,
                 batch: Batch = NO_BATCH) -> list[Measure]:
        """Measure labels in order of first mention, each with its evidence clause and offsets."""
        clauses = clauses if clauses is not None else split_clauses(response)
        if not clauses:
            return []
        hits = measure_rules(response, self.taxonomy, clauses) if self.mode != "model" else []
        probs = {}
        if self.mode != "rules":
            probs = batch.measures.get(response) or self.models.measures.predict_proba([response])[0]
        out = []
        for hit in hits:
            score = 0.5 + 0.5 * probs[hit.label] if hit.label in probs else 0.75
            cue_texts = [f"cue:{c.text}" for c in hit.cues]
            out.append((hit.first, self._measure(hit.label, score, hit.clause, cue_texts, offset)))
        found = {h.label for h in hits}
        threshold = MODEL_MEASURE if self.mode == "model" else MODEL_ONLY_MEASURE
        for label in self.taxonomy.measure.ids:
            if label not in found and probs.get(label, 0.0) >= threshold:
                clause, feats = self._model_clause(label, clauses)
                out.append((clause.start, self._measure(label, probs[label], clause, feats, offset)))
        return [m for _, m in sorted(out, key=lambda pm: pm[0])]

    # -- status -----------------------------------------------------------------------------------
    def status(self, response: str, measure_labels: list[str], offset: int = 0,
               clauses: list[Clause] | None = None, batch: Batch = NO_BATCH) -> Label:
        """Status label with score, display name and the evidence (the clause of the deciding cue)."""
        axis = self.taxonomy.status
        if not response.strip():
            label = axis.default.get("otherwise", axis.ids[-1])
            return Label(label, EMPTY_STATUS_SCORE, axis.name_of(label), evidence="")
        hit = status_rule(response, measure_labels, self.taxonomy)
        fused = {hit.label: hit.score} if self.mode == "rules" else {}
        if self.mode != "rules":
            model = batch.status.get(response) or self.models.status.predict_proba([response])[0]
            share = STATUS_RULE_SHARE["cue" if hit.cue else "default"] if self.mode == "hybrid" else 0.0
            rule = {k: (hit.score if k == hit.label else (1 - hit.score) / (len(axis.ids) - 1)) for k in axis.ids}
            fused = {k: share * rule[k] + (1 - share) * model.get(k, 0.0) for k in axis.ids}
        label, score = _top(fused)
        result = Label(label, round(self._calibrated("status", score), 4), axis.name_of(label),
                       raw_score=round(score, 4), evidence="")
        if hit.cue and label == hit.label:
            clauses = clauses if clauses is not None else split_clauses(response)
            clause = next((c for c in clauses if c.start <= hit.cue.start < c.end + 1), None)
            if clause:
                result.evidence, result.cue = clause.text, hit.cue.text
                result.start, result.end = offset + clause.start, offset + clause.end
        return result

    def classify(self, issue: str, response: str, response_start: int = 0, batch: Batch = NO_BATCH) -> Classification:
        """All three axes for one pair; measure offsets are ``response_start`` + clause offsets.

        ``batch`` is what :meth:`prepare` returned for the pairs of this pair's notice.
        """
        clauses = split_clauses(response)
        measures = self.measures(response, response_start, clauses, batch)
        return Classification(self.domain(issue, response, batch), measures,
                              self.status(response, [m.label for m in measures], response_start, clauses, batch))


@functools.cache
def default_classifier() -> Classifier:
    """The classifier with the shipped models (loaded once)."""
    return Classifier.load()


def classify_pairs(pairs: list[Pair], text: str, classifier: Classifier | None = None) -> None:
    """Fill ``domain``, ``measures`` and ``status`` of every pair in place.

    ``text`` is the notice text the pairs' offsets point into; measure ``start``/``end`` index it.
    """
    clf = classifier or default_classifier()
    batch = clf.prepare([p.issue.text for p in pairs], [p.response.text if p.response else "" for p in pairs])
    for pair in pairs:
        response = pair.response.text if pair.response else ""
        start = pair.response.start if pair.response else 0
        if response and text[start:start + len(response)] != response:
            start = max(text.find(response), 0)
        result = clf.classify(pair.issue.text, response, start, batch)
        pair.domain, pair.measures, pair.status = result.domain, result.measures, result.status
