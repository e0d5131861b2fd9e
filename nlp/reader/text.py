"""Plain text (纯文本): bytes → text with a known encoding, never guessed silently wrong.

A BOM decides; otherwise UTF-8 is tried strictly, then UTF-16 (recognised by its NUL-byte
pattern), then GB18030 and Big5, which are told apart by how many of the decoded characters
are *common* Chinese characters (GB2312 level 1 for simplified, Big5 常用字 for traditional).
Mojibake decodes into rare characters, so a decoding whose common-character share is low is
rejected with a clear error.

>>> decode_text("整改情况".encode("gb18030"))
('整改情况', 'gb18030')
"""

from __future__ import annotations

from nlp.errors import ReadError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: below this share of common characters a decoding is taken for mojibake
MIN_COMMON_SHARE = 0.85


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
