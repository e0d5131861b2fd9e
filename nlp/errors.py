"""Errors (错误): one hierarchy, each error's ``str()`` a one-line message for the user.

The command line prints ``zhenggai: <file>: <message>`` for any :class:`ZhenggaiError`
and goes on with the other inputs; anything else is an internal error (a bug).

>>> try:
...     raise FormatError("the PDF has no text layer")
... except ZhenggaiError as exc:
...     print(type(exc).__name__, exc)
FormatError the PDF has no text layer
"""

from __future__ import annotations


class ZhenggaiError(Exception):
    """The base of every error zhenggai raises on bad input, data or models."""


class ReadError(ZhenggaiError):
    """A file that cannot be read: missing, a folder, empty, undecodable text (读取错误)."""


class FormatError(ZhenggaiError):
    """A file whose format is not supported or whose text cannot be taken out (格式错误)."""


class LimitError(ZhenggaiError):
    """An input beyond a configured limit: size, decompressed size, pages, time (超限)."""


class TaxonomyError(ZhenggaiError, ValueError):
    """A taxonomy file that does not have the expected shape (分类体系错误)."""


class ModelError(ZhenggaiError):
    """Trained models that are missing, corrupt or do not match the taxonomy (模型错误)."""


class NotFittedError(ModelError, ValueError):
    """A model used before it was fitted or loaded (as scikit-learn's ``NotFittedError``)."""
