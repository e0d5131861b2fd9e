"""Plain dataclasses shared by every stage of the pipeline.

Every span-like object carries ``text``, ``start`` and ``end`` with the invariant
``notice_text[start:end] == text`` (offsets are characters of the text as read).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    """A piece of the notice text (文本片段) with its character offsets."""

    text: str
    start: int
    end: int


@dataclass
class Source:
    """Where a notice came from (来源): path, checksum, format and page count."""

    path: str
    sha256: str
    format: str
    pages: int | None = None
    encoding: str | None = None


@dataclass
class Heading:
    """A numbered heading (标题) found in the notice: ``(一)“…”问题``, ``1.关于…``.

    ``level`` is the depth of the heading in this notice's outline (1 = outermost),
    ``kind`` is ``part`` / ``organization`` / ``followup`` / ``category`` / ``issue`` /
    ``sub-issue``; a part's ``region`` says what it holds (``organization``, ``issues``…).
    """

    no: str
    style: str
    value: int
    start: int
    end: int
    body_start: int
    level: int = 0
    kind: str = ""
    region: str = ""


@dataclass
class Pair:
    """An issue/response pair (问题与整改情况).

    ``issue`` is the statement of the problem (反馈问题) without numbering, quotes and
    the trailing 问题; ``response`` is what was done (整改情况).
    """

    index: int
    no: str
    path: list[str]
    level: int
    kind: str
    issue: Span
    response: Span
    heading: Span
    domain: dict | None = None
    measures: list[dict] = field(default_factory=list)
    status: dict | None = None

    @property
    def id(self) -> str:
        return f"p{self.index:03d}"


@dataclass
class DateMention:
    """A calendar expression (日期): date, month, year, quarter, range or list."""

    text: str
    start: int
    end: int
    kind: str
    value: str
    inferred_year: bool = False
    in_title: bool = False


@dataclass
class MoneyMention:
    """An amount of money (金额) in yuan; ``low``/``high`` for ranges."""

    text: str
    start: int
    end: int
    yuan: float
    approx: bool = False
    low: float | None = None
    high: float | None = None


@dataclass
class TitleMention:
    """A document title in 《…》 (文件名称), with its type (文种) and number (文号)."""

    text: str
    start: int
    end: int
    nested: bool = False
    truncated: bool = False
    doc_type: str | None = None
    doc_number: str | None = None
    issued: bool = False


@dataclass
class Quantity:
    """A count with its unit (数量: 83组, 1313户) or a percentage (百分比).

    ``approx`` marks 余/多 counts (1300余户), whose value is the stated figure.
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    approx: bool = False


@dataclass
class Contact:
    """The contact block of a notice (联系方式)."""

    phone: list[str] = field(default_factory=list)
    email: list[str] = field(default_factory=list)
    address: str | None = None
    postcode: str | None = None
