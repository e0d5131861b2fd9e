"""Web pages, PDF and Word files are read into text with valid offsets; broken ones are named."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import fixture_text
from documents import make_docx, make_html, make_pdf

from nlp.cli import main
from nlp.errors import FormatError
from nlp.reader import read
from nlp.reader.html import html_to_text

NOTICE = fixture_text("reference_layout.txt")
ISSUES = [
    "农村供水工程运行管护不到位", "河道采砂监管乏力", "项目资金拨付不及时,部分资金长期闲置。", "局机关干部学习‘走过场’",
]


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "fmt", "pages"),
    [
        ("notice.html", make_html(NOTICE), "html", None),
        ("notice.htm", make_html(NOTICE, charset="gbk"), "html", None),
        ("notice.docx", make_docx(NOTICE), "docx", None),
        ("notice.pdf", make_pdf(NOTICE), "pdf", 1),
        ("page_without_suffix", make_html(NOTICE), "html", None),
    ],
)
def test_documents_parse_like_text(
    tmp_path: Path, capsys: pytest.CaptureFixture, name: str, content: bytes, fmt: str, pages: int | None
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    source = read(path).source
    assert (source.format, source.pages) == (fmt, pages)
    assert main(["parse", str(path), "--format", "json", "--no-classify"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [p["issue"]["text"] for p in record["pairs"]] == ISSUES
    assert record["source"]["format"] == fmt
    assert record["meta"]["inspection_body"] == "县委第三巡察组"
    for pair in record["pairs"]:
        assert record["text"][pair["issue"]["start"] : pair["issue"]["end"]] == pair["issue"]["text"]


def test_a_word_file_with_another_suffix_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "notice.zip"
    path.write_bytes(make_docx(NOTICE))
    assert read(path).source.format == "docx"


def test_html_skips_scripts_and_styles() -> None:
    text = html_to_text(make_html("一、组织领导情况").decode())
    assert "不是正文" not in text and "color" not in text
    assert text.splitlines()[-1] == "一、组织领导情况"


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "not a readable PDF"),
        ("scan.pdf", make_pdf("").replace(b"Tj", b""), "no text layer"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a Word .docx file"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "LibreOffice could not convert"),
        ("archive.zip", _zip({"readme.txt": "整改"}), "neither .docx nor .xlsx"),
        ("sheet.xlsx", b"\x01\x02", "not a .xlsx file: not a zip archive"),
    ],
)
def test_broken_documents_have_a_cause(tmp_path: Path, name: str, content: bytes, cause: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FormatError, match=cause):
        read(path)
