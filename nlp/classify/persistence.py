"""Saving and loading the fitted models (模型存储): numpy arrays (npz, no pickle) + a JSON manifest.

A models folder holds ``classifier.npz`` (vocabularies, coefficients), ``classifier.json``
(class names, training info, calibration) and ``words.txt`` (the word list of the segmenter).
Loading runs no code from the files; a missing or damaged file is a :class:`~nlp.errors.ModelError`.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp.classify.features import Featurizer, Vocabulary, WordSegmenter
from nlp.classify.linear import DomainModel, LinearHead, MeasureModel, StatusModel
from nlp.errors import ModelError

FORMAT = "zhenggai.classifier/1"
FILES = ("classifier.npz", "classifier.json")


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


def _read_words(path: Path) -> dict[str, int]:
    words = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, freq = line.rpartition(" ")
            words[word] = int(freq)
    return words


@dataclass
class ModelBundle:
    """The three fitted models (模型包). They share one response featurizer, so a response is featurized once.

    >>> ModelBundle.load("/nonexistent")
    Traceback (most recent call last):
    nlp.errors.ModelError: /nonexistent: no trained models (classifier.npz, classifier.json); run zhenggai train
    """

    domain: DomainModel
    measures: MeasureModel
    status: StatusModel
    info: dict = field(default_factory=dict)

    def save(self, models_dir: str | Path) -> None:
        """Write the bundle to ``models_dir`` (arrays round-trip exactly; no pickle)."""
        out = Path(models_dir)
        out.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        heads: dict[str, list[str]] = {}
        _put_vocab(arrays, "domain.issue.chars", self.domain.issue_.chars)
        _put_vocab(arrays, "domain.issue.words", self.domain.issue_.words)
        _put_head(arrays, heads, "domain.head", self.domain.head_)
        _put_vocab(arrays, "response.chars", self.measures.featurizer_.chars)
        for label, head in self.measures.heads_.items():
            _put_head(arrays, heads, f"measures.head.{label}", head)
        _put_head(arrays, heads, "status.head", self.status.head_)
        with open(out / "classifier.npz", "wb") as fh:
            np.savez_compressed(fh, **arrays)
        manifest = {"format": FORMAT, "heads": heads, "measure_labels": list(self.measures.heads_), "info": self.info}
        (out / "classifier.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                             encoding="utf-8")

    @classmethod
    def load(cls, models_dir: str | Path) -> ModelBundle:
        """Load a bundle written by :meth:`save` (``allow_pickle=False``: loading runs no code)."""
        src = Path(models_dir)
        if not all((src / name).is_file() for name in FILES):
            raise ModelError(f"{src}: no trained models ({', '.join(FILES)}); run zhenggai train")
        try:
            return cls._load(src)
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            raise ModelError(f"{src}: damaged model files ({type(exc).__name__}: {exc})") from exc

    @classmethod
    def _load(cls, src: Path) -> ModelBundle:
        manifest = json.loads((src / "classifier.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}, expected {FORMAT!r}")
        heads = manifest["heads"]
        with np.load(src / "classifier.npz", allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        segmenter = WordSegmenter(_read_words(src / "words.txt"), src / "words.txt")
        response = Featurizer(_get_vocab(arrays, "response.chars"))
        domain, measures, status = DomainModel(), MeasureModel(), StatusModel()
        domain.issue_ = Featurizer(_get_vocab(arrays, "domain.issue.chars"),
                                   _get_vocab(arrays, "domain.issue.words"), segmenter)
        domain.response_ = response
        domain.head_ = _get_head(arrays, heads, "domain.head")
        measures.featurizer_ = response
        measures.heads_ = {label: _get_head(arrays, heads, f"measures.head.{label}")
                           for label in manifest["measure_labels"]}
        status.featurizer_ = response
        status.head_ = _get_head(arrays, heads, "status.head")
        return cls(domain, measures, status, manifest.get("info", {}))
