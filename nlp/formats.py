"""Document formats (文档格式): the text of web pages, PDF and Word files.

Each converter returns ``(text, pages)``; the record keeps that text, so its
offsets stay valid. Block elements and paragraphs become lines, which is what
the structure parser reads; scripts, styles and markup never reach the text.

>>> html_to_text("<html><body><h1>关于整改情况的通报</h1><p>一、组织领导<br>情况</p></body></html>")
'关于整改情况的通报\\n一、组织领导\\n情况'
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from nlp.errors import FormatError

BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
    "ul", "ol", "dd", "dt", "blockquote", "pre", "header", "footer", "title", "td", "th",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"



class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of a web page, one block element per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return _tidy_lines("".join(collector.parts))


def _tidy_lines(text: str) -> str:
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in its ``<meta>``, if any."""
    match = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.I)
    return match.group(1).decode("ascii").lower() if match else None


def pdf_to_text(data: bytes) -> tuple[str, int]:
    """Text of a PDF's text layer, pages joined by newlines (pdfplumber)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise FormatError(f"not a readable PDF ({type(exc).__name__})") from exc
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise FormatError("the PDF has no text layer (a scanned image needs OCR first)")
    return text, len(pages)


def docx_to_text(data: bytes) -> tuple[str, int | None]:
    """Paragraph text of a Word .docx file, one paragraph per line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise FormatError("not a Word .docx file") from exc
    paragraphs = ["".join(_run_text(node) for node in p.iter()) for p in root.iter(f"{_WORD}p")]
    text = "\n".join(p.strip() for p in paragraphs if p.strip())
    if not text:
        raise FormatError("the Word file has no text")
    return text, None


def _run_text(node: ElementTree.Element) -> str:
    if node.tag == f"{_WORD}t":
        return node.text or ""
    if node.tag == f"{_WORD}tab":
        return "\t"
    if node.tag in (f"{_WORD}br", f"{_WORD}cr"):
        return "\n"
    return ""
