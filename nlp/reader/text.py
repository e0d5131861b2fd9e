"""Plain text (纯文本): bytes → text with a known encoding, never guessed silently wrong.

A BOM decides; otherwise UTF-8 is tried strictly, then UTF-16 (recognised by its NUL-byte
pattern), then GB18030 and Big5, which are told apart by how many of the decoded characters
are *common* Chinese characters (GB2312 level 1 for simplified, Big5 常用字 for traditional).
Mojibake decodes into rare characters, so a decoding whose common-character share is low is
rejected with a clear error.

A UTF-8 text with a few stray bytes (a file cut in the middle of a character, a byte damaged in
transit) is still a notice: when it reads as no other encoding, each bad byte becomes U+FFFD and
the :class:`Decoded` text carries a warning naming the first one.

>>> decode_text("整改情况".encode("gb18030"))
('整改情况', 'gb18030')
>>> found = decode("巡察整改情况通报。".encode() * 20 + b"\\xff")
>>> found.text[-2:], found.encoding, found.warning
('。\ufffd', 'utf-8', '1 invalid UTF-8 byte replaced with U+FFFD (the first at byte 540)')
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from nlp.errors import ReadError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: below this share of common characters a decoding is taken for mojibake
MIN_COMMON_SHARE = 0.85
#: a UTF-8 text is read with its bad bytes replaced when they are at most this share of its
#: characters outside ASCII (text in another encoding is nearly all bad bytes)
MAX_STRAY_SHARE = 0.01
_STRAY = re.compile("[\udc80-\udcff]")  # a bad byte, as decoded with ``surrogateescape``
_NON_ASCII = re.compile("[^\x00-\x7f]")


@dataclass(frozen=True)
class Decoded:
    """Decoded notice bytes: the text, the encoding read, and a warning when bytes were replaced."""

    text: str
    encoding: str
    warning: str | None = None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode notice bytes; return ``(text, encoding)`` or raise :class:`ReadError`."""
    found = decode(data)
    return found.text, found.encoding


def decode(data: bytes) -> Decoded:
    """Decode notice bytes (see the module's rules) or raise :class:`ReadError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        return Decoded(*_best_decoding(data, ("utf-16-le", "utf-16-be"), "not a text file (contains NUL bytes)"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _not_utf8(data, exc)
    _reject_binary(text)
    return Decoded(text, "utf-8")


def _not_utf8(data: bytes, exc: UnicodeDecodeError) -> Decoded:
    """GB18030 or Big5, else UTF-8 with a few stray bytes, else an error naming the first bad byte."""
    try:
        return Decoded(*_best_decoding(data, ("gb18030", "big5"), "not text in UTF-8, UTF-16, GB18030/GBK or Big5"))
    except ReadError as refused:
        found = _with_stray_bytes(data)
        if found is None:
            raise ReadError(f"{refused} (as UTF-8 it is invalid from byte {exc.start})") from exc
        return found


def _with_stray_bytes(data: bytes) -> Decoded | None:
    """UTF-8 text (after a BOM, if any) whose few bad bytes are each replaced with U+FFFD; None
    when they are too many for a UTF-8 text."""
    escaped = data.decode("utf-8", "surrogateescape")
    stray = len(_STRAY.findall(escaped))
    if stray > MAX_STRAY_SHARE * (len(_NON_ASCII.findall(escaped)) - stray):
        return None
    first = len(escaped[: _STRAY.search(escaped).start()].encode("utf-8", "surrogateescape"))
    text = _STRAY.sub("\ufffd", escaped).removeprefix("\ufeff")
    _reject_binary(text)
    plural = "byte" if stray == 1 else "bytes"
    return Decoded(text, "utf-8", f"{stray} invalid UTF-8 {plural} replaced with U+FFFD (the first at byte {first})")


def _strict(data: bytes, encoding: str) -> Decoded:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        found = _with_stray_bytes(data) if encoding == "utf-8-sig" else None
        if found is None:
            start = exc.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)  # counted after the BOM
            raise ReadError(f"invalid {encoding} text at byte {start}") from exc
        return found
    text = text.removeprefix("\ufeff")
    _reject_binary(text)
    return Decoded(text, encoding.replace("-sig", ""))


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
