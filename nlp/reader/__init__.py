"""Reading notices (读取): a file on disk → its text, one module per format.

Plain text (:mod:`~nlp.reader.text`), web pages (:mod:`~nlp.reader.html`), PDF
(:mod:`~nlp.reader.pdf`), Word .docx (:mod:`~nlp.reader.docx`) and spreadsheets .xlsx/.csv
(:mod:`~nlp.reader.sheet`) are read; the format is taken from the file's first bytes where they
tell (``%PDF``, a zip archive and its members, ``<html``), else from its suffix. Tables (ledgers)
keep their cells as spans of the text. Only regular files are read, each within
:class:`~nlp.reader.limits.Limits`.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "notice.txt"
>>> _ = path.write_bytes("巡察整改情况通报".encode("gb18030"))
>>> doc = read(path)
>>> doc.text, doc.source.encoding
('巡察整改情况通报', 'gb18030')
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import zipfile
from pathlib import Path

from nlp.errors import FormatError, LimitError, ReadError
from nlp.paths import path_text
from nlp.reader.builder import Extracted
from nlp.reader.docx import docx_to_text
from nlp.reader.html import page_to_text
from nlp.reader.limits import BAD_ARCHIVE, Limits, check_size
from nlp.reader.pdf import pdf_to_text
from nlp.reader.sheet import csv_to_text, xlsx_to_text
from nlp.reader.text import MIN_COMMON_SHARE, common_share, decode
from nlp.reader.text import decode_text as decode_text  # re-exported: the plain-text detection alone
from nlp.types import Document, Source

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
#: every suffix a notice may have (used when reading a folder)
NOTICE_SUFFIXES = (*sorted(TEXT_SUFFIXES - {""}), *sorted(HTML_SUFFIXES), ".pdf", ".docx", ".xlsx", ".csv", ".doc",
                   ".wps", ".xls", ".et", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
#: the first bytes of PNG, JPEG and TIFF images (read by OCR)
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
#: what a file named with a binary format's suffix lacks when its first bytes are not that format's
_NOT_THE_FORMAT = {".pdf": "no %PDF header", ".docx": "not a zip archive", ".xlsx": "not a zip archive",
                   **dict.fromkeys((".doc", ".wps", ".xls", ".et"), "not an OLE compound file (legacy Office)"),
                   ".png": "no PNG header", **dict.fromkeys((".jpg", ".jpeg"), "no JPEG header"),
                   **dict.fromkeys((".tif", ".tiff"), "no TIFF header")}
_DEFAULT_LIMITS = Limits()



def read(path: str | Path, limits: Limits | None = None, ocr: bool = False) -> Document:
    """Read a notice file (.txt, .html, .pdf, .docx, .xlsx, .csv) into a :class:`~nlp.types.Document`.

    Raises :class:`~nlp.errors.ReadError`, :class:`~nlp.errors.FormatError` or
    :class:`~nlp.errors.LimitError` with a one-line cause. ``ocr``: read scanned pages and images
    with Tesseract (:mod:`nlp.reader.ocr`).
    """
    path, limits = Path(path), limits or _DEFAULT_LIMITS
    data = read_bytes(path, limits)
    if not data.strip():
        raise ReadError("the file is empty")
    fmt = sniff_format(data, path.suffix.lower())
    check_size(len(data), fmt, limits)
    found = _convert(data, fmt, limits, ocr, path.suffix.lower())
    if not found.text.strip():
        raise ReadError("the file is empty")
    source = Source(path=path_text(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, **found.facts())
    return Document(found.text, source, found.tables)


def source_for_text(text: str, name: str = "<text>") -> Source:
    """The :class:`Source` of a notice given as text rather than as a file (UTF-8 plain text)."""
    data = text.encode("utf-8")
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), format="txt", pages=None, encoding="utf-8")


def sniff_format(data: bytes, suffix: str) -> str:
    """The document format: ``txt``, ``csv``, ``html``, ``pdf``, ``docx`` or ``xlsx``."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data, suffix)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: legacy Word, WPS or Excel
        return "xls" if suffix in (".xls", ".et") else "doc"
    if data.startswith(IMAGE_MAGIC):
        return "image"
    if suffix in HTML_SUFFIXES or re.match(rb"\s*(?:<!doctype html|<html)", data[:512], re.I):
        return "html"
    if suffix == ".csv":
        return "csv"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in _NOT_THE_FORMAT:  # random bytes, or another format, under a known binary suffix
        raise FormatError(f"not a {suffix} file: {_NOT_THE_FORMAT[suffix]}")
    raise FormatError(f"unsupported file type '{suffix}' (.txt, .html, .pdf, .docx, .xlsx and .csv are read)")


def _zip_format(data: bytes, suffix: str) -> str:
    """A zip archive is a Word file or a workbook by the members it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except BAD_ARCHIVE:  # a damaged archive: its reader names the damage
        names = set()
    if "word/document.xml" in names or (not names and suffix == ".docx"):
        return "docx"
    if "xl/workbook.xml" in names or (not names and suffix == ".xlsx"):
        return "xlsx"
    if suffix in _NOT_THE_FORMAT:
        raise FormatError(f"not a {suffix} file: a zip archive that is neither .docx nor .xlsx")
    raise FormatError(f"unsupported file type '{suffix or 'zip'}' (a zip archive that is neither .docx nor .xlsx)")


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes: a regular file only (a FIFO or device would block or never end), and
    never more than the largest limit (the file may grow while it is read)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file (a FIFO, device or socket is not read)")
        cap = max(limits.max_bytes(fmt) for fmt in limits.per_format_mb)
        with open(path, "rb") as handle:
            data = handle.read(cap + 1)
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    if len(data) > cap:
        raise LimitError(f"the file is larger than the {cap // 2**20} MB limit (raise it with --max-mb)")
    return data


def _convert(data: bytes, fmt: str, limits: Limits, ocr: bool = False, suffix: str = "") -> Extracted:
    if fmt == "pdf":
        found = pdf_to_text(data, limits, ocr)
        _not_mojibake(found.text, "PDF")
        return found
    if fmt == "image":
        return _image(data, limits, ocr)
    if fmt in ("doc", "xls"):
        from nlp.reader.legacy import TARGETS, convert

        return _convert(convert(data, fmt, suffix, limits.seconds), TARGETS[fmt], limits)
    if fmt == "docx":
        text, tables = docx_to_text(data, limits)
        return Extracted(_not_mojibake(text, "Word file"), tables)
    if fmt == "xlsx":
        text, tables = xlsx_to_text(data, limits)
        return Extracted(_not_mojibake(text, "workbook"), tables)
    if fmt == "html":
        found = page_to_text(data)
        _not_mojibake(found.text, f"page (read as {found.encoding})")
        return found
    decoded = decode(data)
    warnings = [decoded.warning] if decoded.warning else None
    if fmt == "csv":
        text, tables = csv_to_text(decoded.text, limits)
        return Extracted(text, tables, encoding=decoded.encoding, warnings=warnings)
    return Extracted(decoded.text, encoding=decoded.encoding, warnings=warnings)


def _image(data: bytes, limits: Limits, ocr: bool) -> Extracted:
    if not ocr:
        raise FormatError("an image of a notice: run with --ocr to read it")
    from nlp.reader.ocr import image_pages, mend_quotes, ocr_pages
    from nlp.reader.pdf import layout_text

    pages, confidence = ocr_pages(image_pages(data, limits.pages), jobs=limits.ocr_jobs)
    text, starts, tables = layout_text(pages)
    text = mend_quotes(text)
    if not text.strip():
        raise FormatError("OCR found no text in the image")
    return Extracted(text, tables, pages=len(pages), page_starts=starts, ocr=True,
                     ocr_confidence=round(confidence, 3))


def _not_mojibake(text: str, what: str) -> str:
    """Converted text whose Chinese characters are mostly rare ones is garbled, not a notice."""
    cjk = sum(1 for c in text[:20000] if "\u4e00" <= c <= "\u9fff")
    if cjk >= 20 and common_share(text[:20000]) < MIN_COMMON_SHARE:
        raise ReadError(f"the {what} text is garbled (mostly rare characters: wrong encoding or font mapping)")
    return text
