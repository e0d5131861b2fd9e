"""Web pages (网页): the visible text of an HTML page, one block element per line.

The record keeps that text, so its offsets stay valid; scripts, styles and markup never reach
it. A page's declared charset is trusted only when the bytes are not valid UTF-8 and the
declared decoding gives common Chinese characters: pages saved as UTF-8 under an old
``<meta charset=gb2312>`` are common.

>>> html_to_text("<html><body><h1>关于整改情况的通报</h1><p>一、组织领导<br>情况</p></body></html>")
'关于整改情况的通报\\n一、组织领导\\n情况'
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from nlp.reader.text import MIN_COMMON_SHARE, common_share, decode_text

BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
    "ul", "ol", "dd", "dt", "blockquote", "pre", "header", "footer", "title", "td", "th",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}


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


def decode_page(data: bytes) -> tuple[str, str]:
    """The page's markup as text and the encoding used: strict UTF-8 first, then the declared
    charset if its decoding reads as Chinese, else the plain-text detection of :func:`decode_text`.

    >>> page = "<meta charset=gbk><p>整改情况</p>".encode("utf-8")
    >>> decode_page(page)[1]
    'utf-8'
    """
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = html_charset(data)
    if declared:
        try:
            page = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            page = ""
        if page and common_share(html_to_text(page)) >= MIN_COMMON_SHARE:
            return page, declared
    return decode_text(data)
