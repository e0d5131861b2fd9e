"""Web pages (网页): the notice on a government page, without the page around it.

Government pages carry navigation, breadcrumbs, an information table (索引号, 发布机构), a tool
bar (发布时间, 浏览次数, 打印本页), related articles and a footer (主办单位, ICP备案). The body is
taken out with trafilatura (a maintained main-content extractor); the title (``<h1>``, else the
ArticleTitle meta tag) is put before it. The page's date and publisher (PubDate, ContentSource
meta tags, the information table) and its attached files are kept in the source. When
trafilatura finds no body, the visible text of the page (:func:`html_to_text`) is used.

A page's declared charset is trusted only when the bytes are not valid UTF-8 and the declared
decoding gives common Chinese characters: pages saved as UTF-8 under an old
``<meta charset=gb2312>`` are common.

>>> html_to_text("<html><body><h1>关于整改情况的通报</h1><p>一、组织领导<br>情况</p></body></html>")
'关于整改情况的通报\\n一、组织领导\\n情况'
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from nlp.reader.builder import Extracted
from nlp.reader.text import MIN_COMMON_SHARE, Decoded, common_share, decode
from nlp.tables import load_table

BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
    "ul", "ol", "dd", "dt", "blockquote", "pre", "header", "footer", "title", "td", "th",
}
SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
#: a body shorter than this share of the page's visible text is taken for a failed extraction
MIN_BODY_SHARE = 0.2
_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")


@functools.cache
def _page_table() -> dict:
    raw = load_table("page")
    return {"meta_names": raw["meta_names"], "attachment": re.compile(raw["attachment"], re.I),
            "info_fields": {name: re.compile(rx) for name, rx in raw["info_fields"].items()}}


class _TextCollector(HTMLParser):
    """Visible text one block a line; also the meta tags, the first ``<h1>`` and attached files."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.meta: dict[str, str] = {}
        self.heading: list[str] | None = None
        self.h1 = ""
        self.link: dict | None = None
        self.attachments: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = {k: v or "" for k, v in attrs}
        names = _page_table()["meta_names"]
        if tag == "meta" and values.get("name", "").lower() in names:
            self.meta.setdefault(names[values["name"].lower()], values.get("content", "").strip())
        elif tag == "h1" and not self.h1:
            self.heading = []
        elif tag == "a" and _page_table()["attachment"].search(values.get("href", "")):
            self.link = {"href": values["href"], "text": ""}
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.heading is not None:
            self.h1, self.heading = " ".join("".join(self.heading).split()), None
        elif tag == "a" and self.link is not None:
            self.link["text"] = self.link["text"].strip()
            self.attachments.append(self.link)
            self.link = None
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data)
        if self.heading is not None:
            self.heading.append(data)
        if self.link is not None:
            self.link["text"] += data


def page_to_text(data: bytes) -> Extracted:
    """The notice of a web page: title and body as text, the page's facts in the source.

    >>> page = ("<html><head><meta name='PubDate' content='2023-10-13 09:30'></head><body>"
    ...         "<div>首页 &gt; 巡察整改</div><h1>关于巡察整改情况的通报</h1><p>根据市委统一部署,开展了巡察。</p>"
    ...         "<a href='/a/tz.xlsx'>整改台账</a><div>主办单位:某某局</div></body></html>").encode()
    >>> found = page_to_text(page)
    >>> found.published, found.attachments[0]["href"], found.text.splitlines()[0]
    ('2023-10-13', '/a/tz.xlsx', '关于巡察整改情况的通报')
    """
    decoded = decode_page(data)
    page = decoded.text
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    visible = _tidy_lines("".join(collector.parts))
    title = collector.h1 or collector.meta.get("title") or None
    body = _main_text(page)
    if not body or len(body) < MIN_BODY_SHARE * len(visible):
        text = visible
    else:
        text = body if not title or body.startswith(title) else f"{title}\n{body}"
    fields = _page_table()["info_fields"].items()
    info = {name: found.group(1) for name, rx in fields if (found := rx.search(visible))}
    published = _iso(collector.meta.get("published") or info.get("published"))
    return Extracted(text, encoding=decoded.encoding, title=title, published=published,
                     publisher=collector.meta.get("publisher") or info.get("publisher"),
                     attachments=collector.attachments or None,
                     warnings=[decoded.warning] if decoded.warning else None)


def _main_text(page: str) -> str | None:
    """The main content of the page (trafilatura), lines tidied; None when nothing is found."""
    import trafilatura

    body = trafilatura.extract(page, include_tables=True, include_comments=False, favor_recall=True,
                               include_formatting=False, deduplicate=False)
    return _tidy_lines(body) if body else None


def _iso(value: str | None) -> str | None:
    found = _DATE.search(value or "")
    return f"{found.group(1)}-{int(found.group(2)):02d}-{int(found.group(3)):02d}" if found else None


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


def decode_page(data: bytes) -> Decoded:
    """The page's markup as text and the encoding used: strict UTF-8 first, then the declared
    charset if its decoding reads as Chinese, else the plain-text detection of :func:`~nlp.reader.text.decode`.

    >>> page = "<meta charset=gbk><p>整改情况</p>".encode("utf-8")
    >>> decode_page(page).encoding
    'utf-8'
    """
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = html_charset(data)
    if declared:
        try:
            page = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            page = ""
        if page and common_share(html_to_text(page)) >= MIN_COMMON_SHARE:
            return Decoded(page, declared)
    return decode(data)
