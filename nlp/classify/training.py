"""Training (训练) and cross-validation (交叉验证) of the classifier.

The training data are the labelled pairs (``corpus/*.labels.jsonl`` except ``headings``) and
the labelled headings (``corpus/headings.labels.jsonl``, domain only). Everything is
deterministic: inputs are sorted, folds are fixed, solvers are seeded.

>>> folds = fold_ids(7, 3)
>>> folds
[0, 1, 2, 0, 1, 2, 0]
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from nlp.classify.hybrid import MODES, Classifier
from nlp.classify.model import DomainModel, Featurizer, MeasureModel, ModelBundle, StatusModel, WordSegmenter
from nlp.classify.taxonomy import Taxonomy, load_taxonomy
from nlp.evaluate import calibration_error, macro_f1, prf
from nlp.export import pad

HEADINGS_FILE = "headings.labels.jsonl"
MODE_NAMES = {"rules": "规则 rules-only", "model": "模型 model-only", "hybrid": "混合 hybrid"}


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_pairs(corpus_dir: str | Path = "corpus") -> list[dict]:
    """Labelled pairs (标注问题对) of every ``*.labels.jsonl`` but the headings file, in a fixed order."""
    files = sorted(p for p in Path(corpus_dir).glob("*.labels.jsonl") if p.name != HEADINGS_FILE)
    return [row for path in files for row in _read_jsonl(path)]


def load_headings(corpus_dir: str | Path = "corpus") -> list[dict]:
    """Labelled issue headings (标注问题标题): ``{heading, domain}`` rows."""
    path = Path(corpus_dir) / HEADINGS_FILE
    return _read_jsonl(path) if path.exists() else []


def fold_ids(n: int, k: int) -> list[int]:
    """Fold of each of ``n`` items in their fixed order: round robin, so every fold spans the notice."""
    return [i % k for i in range(n)]


def fit_bundle(pairs: list[dict], headings: list[dict], taxonomy: Taxonomy, words_path: Path) -> ModelBundle:
    """Fit the three models on ``pairs`` (+ ``headings`` for the domain)."""
    issues = [p["heading"] for p in pairs] + [h["heading"] for h in headings]
    responses = [p["response"] for p in pairs]
    segmenter = WordSegmenter.fit(issues, words_path)
    shared = Featurizer.fit(responses)
    domain = DomainModel().fit(issues, responses + [""] * len(headings),
                               [p["domain"] for p in pairs] + [h["domain"] for h in headings], segmenter, shared)
    measures = MeasureModel().fit(responses, [p["measures"] for p in pairs], taxonomy.measure.ids, shared)
    status = StatusModel().fit(responses, [p["status"] for p in pairs], shared)
    return ModelBundle(domain, measures, status)


def score_predictions(gold: list[dict], pred: list[dict]) -> dict:
    """The figures of ``shared/tools/score.py`` over matched pairs: domain accuracy and macro-F1,
    measure micro-F1 (with P and R), status accuracy.

    >>> score_predictions([{"domain": "a", "measures": ["x"], "status": "completed"}],
    ...                   [{"domain": "a", "measures": ["x", "y"], "status": "ongoing"}])["measure_f1"]
    0.6667
    """
    domains = [(g["domain"], p["domain"]) for g, p in zip(gold, pred, strict=True)]
    statuses = [(g["status"], p["status"]) for g, p in zip(gold, pred, strict=True)]
    tp = sum(len(set(g["measures"]) & set(p["measures"])) for g, p in zip(gold, pred, strict=True))
    m_p, m_r, m_f = prf(tp, sum(len(set(g["measures"])) for g in gold), sum(len(set(p["measures"])) for p in pred))
    n = len(gold) or 1
    figures = {"n": len(gold),
               "domain_acc": round(sum(a == b for a, b in domains) / n, 4),
               "domain_macro_f1": round(macro_f1(domains) or 0.0, 4),
               "measure_p": round(m_p, 4), "measure_r": round(m_r, 4), "measure_f1": round(m_f, 4),
               "status_acc": round(sum(a == b for a, b in statuses) / n, 4)}
    for axis, pairs in (("domain", domains), ("status", statuses)):
        if all(f"{axis}_score" in p for p in pred):
            scores = [p[f"{axis}_score"] for p in pred]
            figures[f"{axis}_ece"] = round(calibration_error(scores, [a == b for a, b in pairs]), 4)
    return figures


def _predict(clf: Classifier, pair: dict) -> dict:
    out = clf.classify(pair["heading"], pair["response"])
    return {"domain": out["domain"]["label"], "measures": [m["label"] for m in out["measures"]],
            "status": out["status"]["label"], "domain_score": out["domain"]["score"],
            "status_score": out["status"]["score"]}


def cross_validate(k: int = 5, corpus_dir: str | Path = "corpus", taxonomy: Taxonomy | None = None,
                   progress: Callable[[str], None] | None = None) -> dict:
    """k-fold cross-validation over the labelled pairs, for rules-only, model-only and hybrid.

    Each fold's models are fitted on the other folds' pairs plus all headings, then every variant
    labels the held-out pairs. Returns ``{"k", "n", "variants": {mode: figures}}``.
    """
    taxonomy = taxonomy or load_taxonomy()
    pairs, headings = load_pairs(corpus_dir), load_headings(corpus_dir)
    folds = fold_ids(len(pairs), k)
    preds: dict[str, list[dict | None]] = {mode: [None] * len(pairs) for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(k):
            train_rows = [p for p, f in zip(pairs, folds, strict=True) if f != fold]
            bundle = fit_bundle(train_rows, headings, taxonomy, Path(tmp) / f"words{fold}.txt")
            for mode in MODES:
                clf = Classifier(taxonomy, bundle, mode)
                for i, f in enumerate(folds):
                    if f == fold:
                        preds[mode][i] = _predict(clf, pairs[i])
            if progress:
                progress(f"fold {fold + 1}/{k}")
    return {"k": k, "n": len(pairs),
            "variants": {mode: score_predictions(pairs, preds[mode]) for mode in MODES},
            "hybrid_scores": {axis: [[p[f"{axis}_score"], p[axis] == g[axis]] for p, g in zip(preds["hybrid"], pairs,
                                                                                            strict=True)]
                              for axis in ("domain", "status")}}


def fit_calibration(report: dict) -> dict[str, list[float]]:
    """Platt parameters (slope, intercept) per axis from the cross-validated hybrid scores.

    A one-feature logistic regression of "was the label right" on the fused score; with one
    class only (every label right) there is nothing to fit and the axis is left out.
    """
    from sklearn.linear_model import LogisticRegression

    out = {}
    for axis, rows in report.get("hybrid_scores", {}).items():
        correct = [bool(ok) for _, ok in rows]
        if len(set(correct)) < 2:
            continue
        model = LogisticRegression(C=1.0).fit([[score] for score, _ in rows], correct)
        out[axis] = [round(float(model.coef_[0][0]), 6), round(float(model.intercept_[0]), 6)]
    return out





def format_cv_report(report: dict) -> str:
    """The cross-validation report as a text table (variants side by side).

    >>> print(format_cv_report({"k": 5, "n": 1, "variants": {"hybrid": {"domain_acc": 1.0, "domain_macro_f1": 1.0,
    ...     "measure_p": 1.0, "measure_r": 1.0, "measure_f1": 1.0, "status_acc": 1.0}}}).splitlines()[2])
    领域准确率 domain accuracy                       1.000
    """
    rows = [("领域准确率 domain accuracy", "domain_acc"), ("领域宏F1 domain macro-F1", "domain_macro_f1"),
            ("措施精确率 measure precision", "measure_p"), ("措施召回率 measure recall", "measure_r"),
            ("措施微F1 measure micro-F1", "measure_f1"), ("状态准确率 status accuracy", "status_acc"),
            ("领域分数校准误差 domain ECE", "domain_ece"), ("状态分数校准误差 status ECE", "status_ece")]
    modes = list(report["variants"])
    lines = [f"{report['k']}-fold cross-validation over {report['n']} pairs never seen in training",
             pad("", 34) + "".join(pad(MODE_NAMES.get(m, m), 20, right=True) for m in modes)]
    for title, key in rows:
        if not all(key in report["variants"][m] for m in modes):
            continue
        cells = [pad(f"{report['variants'][m][key]:.3f}", 20, right=True) for m in modes]
        lines.append(pad(title, 34) + "".join(cells))
    return "\n".join(lines)


def _data_digest(corpus_dir: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(corpus_dir.glob("*.labels.jsonl")):
        sha.update(path.name.encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def _model_card(pairs: list[dict], headings: list[dict], report: dict, digest: str, date: str) -> str:
    counts: dict[str, int] = {}
    for row in pairs + headings:
        counts[row["domain"]] = counts.get(row["domain"], 0) + 1
    return "\n".join([
        "# MODEL CARD — zhenggai classifier (整改分类模型)",
        "",
        "Written by `nlp.classify.training.train`; do not edit by hand.",
        "",
        f"- data date: {date} (latest publish date of the labelled notices)",
        f"- data digest (sha256 of corpus/*.labels.jsonl): `{digest}`",
        f"- labelled pairs: {len(pairs)}; synthetic labelled headings (domain only): {len(headings)}",
        "- domain counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
        "",
        "## Models",
        "",
        "Logistic regressions (scikit-learn, `class_weight=balanced`, fixed seed) over TF-IDF of",
        "character 1–3-grams of the normalised text; the domain model adds jieba words of the issue",
        "and weights the response by 0.5. Measures: one binary model per label (labels with < 2",
        "positives are not modelled). Stored as numpy arrays (`classifier.npz`, loaded with",
        "`allow_pickle=False`) and a JSON manifest; `words.txt` is the jieba vocabulary.",
        "",
        "The hybrid combines these with the cue rules of `nlp/data/taxonomy.yaml`. Its domain and",
        "status scores are then Platt-scaled (a one-feature logistic regression of \"the label was",
        "right\" on the fused score, fitted on the cross-validated predictions below), so `score` reads",
        "as a probability; `raw_score` keeps the fused value and `needs_review` is decided on it.",
        "Platt parameters (slope, intercept): "
        + ", ".join(f"{axis} {values}" for axis, values in sorted(report.get("calibration", {}).items())) + ".",
        "",
        "## Cross-validated figures",
        "",
        "```",
        format_cv_report(report),
        "```",
        "",
        "Caveat: the cue rules were written while reading the same reference notice, so the",
        "rules-only and hybrid figures are optimistic for notices of other bureaus and styles.",
        "",
    ])


def train(corpus_dir: str | Path = "corpus", models_dir: str | Path = "models", k: int = 5,
          progress: Callable[[str], None] | None = None) -> dict:
    """Rebuild ``models_dir`` from ``corpus_dir`` deterministically and write its MODEL_CARD.md.

    Returns a summary: counts, the data digest and the cross-validation report.
    """
    corpus, out = Path(corpus_dir), Path(models_dir)
    taxonomy = load_taxonomy()
    pairs, headings = load_pairs(corpus), load_headings(corpus)
    if not pairs:
        raise ValueError(f"no labelled pairs (*.labels.jsonl) in {corpus}")
    report = cross_validate(k, corpus, taxonomy, progress)
    digest = _data_digest(corpus)
    date = max((p.get("publish_date") or "") for p in pairs) or "unknown"
    bundle = fit_bundle(pairs, headings, taxonomy, out / "words.txt")
    calibration = fit_calibration(report)
    report["calibration"] = calibration
    bundle.info = {"pairs": len(pairs), "headings": len(headings), "data_digest": digest, "data_date": date,
                   "calibration": calibration}
    bundle.save(out)
    (out / "MODEL_CARD.md").write_text(_model_card(pairs, headings, report, digest, date), encoding="utf-8")
    return {"pairs": len(pairs), "headings": len(headings), "data_digest": digest, "data_date": date,
            "models_dir": str(out), "cv": {k: v for k, v in report.items() if k != "hybrid_scores"}}
