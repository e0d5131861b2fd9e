"""Classification (分类) of issue/response pairs: domain (监督领域), measures (整改措施), status (整改状态).

>>> from nlp.classify import load_taxonomy
>>> load_taxonomy().domain.name_of("finance_funds")
'财务与资金管理'
"""

from __future__ import annotations

from pathlib import Path

from nlp.classify.hybrid import Classifier, classify_pairs
from nlp.classify.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Classifier", "Taxonomy", "classify_pairs", "load_classifier", "load_taxonomy"]


def load_classifier(models_dir: str | Path | None = None, taxonomy_path: str | Path | None = None,
                    rules_only: bool = False) -> Classifier:
    """The hybrid classifier with the trained models (the shipped ones by default; see :meth:`Classifier.load`)."""
    return Classifier.load(models_dir, taxonomy_path, rules_only)
