"""Reading notices: encodings detected, never guessed silently wrong; bad files named."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fixture_text

from nlp.errors import FormatError, ReadError
from nlp.reader import common_share, decode_text, read

SIMPLIFIED = fixture_text("reference_layout.txt")
TRADITIONAL = "根據區委統一部署,區委第四巡察組對區民政局黨組開展了巡察。巡察組向區民政局黨組反饋了巡察意見。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8"),
        (SIMPLIFIED, "utf-16", "utf-16-le"),
        (SIMPLIFIED, "utf-16-le", "utf-16-le"),
        (SIMPLIFIED, "utf-16-be", "utf-16-be"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "utf-8", "utf-8"),
        (TRADITIONAL, "gb18030", "gb18030"),
    ],
)
def test_encodings_are_detected(text: str, encoding: str, detected: str) -> None:
    decoded, name = decode_text(text.encode(encoding))
    assert decoded == text
    assert name == detected


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a text file"),
        (bytes(range(1, 32)) * 40, "not a text file"),
        ("巡察整改情况通报".encode("big5", errors="ignore") + b"\xff\xfe\xfa" * 50, "not text"),
    ],
)
def test_binary_input_is_refused(data: bytes, cause: str) -> None:
    with pytest.raises(ReadError, match=cause):
        decode_text(data)


def test_mojibake_is_not_accepted() -> None:
    big5_bytes = TRADITIONAL.encode("big5")
    text, encoding = decode_text(big5_bytes)
    assert (text, encoding) == (TRADITIONAL, "big5")
    assert common_share(big5_bytes.decode("gb18030", errors="replace")) < 0.85


def test_read_reports_source(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(SIMPLIFIED.encode("gb18030"))
    document = read(path)
    source, text = document.source, document.text
    assert text == SIMPLIFIED
    assert (source.format, source.encoding, len(source.sha256)) == ("txt", "gb18030", 64)


@pytest.mark.parametrize(
    ("name", "content", "error", "cause"),
    [
        ("empty.txt", b"", ReadError, "empty"),
        ("blank.txt", b"  \n\n", ReadError, "empty"),
        ("notice.xls", b"\x01\x02\x03", FormatError, "not a .xls file: not an OLE compound file"),
    ],
)
def test_unreadable_files_have_a_cause(tmp_path: Path, name: str, content: bytes, error: type, cause: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error, match=cause):
        read(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read(tmp_path / "missing.txt")
