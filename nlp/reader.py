"""Reading notices (读取): bytes on disk → text with a known encoding.

Plain text, web pages (.html), PDF and Word (.docx) files are read; the format
is taken from the file's first bytes where they tell (``%PDF``, a zip archive,
``<html``), else from its suffix.

Plain text is decoded, never guessed silently wrong: a BOM decides; otherwise
UTF-8 is tried strictly, then UTF-16 (recognised by its NUL-byte pattern),
then GB18030 and Big5, which are told apart by how many of the decoded
characters are *common* Chinese characters (GB2312 level 1 for simplified,
Big5 常用字 for traditional). Mojibake decodes into rare characters, so a
decoding whose common-character share is low is rejected with a clear error.

>>> decode_text("整改情况".encode("gb18030"))
('整改情况', 'gb18030')
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from nlp.errors import FormatError, ReadError
from nlp.formats import docx_to_text, html_charset, html_to_text, pdf_to_text
from nlp.types import Document, Source

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
#: every suffix a notice may have (used when reading a folder)
NOTICE_SUFFIXES = (*sorted(TEXT_SUFFIXES - {""}), *sorted(HTML_SUFFIXES), ".pdf", ".docx")
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: below this share of common characters a decoding is taken for mojibake
MIN_COMMON_SHARE = 0.85



def read(path: str | Path) -> Document:
    """Read a notice file (.txt, .html, .pdf, .docx) into a :class:`~nlp.types.Document`.

    Raises :class:`~nlp.errors.ReadError` or :class:`~nlp.errors.FormatError` with a one-line cause.
    """
    source, text = read_notice(path)
    return Document(text, source)


def read_notice(path: str | Path) -> tuple[Source, str]:
    """Read a notice file and return its :class:`Source` and decoded text.

    Raises :class:`~nlp.errors.ReadError` for a file that cannot be read or decoded and
    :class:`~nlp.errors.FormatError` for an unsupported format or a document without text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a directory") from exc
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    if not data.strip():
        raise ReadError("the file is empty")
    fmt = sniff_format(data, path.suffix.lower())
    text, pages, encoding = _convert(data, fmt)
    if not text.strip():
        raise ReadError("the file is empty")
    source = Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), format=fmt, pages=pages, encoding=encoding)
    return source, text


def source_for_text(text: str, name: str = "<text>") -> Source:
    """The :class:`Source` of a notice given as text rather than as a file (UTF-8 plain text)."""
    data = text.encode("utf-8")
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), format="txt", pages=None, encoding="utf-8")


def sniff_format(data: bytes, suffix: str) -> str:
    """The document format: ``txt``, ``html``, ``pdf`` or ``docx``."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ""):
            return "docx"
        raise FormatError(f"unsupported file type '{suffix or 'zip'}' (a zip archive)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatError("old binary Word/Excel file: save it as .docx or .txt first")
    if suffix in HTML_SUFFIXES or re.match(rb"\s*(?:<!doctype html|<html)", data[:512], re.I):
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    raise FormatError(f"unsupported file type '{suffix}' (.txt, .html, .pdf and .docx notices are read)")


def _convert(data: bytes, fmt: str) -> tuple[str, int | None, str | None]:
    if fmt == "pdf":
        return (*pdf_to_text(data), None)
    if fmt == "docx":
        return (*docx_to_text(data), None)
    if fmt == "html":
        declared = html_charset(data)
        try:
            page, encoding = (data.decode(declared), declared) if declared else decode_text(data)
        except (LookupError, UnicodeDecodeError):
            page, encoding = decode_text(data)
        return html_to_text(page), None, encoding
    text, encoding = decode_text(data)
    return text, None, encoding


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode notice bytes; return ``(text, encoding)`` or raise :class:`ReadError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding.replace("-sig", "")
    if b"\x00" in data:
        return _best_decoding(data, ("utf-16-le", "utf-16-be"), "not a text file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _best_decoding(data, ("gb18030", "big5"), "not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    _reject_binary(text)
    return text, "utf-8"


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReadError(f"invalid {encoding} text at byte {exc.start}") from exc
    text = text.removeprefix("\ufeff")
    _reject_binary(text)
    return text


def _best_decoding(data: bytes, encodings: tuple[str, ...], failure: str) -> tuple[str, str]:
    """Decode with each encoding; keep the one whose characters are most often common ones."""
    candidates = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((common_share(text), encoding, text))
    if not candidates:
        raise ReadError(failure)
    share, encoding, text = max(candidates)
    _reject_binary(text)
    if share < MIN_COMMON_SHARE:
        raise ReadError(
            f"cannot determine the text encoding (best guess {encoding} gives mostly rare characters)"
        )
    return text, encoding


def common_share(text: str) -> float:
    """Share of CJK characters that are common in simplified or traditional writing.

    >>> common_share("巡察整改")
    1.0
    """
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(_is_common(c) for c in cjk) / len(cjk)


def _is_common(char: str) -> bool:
    try:
        gb = char.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def _has_controls(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bool(sample) and controls / len(sample) > 0.01


def _reject_binary(text: str) -> None:
    if _has_controls(text):
        raise ReadError("not a text file (control characters)")
