"""Input limits (输入限制): how much a notice file may hold before it is refused.

Files from the open web can be huge or hostile: a 50 MB page, a 1 MB .docx that unzips to
1 GB (a zip bomb), a PDF of ten thousand pages. Each limit gives a
:class:`~nlp.errors.LimitError` naming the limit and how to raise it.

>>> Limits().max_bytes("html") // 2**20
50
>>> Limits(max_mb=5).max_bytes("pdf") // 2**20
5
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from nlp.errors import LimitError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Per-format size limits (MB), and the limits on what a file unpacks to.

    ``max_mb`` replaces every per-format size; ``unzipped_mb`` and ``ratio`` bound each member of
    a .docx/.xlsx archive (its size once decompressed, and that size over its compressed size);
    ``pages`` bounds a PDF; ``seconds`` bounds the parsing of one file in a batch run; ``ocr_jobs``
    is the number of pages read by OCR at once.
    """

    per_format_mb: dict[str, int] = field(
        default_factory=lambda: {"txt": 20, "csv": 20, "html": 50, "pdf": 200, "docx": 50, "xlsx": 50, "doc": 50,
                                 "xls": 50, "image": 100})
    max_mb: int | None = None
    unzipped_mb: int = 200
    ratio: int = 200
    pages: int = 2000
    seconds: float = 120.0
    ocr_jobs: int = 2

    def max_bytes(self, fmt: str) -> int:
        """The largest file accepted for a format, in bytes."""
        return (self.max_mb or self.per_format_mb.get(fmt, 50)) * MB


def check_size(size: int, fmt: str, limits: Limits) -> None:
    """Raise :class:`LimitError` when a ``fmt`` file of ``size`` bytes is above its limit."""
    if size > limits.max_bytes(fmt):
        raise LimitError(f"the file is {size / MB:.1f} MB, above the {limits.max_bytes(fmt) // MB} MB limit "
                         f"for {fmt} (raise it with --max-mb)")


def check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse an archive any of whose members is too large or too compressed (before it is opened)."""
    for info in archive.infolist():
        _check_member(info, limits)


def _check_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    name = info.filename
    if info.file_size > limits.unzipped_mb * MB:
        raise LimitError(f"{name} unpacks to {info.file_size / MB:.0f} MB, above the {limits.unzipped_mb} MB limit")
    if info.file_size > MB and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise LimitError(f"{name} unpacks to {info.file_size / MB:.1f} MB from {info.compress_size / MB:.1f} MB "
                         f"(ratio above {limits.ratio}: a zip bomb?)")


def read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    """One archive member, refused before decompression when its declared size or ratio is too
    large, and read with a cap in case the declared size lies.

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("word/document.xml", " " * 10_000_000)
    >>> read_member(zipfile.ZipFile(buffer), "word/document.xml", Limits())
    Traceback (most recent call last):
    nlp.errors.LimitError: word/document.xml unpacks to 9.5 MB from 0.0 MB (ratio above 200: a zip bomb?)
    """
    info = archive.getinfo(name)
    cap = limits.unzipped_mb * MB
    _check_member(info, limits)
    with archive.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise LimitError(f"{name} unpacks to more than {limits.unzipped_mb} MB")
    return data
