"""Hostile inputs to the readers and extractors: a workbook whose one far cell would be padded to
gigabytes, texts that were read in quadratic time, damaged archives and CSV fields that raised
internal errors, and files whose error named the wrong cause. Each input is built here, small."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES
from documents import make_docx, make_ledger_xlsx

from nlp import parse, to_record
from nlp.cli import main
from nlp.errors import FormatError, LimitError, ReadError
from nlp.extract.dates import extract_dates
from nlp.reader import read

GOOD = (FIXTURES / "reference_layout.txt").read_text(encoding="utf-8")
TITLE = GOOD.splitlines()[0]
LEDGER = [["序号", "问题", "整改情况"], ["1", "资金问题不规范", "已整改"], ["2", "台账不全", "正在整改"]]
#: what a quadratic step would take minutes over, and a linear one well under a second
SECONDS = 5


def _workbook(cells: dict[str, str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rewritten(data: bytes, name: str, change) -> bytes:
    """The archive with member ``name`` replaced by ``change(its text)``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def _damaged(data: bytes, name: str) -> bytes:
    """The archive with 16 bytes in the middle of member ``name``'s compressed data inverted."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    name_length, extra_length = int.from_bytes(data[header + 26:header + 28], "little"), \
        int.from_bytes(data[header + 28:header + 30], "little")
    middle = header + 30 + name_length + extra_length + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 16]) + data[middle + 16:]


def _cells(document) -> list[list[str]]:
    return [[cell.text for cell in row if cell.text] for table in document.tables for row in table.rows]


# -- spreadsheets: what the cells hold, not what the sheet declares --------------------------------

READ_CAPPED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
from nlp.reader import read
document = read(sys.argv[1])
print(json.dumps([[c.text for c in row if c.text] for t in document.tables for row in t.rows], ensure_ascii=False))
"""


def test_a_far_cell_is_read_within_a_gigabyte(tmp_path: Path) -> None:
    """One cell at XFD1048576 once padded every row to 16,384 columns and the sheet to a million
    rows; read in a process allowed 1 GB, the workbook gives its cells."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(_workbook({"A1": "问题", "B1": "整改情况", "A2": "资金问题", "B2": "已整改", "XFD1048576": "far"}))
    done = subprocess.run([sys.executable, "-c", READ_CAPPED, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert json.loads(done.stdout) == [["问题", "整改情况"], ["资金问题", "已整改"], ["far"]]


@pytest.mark.parametrize("dimension", ['<dimension ref="A1:B2"/>', ""], ids=["lying", "absent"])
def test_a_sheet_is_read_to_its_last_cell_whatever_its_dimension_says(tmp_path: Path, dimension: str) -> None:
    data = make_ledger_xlsx("整改台账", LEDGER)
    path = tmp_path / "ledger.xlsx"
    sheet = "xl/worksheets/sheet1.xml"
    path.write_bytes(_rewritten(data, sheet, lambda xml: re.sub("<dimension[^>]*/>", dimension, xml)))
    document = read(path)
    assert _cells(document) == [["整改台账"], *LEDGER]
    assert document.text.splitlines()[0] == "整改台账\t\t"  # rows padded to the widest one, as before


def test_rows_end_at_their_last_filled_cell(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("问题,整改情况" + "," * 40_000 + "\n资金问题不规范,已整改,,\n", encoding="utf-8")
    document = read(path)
    assert document.text == "问题\t整改情况\n资金问题不规范\t已整改"
    assert [len(row) for row in document.tables[0].rows] == [2, 2]
    assert all(document.text[c.start:c.end] == c.text for row in document.tables[0].rows for c in row)


def test_a_sheet_beyond_the_cell_limit_is_refused(tmp_path: Path) -> None:
    cells = {f"A{row}": f"问题{row}" for row in range(1, 101)} | {"XFD100": "far"}
    path = tmp_path / "huge.xlsx"
    path.write_bytes(_workbook(cells))
    with pytest.raises(LimitError, match=r"sheet '整改台账' spans \d+ cells .* above the limit of 1000000 cells"):
        read(path)


# -- linear time on long runs ---------------------------------------------------------------------

@pytest.mark.parametrize("blank", [" ", "\u00a0", "\t"], ids=["spaces", "nbsp", "tabs"])
def test_a_title_line_ending_in_100k_blanks(blank: str) -> None:
    started = time.perf_counter()
    notice = parse(TITLE + blank * 100_000 + "\n" + GOOD.split("\n", 1)[1], classify=False)
    assert notice.meta.title == TITLE and len(notice.pairs) == 4
    assert time.perf_counter() - started < SECONDS


def test_a_page_date_after_a_title_is_still_dropped() -> None:
    notice = parse(TITLE + "  2023-09-15 \n" + GOOD.split("\n", 1)[1], classify=False)
    assert notice.meta.title == TITLE


def test_33k_yearless_months_before_one_cue() -> None:
    """Each month looked at every later mention to find whether one stood before 反馈."""
    text = "12月" * 33_000 + "反馈"
    started = time.perf_counter()
    mentions = extract_dates(text)
    assert len(mentions) == 33_000 and {m.value for m in mentions} == {"XXXX-12"}
    assert time.perf_counter() - started < SECONDS


def test_many_dates_in_one_long_sentence_keep_their_years() -> None:
    """The inspection, the feedback and the years they give are read alike whether the sentence
    holding them is short or 100 KB long."""
    def text(months: int) -> str:
        return "2022年8月1日至9月30日巡察," + "5月," * months + "2023年1月11日反馈,3月完成整改"

    started = time.perf_counter()
    long = extract_dates(text(30_000))
    assert time.perf_counter() - started < SECONDS
    short = extract_dates(text(2))
    assert [m.value for m in short] == ["2022-08-01/2022-09-30", "2023-05", "2023-05", "2023-01-11", "2023-03"]
    assert [m.value for m in long[:3] + long[-2:]] == [m.value for m in short]


# -- damaged files: a one-line cause, never an internal error --------------------------------------

def _parse_one(path: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    code = main(["parse", str(path), "--no-classify"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("name", "build", "member"), [
    ("notice.docx", lambda: make_docx(GOOD), "word/document.xml"),
    ("ledger.xlsx", lambda: make_ledger_xlsx("整改台账", LEDGER * 50), "xl/worksheets/sheet1.xml"),
])
def test_damaged_deflate_data_is_named(tmp_path: Path, capsys: pytest.CaptureFixture, name: str, build,
                                       member: str) -> None:
    path = tmp_path / name
    path.write_bytes(_damaged(build(), member))
    code, err = _parse_one(path, capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "is damaged" in err and "internal error" not in err


def test_a_csv_field_above_the_csv_limit_is_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "ledger.csv"
    path.write_text('问题,整改情况\n"资金' + "资金" * 100_000 + "\n1,已整改\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"not a readable CSV file: field larger than field limit .*line 2"):
        read(path)
    code, err = _parse_one(path, capsys)
    assert code == 2 and err.count("\n") == 1


@pytest.mark.parametrize(("name", "cause"), [
    ("notice.docx", "not a .docx file: not a zip archive"),
    ("ledger.xlsx", "not a .xlsx file: not a zip archive"),
    ("notice.pdf", "not a .pdf file: no %PDF header"),
    ("notice.doc", "not a .doc file: not an OLE compound file"),
])
def test_random_bytes_under_a_binary_suffix(tmp_path: Path, name: str, cause: str) -> None:
    path = tmp_path / name
    path.write_bytes(bytes(range(1, 256)) * 40)
    with pytest.raises(FormatError, match=cause):
        read(path)


def test_a_zip_under_a_word_suffix_that_holds_no_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", GOOD)
    path = tmp_path / "notice.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(FormatError, match=r"not a \.docx file: a zip archive that is neither \.docx nor \.xlsx"):
        read(path)


# -- a stray byte in a UTF-8 notice ---------------------------------------------------------------

def test_a_stray_byte_is_replaced_and_named(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = GOOD.encode("utf-8")
    at = data.index("全县".encode())  # inside the first response
    path = tmp_path / "notice.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    document = read(path)
    assert document.text == GOOD[:len(data[:at].decode())] + "\ufffd" + GOOD[len(data[:at].decode()):]
    assert document.source.encoding == "utf-8"
    assert document.source.warnings == [f"1 invalid UTF-8 byte replaced with U+FFFD (the first at byte {at})"]
    assert main(["parse", str(path), "--no-classify", "--format", "jsonl"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["source"]["warnings"] == document.source.warnings and len(record["pairs"]) == 4
    assert all(record["text"][p["issue"]["start"]:p["issue"]["end"]] == p["issue"]["text"] for p in record["pairs"])


def test_a_stray_byte_after_a_bom_is_counted_from_the_file_start(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + GOOD.encode("utf-8")
    at = data.index("全县".encode())
    path = tmp_path / "notice.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    document = read(path)
    assert document.text.replace("\ufffd", "") == GOOD and document.source.encoding == "utf-8"
    assert document.source.warnings == [f"1 invalid UTF-8 byte replaced with U+FFFD (the first at byte {at})"]


def test_a_page_cut_inside_a_character(tmp_path: Path) -> None:
    data = GOOD.rstrip().encode("utf-8")[:-1]  # the last 日 loses its last byte: two stray bytes remain
    path = tmp_path / "notice.html"
    page = b"<html><body><p>" + data.replace(b"\n", b"</p><p>")
    path.write_bytes(page)
    document = read(path)
    assert document.text.endswith("2023年9月15\ufffd\ufffd")
    first = len(page) - 2
    assert document.source.warnings == [f"2 invalid UTF-8 bytes replaced with U+FFFD (the first at byte {first})"]


def test_many_bad_bytes_are_not_utf8_and_the_first_is_named(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes("巡察整改情况通报".encode() + b"\xff\xfe\xfa" * 50)
    with pytest.raises(ReadError, match=r"not text in UTF-8, UTF-16, GB18030/GBK or Big5 .*from byte 24"):
        read(path)


def test_a_gbk_notice_is_still_read_as_gbk(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(GOOD.encode("gb18030"))
    document = read(path)
    assert (document.text, document.source.encoding, document.source.warnings) == (GOOD, "gb18030", None)
    assert to_record(parse(document, classify=False))["source"].keys() == {"path", "sha256", "format", "pages",
                                                                           "encoding"}


def test_the_memory_cap_of_the_subprocess_is_real() -> None:
    """The far-cell test's cap is enforced: a process allowed 1 GB cannot take 2 GB."""
    script = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30)); x = bytearray(2**31)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "MemoryError" in done.stderr
