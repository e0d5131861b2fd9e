"""Training (训练) and cross-validation (交叉验证) of the classifier.

The training data are described in :mod:`nlp.classify.corpus`: the reference notice's labelled
pairs, hand-written headings and the labelled headings of real notices. Everything is
deterministic: inputs are sorted, folds are fixed, solvers are seeded.

>>> folds = fold_ids(7, 3)
>>> folds
[0, 1, 2, 0, 1, 2, 0]
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

from nlp.classify.corpus import REAL_FILES, group_folds, load_headings, load_pairs, load_real_notices, real_headings
from nlp.classify.features import Featurizer, WordSegmenter
from nlp.classify.hybrid import MODES, Classifier, calibrate
from nlp.classify.linear import DomainModel, MeasureModel, StatusModel
from nlp.classify.persistence import ModelBundle
from nlp.classify.taxonomy import Taxonomy, load_taxonomy
from nlp.evaluate import calibration_error, macro_f1, prf
from nlp.export.table import pad

#: the accuracy the labels not flagged for review should reach
REVIEW_TARGET = 0.95
MODE_NAMES = {"rules": "规则 rules-only", "model": "模型 model-only", "hybrid": "混合 hybrid"}


def fold_ids(n: int, k: int) -> list[int]:
    """Fold of each of ``n`` items in their fixed order: round robin, so every fold spans the notice."""
    return [i % k for i in range(n)]


def fit_domain(pairs: list[dict], headings: list[dict], words_path: Path,
               response_features: Featurizer | None = None) -> DomainModel:
    """Fit the domain model on ``pairs`` (issue + response) and ``headings`` (issue only)."""
    issues = [p["heading"] for p in pairs] + [h["heading"] for h in headings]
    responses = [p["response"] for p in pairs]
    segmenter = WordSegmenter.fit(issues, words_path)
    shared = response_features or Featurizer.fit(responses or [""])
    return DomainModel().fit(issues, responses + [""] * len(headings),
                             [p["domain"] for p in pairs] + [h["domain"] for h in headings], segmenter, shared)


def fit_bundle(pairs: list[dict], headings: list[dict], taxonomy: Taxonomy, words_path: Path) -> ModelBundle:
    """Fit the three models on ``pairs`` (+ ``headings`` for the domain)."""
    responses = [p["response"] for p in pairs]
    shared = Featurizer.fit(responses)
    domain = fit_domain(pairs, headings, words_path, shared)
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
    return {"domain": out.domain.label, "measures": [m.label for m in out.measures],
            "status": out.status.label, "domain_score": out.domain.raw_score,
            # a pair without a response (a corrected feedback item) has no fused status score
            "status_score": out.status.raw_score if out.status.raw_score is not None else out.status.score}


def cross_validate(k: int = 5, corpus_dir: str | Path = "corpus", taxonomy: Taxonomy | None = None,
                   progress: Callable[[str], None] | None = None) -> dict:
    """Cross-validation of rules-only, model-only and hybrid (交叉验证), in two parts.

    ``domain``: grouped by notice (GroupKFold) over the reference notice's pairs and the real
    headings, so no notice is on both sides; hand-written headings are used for training only.
    ``pairs``: measures and status, whose labelled responses all come from the reference notice,
    so these folds split one notice (round robin) and are optimistic.
    """
    return _cross_validate(k, load_data(corpus_dir), taxonomy or load_taxonomy(), progress)


def load_data(corpus_dir: str | Path) -> dict:
    """Every labelled source of :mod:`nlp.classify.corpus`, read once."""
    corpus = Path(corpus_dir)
    notices = load_real_notices(corpus)
    return {"pairs": load_pairs(corpus), "synthetic": load_headings(corpus), "real": real_headings(notices),
            "notices": notices}


def _cross_validate(k: int, data: dict, taxonomy: Taxonomy, progress: Callable[[str], None] | None) -> dict:
    pairs, synthetic, real = data["pairs"], data["synthetic"], data["real"]
    with tempfile.TemporaryDirectory() as tmp:
        domain = _cv_domain(k, pairs, real, synthetic, taxonomy, Path(tmp), progress)
        paired = _cv_pairs(k, pairs, synthetic + real, taxonomy, Path(tmp), progress)
    return {"k": k, "domain": domain, "pairs": paired}


def _cv_domain(k: int, pairs: list[dict], real: list[dict], synthetic: list[dict], taxonomy: Taxonomy,
               tmp: Path, progress: Callable[[str], None] | None) -> dict:
    rows = pairs + [{**h, "response": ""} for h in real]
    folds = group_folds([r["group"] for r in rows], k)
    preds: dict[str, list] = {mode: [None] * len(rows) for mode in MODES}
    for fold in range(k):
        train = [r for r, f in zip(rows, folds, strict=True) if f != fold]
        model = fit_domain([r for r in train if r["response"]], [r for r in train if not r["response"]] + synthetic,
                           tmp / f"words{fold}.txt")
        for mode in MODES:
            clf = Classifier(taxonomy, ModelBundle(model, None, None), mode)
            for i in (i for i, f in enumerate(folds) if f == fold):
                out = clf.domain(rows[i]["heading"], rows[i]["response"])
                preds[mode][i] = (out.label, out.raw_score)
        if progress:
            progress(f"domain fold {fold + 1}/{k}")
    gold = [r["domain"] for r in rows]
    scores = [[score, label == g] for (label, score), g in zip(preds["hybrid"], gold, strict=True)]
    return {"n": len(rows), "notices": len({r["group"] for r in rows}),
            "variants": {mode: _domain_figures(gold, preds[mode]) for mode in MODES},
            "calibrated": nested_calibration(scores, folds, k), "scores": scores,
            "errors": [{"heading": r["heading"], "gold": g, "pred": p[0], "group": r["group"]}
                       for r, g, p in zip(rows, gold, preds["hybrid"], strict=True) if p[0] != g]}


def _domain_figures(gold: list[str], pred: list[tuple[str, float]]) -> dict:
    pairs = [(g, p[0]) for g, p in zip(gold, pred, strict=True)]
    n = len(pairs) or 1
    return {"domain_acc": round(sum(a == b for a, b in pairs) / n, 4),
            "domain_macro_f1": round(macro_f1(pairs) or 0.0, 4),
            "domain_ece": round(calibration_error([p[1] for p in pred], [a == b for a, b in pairs]), 4)}


def _cv_pairs(k: int, pairs: list[dict], headings: list[dict], taxonomy: Taxonomy, tmp: Path,
              progress: Callable[[str], None] | None) -> dict:
    folds = fold_ids(len(pairs), k)
    preds: dict[str, list] = {mode: [None] * len(pairs) for mode in MODES}
    for fold in range(k):
        bundle = fit_bundle([p for p, f in zip(pairs, folds, strict=True) if f != fold], headings, taxonomy,
                            tmp / f"pairs{fold}.txt")
        for mode in MODES:
            clf = Classifier(taxonomy, bundle, mode)
            for i in (i for i, f in enumerate(folds) if f == fold):
                preds[mode][i] = _predict(clf, pairs[i])
        if progress:
            progress(f"pairs fold {fold + 1}/{k}")
    scores = [[p["status_score"], p["status"] == g["status"]] for p, g in zip(preds["hybrid"], pairs, strict=True)]
    return {"n": len(pairs), "variants": {mode: score_predictions(pairs, preds[mode]) for mode in MODES},
            "scores": scores}


def platt(rows: list[list]) -> list[float] | None:
    """Platt parameters (slope, intercept): a logistic regression of "the label was right" on the score.

    With one class only (every label right, or every one wrong) there is nothing to fit: ``None``.

    >>> platt([[0.9, True], [0.8, True]]) is None
    True
    """
    from sklearn.linear_model import LogisticRegression

    correct = [bool(ok) for _, ok in rows]
    if len(set(correct)) < 2:
        return None
    model = LogisticRegression(C=1.0).fit([[score] for score, _ in rows], correct)
    return [round(float(model.coef_[0][0]), 6), round(float(model.intercept_[0]), 6)]


def review_threshold(probs: list[float], correct: list[bool], target: float = REVIEW_TARGET) -> float:
    """The lowest score at or above which at least ``target`` of the labels were right.

    >>> review_threshold([0.2, 0.5, 0.8, 0.95], [False, True, True, True], 0.9)
    0.5
    """
    ranked = sorted(zip(probs, correct, strict=True), key=lambda pc: -pc[0])
    best, hits = 1.0, 0
    for n, (prob, ok) in enumerate(ranked, 1):
        hits += ok
        if hits / n >= target and (n == len(ranked) or ranked[n][0] < prob):
            best = prob
    return round(best, 4)


def nested_calibration(scores: list[list], folds: list[int], k: int) -> dict:
    """Calibration and review judged on folds the calibration never saw.

    For each fold, Platt scaling and the review threshold are fitted on the other folds'
    cross-validated scores and applied to this fold. Returns the ECE of the calibrated scores,
    the accuracy of the labels not flagged for review, the share flagged and the share of the
    errors the flag catches.
    """
    probs, flagged = [0.0] * len(scores), [False] * len(scores)
    for fold in range(k):
        train = [s for s, f in zip(scores, folds, strict=True) if f != fold]
        params = platt(train)
        threshold = review_threshold([calibrate(s, params) for s, _ in train], [ok for _, ok in train])
        for i in (i for i, f in enumerate(folds) if f == fold):
            probs[i] = calibrate(scores[i][0], params)
            flagged[i] = probs[i] < threshold
    correct = [bool(ok) for _, ok in scores]
    kept = [ok for ok, flag in zip(correct, flagged, strict=True) if not flag]
    missed = [flag for ok, flag in zip(correct, flagged, strict=True) if not ok]
    return {"ece": round(calibration_error(probs, correct), 4),
            "kept_acc": round(sum(kept) / len(kept), 4) if kept else None,
            "review_share": round(sum(flagged) / len(flagged), 4) if flagged else 0.0,
            "errors_caught": round(sum(missed) / len(missed), 4) if missed else None}


def format_cv_report(report: dict) -> str:
    """The cross-validation report as two text tables (variants side by side).

    >>> figures = {"domain_acc": 0.9, "domain_macro_f1": 0.8, "domain_ece": 0.1}
    >>> report = {"k": 5, "domain": {"n": 9, "notices": 3, "variants": {"hybrid": figures}},
    ...           "pairs": {"n": 4, "variants": {"hybrid": {"status_acc": 1.0}}}}
    >>> print(format_cv_report(report).splitlines()[2])
    领域准确率 domain accuracy                       0.900
    """
    domain, pairs = report["domain"], report["pairs"]
    lines = [f"domain: {report['k']}-fold cross-validation grouped by notice, {domain['n']} labelled issues "
             f"of {domain['notices']} notices (no notice on both sides)"]
    lines += _table(domain["variants"], [("领域准确率 domain accuracy", "domain_acc"),
                                         ("领域宏F1 domain macro-F1", "domain_macro_f1"),
                                         ("领域原始分数校准误差 raw-score ECE", "domain_ece")])
    cal = domain.get("calibrated")
    if cal:
        lines.append(f"hybrid, calibrated on the other folds: ECE {_fmt(cal['ece'])}; not flagged for review: "
                     f"accuracy {_fmt(cal['kept_acc'])}; flagged {_fmt(cal['review_share'])} of labels, "
                     f"catching {_fmt(cal['errors_caught'])} of the errors")
    lines += ["", f"measures and status: {report['k']}-fold cross-validation within the reference notice, "
              f"{pairs['n']} pairs (one notice split: optimistic)"]
    lines += _table(pairs["variants"], [("措施精确率 measure precision", "measure_p"),
                                        ("措施召回率 measure recall", "measure_r"),
                                        ("措施微F1 measure micro-F1", "measure_f1"),
                                        ("状态准确率 status accuracy", "status_acc"),
                                        ("状态分数校准误差 status ECE", "status_ece")])
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _table(variants: dict, rows: list[tuple[str, str]]) -> list[str]:
    modes = list(variants)
    lines = [pad("", 34) + "".join(pad(MODE_NAMES.get(m, m), 20, right=True) for m in modes)]
    for title, key in rows:
        if all(key in variants[m] for m in modes):
            lines.append(pad(title, 34) + "".join(pad(f"{variants[m][key]:.3f}", 20, right=True) for m in modes))
    return lines


def reliability_bins(probs: list[float], correct: list[bool], bins: int = 10) -> list[tuple[float, float, int]]:
    """(mean score, accuracy, count) of each non-empty equal-width score bin.

    >>> reliability_bins([0.95, 0.92, 0.15], [True, False, False])
    [(0.15, 0.0, 1), (0.935, 0.5, 2)]
    """
    out = []
    for b in range(bins):
        members = [i for i, p in enumerate(probs) if min(int(p * bins), bins - 1) == b]
        if members:
            out.append((round(sum(probs[i] for i in members) / len(members), 4),
                        round(sum(correct[i] for i in members) / len(members), 4), len(members)))
    return out


def write_reliability_diagram(report: dict, calibration: dict, path: Path) -> None:
    """A reliability diagram (PNG) of the cross-validated domain scores, raw and calibrated."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    scores = report["domain"]["scores"]
    correct = [bool(ok) for _, ok in scores]
    raw = [s for s, _ in scores]
    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=100)
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", label="perfect")
    for name, probs, colour in (("raw score", raw, "#E69F00"),
                                ("calibrated", [calibrate(s, calibration.get("domain")) for s in raw], "#0072B2")):
        pts = reliability_bins(probs, correct)
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color=colour,
                label=f"{name} (ECE {calibration_error(probs, correct):.3f})")
    ax.set(xlabel="stated score", ylabel="observed accuracy", xlim=(0, 1), ylim=(0, 1),
           title=f"domain, grouped CV ({len(scores)} labels)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _data_digest(corpus_dir: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted([*corpus_dir.glob("*.labels.jsonl"), *(corpus_dir / name for name in REAL_FILES)]):
        if path.exists():
            sha.update(path.name.encode())
            sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def _counts(rows: list[dict]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["domain"]] = counts.get(row["domain"], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def _model_card(data: dict, report: dict, info: dict) -> str:
    cal = info.get("calibration", {})
    return "\n".join([
        "# MODEL CARD — zhenggai classifier (整改分类模型)",
        "",
        "Written by `zhenggai train` (`nlp.classify.training.train`); do not edit by hand.",
        "",
        f"- data date: {info['data_date']} (latest publish date of the labelled notices)",
        f"- data digest (sha256 of corpus/*.labels.jsonl, corpus/real/notices.jsonl and heldout.jsonl): "
        f"`{info['data_digest']}`",
        f"- labelled pairs (domain, measures, status): {len(data['pairs'])}, of which reviewers' corrections "
        f"(`zhenggai train --corrections`): {info.get('corrections', 0)}",
        f"- real notices: {len(data['notices'])} notices, {len(data['real'])} labelled issue headings (domain),"
        " each with its source url in corpus/real/notices.jsonl and heldout.jsonl",
        f"- hand-written headings (training only): {len(data['synthetic'])}",
        "- domain counts (all training rows): " + _counts(data["pairs"] + data["real"] + data["synthetic"]),
        "",
        "## Models",
        "",
        "Logistic regressions (scikit-learn, `class_weight=balanced`, fixed seed) over TF-IDF of",
        "character 1–3-grams of the normalised text; the domain model adds jieba words of the issue",
        "and weights the response by 0.5. Measures: one binary model per label (labels with < 2",
        "positives are not modelled). Stored as numpy arrays (`classifier.npz`, loaded with",
        "`allow_pickle=False`) and a JSON manifest; `words.txt` is the jieba vocabulary.",
        "",
        "The hybrid fuses these with the cue rules of `nlp/data/taxonomy.yaml`. Its domain and status",
        "scores are Platt-scaled (a one-feature logistic regression of \"the label was right\" on the",
        "fused score, fitted on the cross-validated predictions below), so `score` reads as a",
        "probability; `raw_score` keeps the fused value. A domain whose calibrated score is below",
        f"{info.get('review_below')} is flagged `needs_review` (the lowest score above which at least",
        f"{REVIEW_TARGET:.0%} of cross-validated labels were right).",
        "Platt parameters (slope, intercept): " + ", ".join(f"{a} {v}" for a, v in sorted(cal.items())) + ".",
        "",
        "## Cross-validated figures",
        "",
        "```",
        format_cv_report(report),
        "```",
        "",
        "![reliability diagram](reliability.png)",
        "",
        "The calibrated-score line is nested: each fold's scores are scaled with parameters fitted on",
        "the other folds only. Caveat: the measure and status cue rules were written while reading the",
        "reference notice, so those figures are optimistic for notices of other bodies and styles.",
        "",
    ])


def corrected_pairs(path: str | Path) -> list[dict]:
    """Reviewers' corrections (``zhenggai review import``) as labelled pairs, grouped by notice.

    Raises a :class:`~nlp.errors.ZhenggaiError` naming the line for a file that is not one of corrections.
    """
    from nlp.review import load_corrections

    return [{"heading": row.get("issue") or "", "response": row.get("response") or "",
             "domain": row["new"]["domain"], "measures": row["new"]["measures"], "status": row["new"]["status"],
             "group": f"corrected:{row['sha256']}"} for row in load_corrections(path).values()]


def train(corpus_dir: str | Path = "corpus", models_dir: str | Path = "models", k: int = 5,
          progress: Callable[[str], None] | None = None, corrections: str | Path | None = None) -> dict:
    """Rebuild ``models_dir`` from ``corpus_dir`` (and reviewers' ``corrections``) deterministically
    and write its MODEL_CARD.md.

    Returns a summary: counts, the data digest and the cross-validation report.
    """
    corpus, out = Path(corpus_dir), Path(models_dir)
    taxonomy = load_taxonomy()
    data = load_data(corpus)
    extra = corrected_pairs(corrections) if corrections else []
    data["pairs"] = data["pairs"] + extra
    if not data["pairs"]:
        raise ValueError(f"no labelled pairs (*.labels.jsonl) in {corpus}")
    report = _cross_validate(k, data, taxonomy, progress)
    bundle = fit_bundle(data["pairs"], data["synthetic"] + data["real"], taxonomy, out / "words.txt")
    calibration = {axis: params for axis, params in (("domain", platt(report["domain"]["scores"])),
                                                     ("status", platt(report["pairs"]["scores"]))) if params}
    domain_probs = [calibrate(s, calibration.get("domain")) for s, _ in report["domain"]["scores"]]
    dates = [p.get("publish_date") or "" for p in data["pairs"]] + [n.get("date") or "" for n in data["notices"]]
    bundle.info = {"pairs": len(data["pairs"]), "corrections": len(extra),
                   "headings": len(data["synthetic"]) + len(data["real"]),
                   "data_digest": _data_digest(corpus), "data_date": max(dates) or "unknown",
                   "calibration": calibration,
                   "review_below": review_threshold(domain_probs, [ok for _, ok in report["domain"]["scores"]])}
    bundle.save(out)
    write_reliability_diagram(report, calibration, out / "reliability.png")
    (out / "MODEL_CARD.md").write_text(_model_card(data, report, bundle.info), encoding="utf-8")
    return {**{k: v for k, v in bundle.info.items() if k != "calibration"}, "models_dir": str(out),
            "cv": format_cv_report(report)}
