"""PDF files (PDF 文档): the text of the text layer, pages joined by newlines (pdfplumber).

A PDF locked with an owner password only (printing or copying restricted) is opened with the
empty user password, as every viewer does; one that needs a user password, one whose fonts
map glyphs to no characters (``(cid:1780)…``), and one without a text layer (a scan) are
errors, never a notice with no pairs.
"""

from __future__ import annotations

import io
import re

from nlp.errors import FormatError, LimitError
from nlp.reader.limits import Limits

#: a PDF whose text is more than this share of (cid:N) placeholders has no usable text
MAX_CID_SHARE = 0.05
_CID = re.compile(r"\(cid:\d+\)")


def pdf_to_text(data: bytes, limits: Limits | None = None) -> tuple[str, int]:
    """Text of a PDF's text layer and its page count."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    limits = limits or Limits()
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            if len(pdf.pages) > limits.pages:
                raise LimitError(f"the PDF has {len(pdf.pages)} pages, above the {limits.pages} page limit")
            pages = [page.extract_text() or "" for page in pdf.pages]
    except LimitError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files (pdfplumber wraps them)
        if any(isinstance(e, PDFPasswordIncorrect) for e in (exc, exc.__context__, *exc.args)):
            raise FormatError("the PDF is password-protected (it needs a password to open)") from exc
        raise FormatError(f"not a readable PDF ({type(exc).__name__})") from exc
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise FormatError("the PDF has no text layer (a scanned image needs OCR first)")
    placeholders = sum(len(m) for m in _CID.findall(text))
    if placeholders > MAX_CID_SHARE * len(text):
        raise FormatError("the PDF's fonts map glyphs to no characters ((cid:N) text): it needs OCR")
    return text, len(pages)
