"""zhenggai (整改): structured records from Chinese rectification notices.

>>> from nlp import load, parse, to_record
>>> record = to_record(parse(load("reference")))
>>> len(record["pairs"]), record["pairs"][0]["domain"]["name"]
(80, '民生服务与职能履行')

``read(path)`` reads a notice file (.txt, .html, .pdf, .docx); ``parse`` takes what ``read``
returns or a text; ``Pipeline`` is the reusable (and thread-safe) form of ``parse`` with
options (models folder, rules only, taxonomy). Every error raised on bad input, data or
models is a ``ZhenggaiError``. Names are imported on first use, so ``import nlp`` is fast.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "Pipeline": "nlp.pipeline",
    "read": "nlp.reader",
    "to_record": "nlp.record",
    "load": "nlp.bundled",
    "Document": "nlp.types",
    "Notice": "nlp.types",
    "ZhenggaiError": "nlp.errors",
    "ReadError": "nlp.errors",
    "FormatError": "nlp.errors",
    "LimitError": "nlp.errors",
    "TaxonomyError": "nlp.errors",
    "ModelError": "nlp.errors",
}
__all__ = [
    "Document", "FormatError", "LimitError", "ModelError", "Notice", "Pipeline", "ReadError", "TaxonomyError",
    "ZhenggaiError", "__version__", "load", "parse", "read", "to_record",
]

if TYPE_CHECKING:
    from nlp.bundled import load
    from nlp.errors import FormatError, LimitError, ModelError, ReadError, TaxonomyError, ZhenggaiError
    from nlp.pipeline import Pipeline
    from nlp.reader import read
    from nlp.record import to_record
    from nlp.types import Document, Notice


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")


@functools.cache
def _pipeline(classify: bool) -> Pipeline:
    from nlp.pipeline import Pipeline

    return Pipeline(classify=classify)


def parse(notice: Document | str, classify: bool = True) -> Notice:
    """Parse a notice: a :class:`~nlp.types.Document` from :func:`read` (or :func:`load`), or its text.

    One shared :class:`~nlp.pipeline.Pipeline` with the shipped models serves every call.
    """
    if isinstance(notice, str):
        return _pipeline(classify)(notice)
    return _pipeline(classify)(notice.text, notice.source, notice.tables)
