"""Bundled datasets (数据集), for notebooks and tests: the reference notice and the real corpus.

The corpus folder installs with the package (as ``nlp.corpus``), so ``load`` works from a wheel.

>>> doc = load("reference")
>>> doc.source.path, doc.text.count("整改情况") > 50
('shantou_minzheng_2023_xuncha_zhenggai.txt', True)
>>> len(load("real")) >= 100
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from nlp.classify.corpus import load_headings, load_pairs, load_real_notices, read_jsonl
from nlp.types import Document

#: the bundled corpus: the top-level corpus/ folder, installed as the package ``nlp.corpus``
CORPUS_DIR = Path(str(resources.files("nlp.corpus")))
REFERENCE = "shantou_minzheng_2023_xuncha_zhenggai.txt"
DATASETS = {
    "reference": "the reference notice (汕头市民政局巡察整改情况通报, 80 pairs) as a Document",
    "reference-pairs": "its 80 labelled pairs (heading, response, domain, measures, status)",
    "real": "openings of real notices with source url, gold header fields, key figures and headings",
    "fresh": "real notices collected last (corpus/real/fresh3.jsonl), never trained on (evaluation only)",
    "headings": "hand-written labelled headings for rare domains (training only)",
}


def load(name: str) -> Document | list[dict]:
    """A bundled dataset by name (see :data:`DATASETS`); an unknown name is a ``KeyError`` listing them."""
    if name == "reference":
        from nlp.reader import read

        document = read(CORPUS_DIR / REFERENCE)
        document.source.path = REFERENCE
        return document
    loaders = {"reference-pairs": load_pairs, "real": load_real_notices, "headings": load_headings,
               "fresh": lambda folder: read_jsonl(folder / "real" / "fresh3.jsonl")}
    if name not in loaders:
        raise KeyError(f"no dataset {name!r}; there are {', '.join(DATASETS)}")
    return loaders[name](CORPUS_DIR)
