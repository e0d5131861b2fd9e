"""Scanned notices (OCR with Debian's Tesseract) and legacy Word files (LibreOffice), on small inputs;
the full 20-page OCR run is in benchmarks/ocr_speed.py."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from documents import make_docx, make_scanned_pdf, make_typeset_pdf

import nlp
from nlp.cli import main
from nlp.errors import FormatError
from nlp.normalize import shadow
from nlp.reader.ocr import clean_line, mend_quotes

REFERENCE = nlp.load("reference").text
TEXT_RECORD = nlp.to_record(nlp.parse(nlp.load("reference"), classify=False))


def _squash(text: str) -> str:
    return re.sub(r"[\s“”\"]", "", shadow(text))


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first three pages of the typeset reference notice, rendered at 200 dpi, skewed and speckled."""
    assert shutil.which("tesseract"), "the OCR test needs Debian's tesseract-ocr and tesseract-ocr-chi-sim"
    path = tmp_path_factory.mktemp("ocr") / "scan.pdf"
    path.write_bytes(make_scanned_pdf(make_typeset_pdf(REFERENCE), pages=3))
    return path


def test_scanned_pages_are_read_by_ocr(scan: Path) -> None:
    document = nlp.read(scan, ocr=True)
    assert document.source.ocr and document.source.ocr_confidence > 0.8
    read, truth = _squash(document.text), _squash(REFERENCE[:1500])
    matcher = difflib.SequenceMatcher(None, truth, read[: len(truth) + 50], autojunk=False)
    assert matcher.ratio() >= 0.95, "characters of the first pages read right"
    record = nlp.to_record(nlp.parse(document, classify=False))
    assert record["pairs"] and _squash(record["pairs"][0]["issue"]["text"]) == _squash(
        TEXT_RECORD["pairs"][0]["issue"]["text"])
    assert record["meta"]["inspection_start"] == "2022-08-29" and record["meta"]["inspection_end"] == "2022-10-28"


def test_a_scan_without_ocr_says_how_to_read_it(scan: Path, capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(FormatError, match="--ocr"):
        nlp.read(scan)
    assert main(["parse", str(scan)]) == 2
    assert "--ocr" in capsys.readouterr().err


@pytest.mark.parametrize(("line", "clean"), [
    ("（ 一 ） “ 台 账 ” 问 题", "(一)“台账”问题"),
    ("〔二〕公务接待", "(二)公务接待"),
    ("３ ， 整 改 情 况", "3.整改情况"),
    ('"公墓建设迟缓"问题', "“公墓建设迟缓”问题"),
    ("服务'三新两特一大'产业发展格局", "服务‘三新两特一大’产业发展格局"),
    ("(二市福利中心立项近10年未能开工建设问题", "(二)市福利中心立项近10年未能开工建设问题"),
    ("(二十四社会组织注册登记审批时间严重超时“问题", "(二十四)社会组织注册登记审批时间严重超时”问题"),
    ("(十七)”寄养儿童监管不到位“问题", "(十七)“寄养儿童监管不到位”问题"),
    ("(七)*骨灰楼(堂)应建未建或建好后没有正常投入使用”问题", "(七)“骨灰楼(堂)应建未建或建好后没有正常投入使用”问题"),
])
def test_ocr_line_cleaning(line: str, clean: str) -> None:
    assert clean_line(line) == clean


@pytest.mark.parametrize(("line", "clean"), [
    ("发行费214,.059.62元", "发行费214,059.62元"),
    ("风险基金130.583.94元", "风险基金130,583.94元"),
    ("共计1.234.567元", "共计1,234,567元"),
    ("补助2.5万元、12.345元、1,200元", "补助2.5万元、12.345元、1,200元"),
    ("按第3.2.1条执行", "按第3.2.1条执行"),
])
def test_ocr_thousands_separators(line: str, clean: str) -> None:
    assert clean_line(line) == clean


@pytest.mark.parametrize(("text", "mended"), [
    # the outer quote lost, the inner double quotes made single
    ("(十)党组的“三重一大”事项不够全面”问题", "(十)党组的‘三重一大’事项不够全面”问题"),
    # a closing single quote read as “ inside the heading
    ("(九)“工作‘同推进、同考核“的要求不到位”问题", "(九)“工作‘同推进、同考核’的要求不到位”问题"),
    # the outer quote read twice
    ("(十五)“ “尚未建立未保制度”问题", "(十五)“  尚未建立未保制度”问题"),
    ("3.“落实‘三重一大”制度”问题", "3.“落实‘三重一大’制度”问题"),
    # a heading whose closing ” answers a quote inside is not quoted as a whole
    ("(三)落实“三重一大”问题", "(三)落实“三重一大”问题"),
    # only headings: prose keeps its quotes
    ("印发“A”和“B”，落实“三重一大”问题", "印发“A”和“B”，落实“三重一大”问题"),
])
def test_ocr_quotes_inside_a_heading(text: str, mended: str) -> None:
    assert mend_quotes(text) == mended and len(mend_quotes(text)) == len(text)


def test_legacy_word_file_gives_the_docx_pairs(tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "the legacy test needs Debian's libreoffice-writer-nogui"
    docx = tmp_path / "notice.docx"
    docx.write_bytes(make_docx(REFERENCE))
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "doc", "--outdir", str(tmp_path / "doc"), str(docx)], check=True, capture_output=True, timeout=180)
    legacy = tmp_path / "doc" / "notice.doc"
    record = nlp.to_record(nlp.parse(nlp.read(legacy), classify=False))
    expected = nlp.to_record(nlp.parse(nlp.read(docx), classify=False))
    assert record["source"]["format"] == "doc"
    assert [p["issue"]["text"] for p in record["pairs"]] == [p["issue"]["text"] for p in expected["pairs"]]
    assert len(record["pairs"]) == 80
