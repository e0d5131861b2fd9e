"""Word files (Word 文档): the paragraph text of a .docx, one paragraph per line.

The XML is parsed with defusedxml (no entity expansion, no external entities) and every
member is read within :class:`~nlp.reader.limits.Limits`.
"""

from __future__ import annotations

import io
import zipfile

from nlp.errors import FormatError
from nlp.reader.limits import Limits, read_member

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes, limits: Limits | None = None) -> tuple[str, int | None]:
    """Paragraph text of a Word .docx file, one paragraph per line (pages unknown: None)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = fromstring(read_member(archive, "word/document.xml", limits or Limits()))
    except (zipfile.BadZipFile, KeyError, ParseError) as exc:
        raise FormatError("not a Word .docx file") from exc
    except DefusedXmlException as exc:
        raise FormatError(f"the Word file's XML is refused ({type(exc).__name__}: entities or DTD)") from exc
    paragraphs = ["".join(_run_text(node) for node in p.iter()) for p in root.iter(f"{_WORD}p")]
    text = "\n".join(p.strip() for p in paragraphs if p.strip())
    if not text:
        raise FormatError("the Word file has no text")
    return text, None


def _run_text(node) -> str:
    if node.tag == f"{_WORD}t":
        return node.text or ""
    if node.tag == f"{_WORD}tab":
        return "\t"
    if node.tag in (f"{_WORD}br", f"{_WORD}cr"):
        return "\n"
    return ""
