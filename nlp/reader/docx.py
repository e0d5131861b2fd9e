"""Word files (Word 文档): paragraphs and tables of a .docx in document order.

The XML is parsed with defusedxml (no entity expansion, no external entities) and every
member is read within :class:`~nlp.reader.limits.Limits`. A table (a ledger, 整改台账) keeps
its cells as spans of the text (:class:`~nlp.reader.builder.TextBuilder`).
"""

from __future__ import annotations

from nlp.errors import FormatError
from nlp.reader.builder import TextBuilder
from nlp.reader.limits import Limits, open_archive, read_member
from nlp.types import Table

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, limits: Limits | None = None) -> tuple[str, list[Table]]:
    """Text of a Word .docx file (one paragraph a line, one table row a line) and its tables."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        with open_archive(data, "not a Word .docx file") as archive:
            root = fromstring(read_member(archive, "word/document.xml", limits or Limits()))
    except KeyError as exc:
        raise FormatError("not a Word .docx file (no word/document.xml)") from exc
    except (ParseError, LookupError) as exc:  # LookupError: an XML declaration naming an unknown encoding
        raise FormatError(f"not a Word .docx file (its XML is broken: {exc})") from exc
    except DefusedXmlException as exc:
        raise FormatError(f"the Word file's XML is refused ({type(exc).__name__}: entities or DTD)") from exc
    body = root.find(f"{_WORD}body")
    builder = TextBuilder()
    for block in body if body is not None else []:
        if block.tag == f"{_WORD}p":
            builder.line(_paragraph(block))
        elif block.tag == f"{_WORD}tbl":
            builder.table([[_cell(cell) for cell in row.iter(f"{_WORD}tc")] for row in block.iter(f"{_WORD}tr")])
    text, tables = builder.build()
    if not text.strip():
        raise FormatError("the Word file has no text")
    return text.rstrip("\n"), tables


def _paragraph(paragraph) -> str:
    return "".join(_run_text(node) for node in paragraph.iter())


def _cell(cell) -> str:
    return "\n".join(p for p in (_paragraph(p).strip() for p in cell.iter(f"{_WORD}p")) if p)


def _run_text(node) -> str:
    if node.tag == f"{_WORD}t":
        return node.text or ""
    if node.tag == f"{_WORD}tab":
        return "\t"
    if node.tag in (f"{_WORD}br", f"{_WORD}cr"):
        return "\n"
    return ""
