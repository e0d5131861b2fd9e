"""PDF files (PDF 文档): the text layer rebuilt into paragraphs, page furniture removed (pdfplumber).

Chinese has no spaces, so a hard-wrapped line is joined to the next when it reaches the right
margin and the next line is neither indented nor a numbered heading; a paragraph ends at the
last line of a block. Running headers and footers (the same text at the top or bottom of most
pages) and page numbers (- 3 -, 第3页 共20页, 3/20) are dropped; doubled "fake bold" characters
are merged (``dedupe_chars``). The text offset where each page begins is kept, so every pair
knows its pages. Patterns live in ``nlp/data/pdf.yaml``.

A PDF locked with an owner password only (printing or copying restricted) is opened with the
empty user password, as every viewer does; one that needs a user password, one whose fonts
map glyphs to no characters (``(cid:1780)…``), and one without a text layer (a scan) are
errors, never a notice with no pairs.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from dataclasses import dataclass

from nlp.errors import FormatError, LimitError
from nlp.normalize import shadow
from nlp.reader.builder import Extracted, TextBuilder
from nlp.reader.limits import Limits
from nlp.tables import load_table
from nlp.types import Table

#: a PDF whose text is more than this share of (cid:N) placeholders has no usable text
MAX_CID_SHARE = 0.05
_CID = re.compile(r"\(cid:\d+\)")
#: a line ending within this many character widths of the right margin reaches it (CJK lines with
#: half-width digits and punctuation wrap raggedly)
MARGIN_SLACK = 2.5
_LATIN_START = re.compile(r"[A-Za-z0-9.,%/\-]*")


@dataclass(frozen=True)
class Line:
    """One text line of a page with its position (points from the top left)."""

    text: str
    x0: float
    x1: float
    top: float


@dataclass(frozen=True)
class PageTable:
    """A ruled table of a page: its top and bottom, and its rows of cell texts."""

    top: float
    bottom: float
    rows: list[list[str]]


@dataclass(frozen=True)
class PageLines:
    """The lines of one page (those outside its tables), its tables, and the page's height."""

    lines: list[Line]
    height: float
    tables: tuple[PageTable, ...] = ()


@functools.cache
def _patterns() -> dict:
    raw = load_table("pdf")
    return {"page_number": [re.compile(rx + r"$") for rx in raw["page_number"]], "band": raw["band"],
            "repeat_share": raw["repeat_share"], "paragraph_start": re.compile(raw["paragraph_start"])}


def pdf_to_text(data: bytes, limits: Limits | None = None, ocr: bool = False) -> Extracted:
    """Text of a PDF in paragraphs, with its page count and page starts. With ``ocr``, pages without
    a text layer (scans) are read by OCR (:mod:`nlp.reader.ocr`), the others as they are; a text
    layer of (cid:N) placeholders is replaced by OCR of every page."""
    limits = limits or Limits()
    pages = _read_pages(data, limits)
    if ocr and _cid_text(layout_text(pages)[0]):
        pages = [PageLines([], page.height) for page in pages]
    scanned = [n for n, page in enumerate(pages) if not page.lines and not page.tables]
    confidence = None
    if ocr and scanned:
        from nlp.reader.ocr import ocr_pages, render_pages

        read, confidence = ocr_pages(render_pages(data, scanned), jobs=limits.ocr_jobs)
        for number, page in zip(scanned, read, strict=True):
            pages[number] = page
    text, starts, tables = layout_text(pages)
    if confidence is not None:
        from nlp.reader.ocr import mend_quotes

        text = mend_quotes(text)
    if not text.strip():
        raise FormatError("the PDF has no text layer (a scan): run with --ocr to read it")
    if _cid_text(text):
        raise FormatError("the PDF's fonts map glyphs to no characters ((cid:N) text): run with --ocr")
    return Extracted(text, tables, pages=len(pages), page_starts=starts, ocr=bool(ocr and scanned) or None,
                     ocr_confidence=None if confidence is None else round(confidence, 3))


def _cid_text(text: str) -> bool:
    return sum(len(m) for m in _CID.findall(text)) > MAX_CID_SHARE * max(len(text), 1)


def _read_pages(data: bytes, limits: Limits) -> list[PageLines]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            if len(pdf.pages) > limits.pages:
                raise LimitError(f"the PDF has {len(pdf.pages)} pages, above the {limits.pages} page limit")
            return [_page_lines(page) for page in pdf.pages]
    except LimitError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files (pdfplumber wraps them)
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, exc.__context__, *exc.args)):
            raise FormatError("the PDF is password-protected (it needs a password to open)") from exc
        raise FormatError(f"not a readable PDF ({type(exc).__name__})") from exc


def _page_lines(page) -> PageLines:
    """The lines and ruled tables of a pdfplumber page; lines inside a table belong to the table."""
    page = page.dedupe_chars()
    tables = tuple(PageTable(found.bbox[1], found.bbox[3], [[_cell(c) for c in row] for row in found.extract()])
                   for found in page.find_tables())
    lines = [Line(line["text"], line["x0"], line["x1"], line["top"])
             for line in page.extract_text_lines(return_chars=False)
             if not any(t.top - 1 <= line["top"] <= t.bottom for t in tables)]
    return PageLines(lines, float(page.height), tables)


def _cell(value: str | None) -> str:
    """A cell's text: its wrapped lines joined (Chinese needs no space between them)."""
    return "".join((value or "").split("\n")).strip()


def layout_text(pages: list[PageLines]) -> tuple[str, list[int], list[Table]]:
    """The text of the pages in paragraphs and tables, the offset where each page starts, and the
    tables (a table broken across pages, its header row repeated or not, is one table).

    >>> page = PageLines([Line("- 1 -", 280, 310, 800), Line("一、整改情况", 90, 200, 100),
    ...                   Line("整改情况:已建立台账,已经完成全部", 90, 500, 120), Line("工作。", 90, 130, 140)], 842)
    >>> layout_text([page])[:2]
    ('一、整改情况\\n整改情况:已建立台账,已经完成全部工作。', [0])
    """
    pats = _patterns()
    furniture = _running_lines(pages, pats)
    bodies = [[line for line in page.lines if not _is_furniture(line, page, furniture, pats)] for page in pages]
    # the margins of the whole document: a last page holding only a signature has no margin of its own
    left = min((line.x0 for body in bodies for line in body), default=0.0)
    right = max((line.x1 for body in bodies for line in body), default=0.0)
    indents = any(line.x0 > left + 1.5 * _char_width(line) for body in bodies for line in body)
    builder, starts = TextBuilder(), []
    previous: tuple[Line, float] | None = None
    table: tuple[Table, list[str]] | None = None  # the last table written, and its header row
    for page, body in zip(pages, bodies, strict=True):
        starts.append(builder.length)
        items = sorted([(line.top, 0, line) for line in body] + [(t.top, 1, t) for t in page.tables],
                       key=lambda item: item[:2])
        for number, (_, is_table, item) in enumerate(items):
            if is_table:
                table = _write_table(builder, item, table)
                previous = None
                continue
            joined = previous is not None and _continues(previous, item, left, indents, pats)
            piece = item.text if joined or not builder.length else "\n" + item.text
            if number == 0:  # the page starts at its first character, not at the line break before it
                starts[-1] = builder.length + len(piece) - len(item.text)
            builder.write(piece)
            previous, table = (item, right), None
    text, tables = builder.build()
    return text, [min(s, len(text)) for s in starts], tables


def _write_table(builder: TextBuilder, found: PageTable, last: tuple[Table, list[str]] | None
                 ) -> tuple[Table, list[str]]:
    """Write a page's table; right after another table with as many columns it continues that one
    (its repeated header row dropped)."""
    rows = found.rows
    if last is not None and rows and len(rows[0]) == len(last[1]):
        if rows[0] == last[1]:
            rows = rows[1:]
        if builder.length and not builder.parts[-1].endswith("\n"):
            builder.write("\n")
        return builder.table(rows, extend=last[0]), last[1]
    if builder.length and not builder.parts[-1].endswith("\n"):
        builder.write("\n")
    written = builder.table(rows)
    return written, rows[0] if rows else []


def _char_width(line: Line) -> float:
    return (line.x1 - line.x0) / max(len(line.text), 1)


def _continues(previous: tuple[Line, float], line: Line, left: float, indents: bool, pats: dict) -> bool:
    """Whether ``line`` goes on with the paragraph of the line before it (a hard wrap).

    Where the page indents its paragraphs, an unindented line continues even if it begins like a
    heading (…按凭证记账; / 2.对于…); on a page set flush left, a heading starts a paragraph.
    """
    before, right = previous
    width = _char_width(before)
    # a word of Latin letters or digits is never broken: the line before ends short of the margin by it
    word = len(_LATIN_START.match(line.text).group())
    reached_margin = before.x1 >= right - (MARGIN_SLACK + 0.6 * word) * width
    indented = line.x0 > left + 1.0 * width
    return reached_margin and not indented and (indents or not pats["paragraph_start"].match(shadow(line.text)))


def _is_furniture(line: Line, page: PageLines, running: set[str], pats: dict) -> bool:
    text = shadow(line.text).strip()
    if any(rx.match(text) for rx in pats["page_number"]):
        return True
    return _in_band(line, page, pats) and _key(text) in running


def _running_lines(pages: list[PageLines], pats: dict) -> set[str]:
    """Texts (digits aside) in the top or bottom band of enough pages to be a running header or footer."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({_key(shadow(line.text)) for line in page.lines if _in_band(line, page, pats)})
    needed = max(2, pats["repeat_share"] * len(pages))
    return {key for key, count in seen.items() if count >= needed and key}


def _in_band(line: Line, page: PageLines, pats: dict) -> bool:
    band = pats["band"] * page.height
    return line.top < band or line.top > page.height - band


def _key(text: str) -> str:
    return re.sub(r"[\d\s]+", "", text)
