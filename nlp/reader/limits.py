"""Input limits (输入限制): how much a notice file may hold before it is refused.

Files from the open web can be huge or hostile: a 50 MB page, a 1 MB .docx that unzips to
1 GB (a zip bomb), a PDF of ten thousand pages, a 5 KB workbook whose one cell sits at XFD1048576.
Each limit gives a :class:`~nlp.errors.LimitError` naming the limit and how to raise it; a damaged
archive member gives a :class:`~nlp.errors.FormatError` naming the member.

>>> Limits().max_bytes("html") // 2**20
50
>>> Limits(max_mb=5).max_bytes("pdf") // 2**20
5
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from nlp.errors import FormatError, LimitError

MB = 2**20
#: what reading a damaged archive member raises: bad deflate data (zlib.error), a bad CRC or a
#: member cut short (BadZipFile, EOFError), a garbled compression method (NotImplementedError)
DAMAGED = (zlib.error, zipfile.BadZipFile, EOFError, NotImplementedError)
#: what opening an archive with a damaged directory raises: besides BadZipFile, a member name that
#: is not UTF-8 though flagged so, an unknown zip version, an offset out of the file
BAD_ARCHIVE = (zipfile.BadZipFile, UnicodeDecodeError, NotImplementedError, EOFError, ValueError, OSError)


@dataclass(frozen=True)
class Limits:
    """Per-format size limits (MB), and the limits on what a file unpacks to.

    ``max_mb`` replaces every per-format size; ``unzipped_mb`` and ``ratio`` bound each member of
    a .docx/.xlsx archive (its size once decompressed, and that size over its compressed size);
    ``pages`` bounds a PDF; ``cells`` bounds a spreadsheet's table (rows × columns, empty cells
    between filled ones included); ``seconds`` bounds the parsing of one file in a batch run;
    ``ocr_jobs`` is the number of pages read by OCR at once.
    """

    per_format_mb: dict[str, int] = field(
        default_factory=lambda: {"txt": 20, "csv": 20, "html": 50, "pdf": 200, "docx": 50, "xlsx": 50, "doc": 50,
                                 "xls": 50, "image": 100})
    max_mb: int | None = None
    unzipped_mb: int = 200
    ratio: int = 200
    pages: int = 2000
    cells: int = 1_000_000
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


def open_archive(data: bytes, failure: str) -> zipfile.ZipFile:
    """The zip archive of ``data``, else a :class:`FormatError` starting with ``failure``.

    >>> open_archive(b"PK\\x03\\x04 cut short", "not a Word .docx file")
    Traceback (most recent call last):
    nlp.errors.FormatError: not a Word .docx file (BadZipFile: File is not a zip file)
    """
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except BAD_ARCHIVE as exc:
        raise FormatError(f"{failure} ({type(exc).__name__}: {exc})") from exc


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
    with damaged_members(name), archive.open(info) as member:
        data = member.read(cap + 1)
    if len(data) > cap:
        raise LimitError(f"{name} unpacks to more than {limits.unzipped_mb} MB")
    return data


@contextmanager
def damaged_members(what: str) -> Iterator[None]:
    """Turn the errors of a damaged archive member, read inside the block, into a :class:`FormatError`.

    >>> with damaged_members("word/document.xml"):
    ...     zlib.decompress(b"not deflate data")
    Traceback (most recent call last):
    nlp.errors.FormatError: word/document.xml is damaged (Error -3 while decompressing data: incorrect header check)
    """
    try:
        yield
    except DAMAGED as exc:
        raise FormatError(f"{what} is damaged ({exc})") from exc
