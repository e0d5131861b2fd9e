"""Plain dataclasses shared by every stage of the pipeline.

Every span-like object carries ``text``, ``start`` and ``end`` with the invariant
``notice_text[start:end] == text`` (offsets are characters of the text as read).
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field, fields
from typing import Literal

#: the document formats a notice is read from
Format = Literal["txt", "csv", "html", "pdf", "docx", "xlsx", "doc", "xls", "image"]
#: what a numbered heading is in the outline
HeadingKind = Literal["", "part", "organization", "followup", "category", "issue", "sub-issue", "response-part"]
#: a pair is an issue or a sub-issue (category headings hold pairs, they are not pairs)
PairKind = Literal["issue", "sub-issue"]
#: the forms of a date mention's ``value`` (records.md)
DateKind = Literal["date", "month", "year", "quarter", "range", "list"]
#: an inspection (巡视/巡察) rectification notice or an audit (审计) rectification report
NoticeType = Literal["inspection", "audit"]


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def flat_dict(obj: object) -> dict:
    """A flat dataclass (fields of plain values and lists of them) as a dict, lists copied: what
    ``dataclasses.asdict`` gives, without its deep copying (the record is built for every pair).

    >>> flat_dict(Span("台账", 0, 2))
    {'text': '台账', 'start': 0, 'end': 2}
    """
    return {name: (list(value) if isinstance(value, list) else value)
            for name in _field_names(type(obj)) for value in (getattr(obj, name),)}


@dataclass
class Span:
    """A piece of the notice text (文本片段) with its character offsets."""

    text: str
    start: int
    end: int


class SpanIndex:
    """Spans (start, end) ordered by start (按起点排序), so the spans lying in a stretch of text are
    found by bisection: a notice of thousands of pairs and mentions must not compare every pair
    with every mention.

    >>> index = SpanIndex([(12, 14), (3, 5), (7, 12)])
    >>> index.inside(0, 10), index.inside(6, 14)
    ([1], [0, 2])
    >>> index.first_inside(6, 10), index.first_inside(6, 12)
    (False, True)
    """

    def __init__(self, spans: list[tuple[int, int]]):
        self.order = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.order]
        self.ends = [spans[i][1] for i in self.order]

    def inside(self, start: int, end: int) -> list[int]:
        """Positions, in the given order, of the spans lying within [start, end)."""
        first, last = bisect.bisect_left(self.starts, start), bisect.bisect_right(self.starts, end)
        return sorted(i for i, stop in zip(self.order[first:last], self.ends[first:last], strict=True) if stop <= end)

    def first_inside(self, start: int, end: int) -> bool:
        """Whether the first span starting at or after ``start`` also ends by ``end``."""
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.ends[i] <= end


@dataclass
class Source:
    """Where a notice came from (来源): path, checksum, format and page count.

    ``page_starts`` are the text offsets where each PDF page begins; a web page's ``title``,
    ``published`` date and ``publisher`` come from its ``<meta>`` tags or information table, and
    ``attachments`` lists the files it links (.pdf, .doc, .docx, .xls, .xlsx, .wps). ``ocr`` says the
    text (or part of it) was read by OCR, with the mean word confidence ``ocr_confidence`` (0–1).
    ``warnings`` say what was mended in reading (stray bytes of a UTF-8 text replaced).
    """

    path: str | None
    sha256: str | None
    format: Format
    pages: int | None = None
    encoding: str | None = None
    page_starts: list[int] | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    attachments: list[dict] | None = None
    ocr: bool | None = None
    ocr_confidence: float | None = None
    warnings: list[str] | None = None


@dataclass
class Table:
    """A table of the document (表格), each cell a :class:`Span` of the document text.

    A rectification ledger (整改台账) is a table whose header row names an issue column.
    """

    rows: list[list[Span]]


@dataclass
class Document:
    """A notice as read from a file (文档): its text, where it came from, and its tables."""

    text: str
    source: Source
    tables: list[Table] = field(default_factory=list)


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
    kind: HeadingKind = ""
    region: str = ""


@dataclass
class Label:
    """A label on one axis (标签): the domain (监督领域) or the status (整改状态) of a pair.

    ``score`` is calibrated (a 0.9 is right nine times in ten) when trained models are loaded;
    ``raw_score`` is the fused rule/model score before calibration. A domain label has
    ``explain`` (the cues or model features behind it) and ``needs_review``; a status label
    has the ``evidence`` clause (with offsets into the notice text) and its ``cue``. A status
    stated by a ledger's status column keeps the classifier's own label as ``predicted``.
    """

    label: str
    score: float
    name: str
    raw_score: float | None = None
    predicted: str | None = None
    explain: list[str] | None = None
    needs_review: bool | None = None
    evidence: str | None = None
    start: int | None = None
    end: int | None = None
    cue: str | None = None

    def as_dict(self) -> dict:
        """The record form: the fields that are set."""
        return {k: v for k, v in flat_dict(self).items() if v is not None}


@dataclass
class Measure:
    """A rectification measure (整改措施) of a response, with its evidence clause (``text[start:end]``)."""

    label: str
    score: float
    evidence: str
    start: int
    end: int
    name: str
    cues: list[str] = field(default_factory=list)


@dataclass
class Classification:
    """The three labels of one pair (分类结果)."""

    domain: Label
    measures: list[Measure]
    status: Label


@dataclass
class ResponseQuality:
    """How a response reads (答复质量): the pairs whose responses it nearly copies (模板答复), and
    whether it is vague (空泛: no date, amount, document or count, only stock phrases), with why."""

    copied_from: list[str] = field(default_factory=list)
    vague: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass
class Pair:
    """An issue/response pair (问题与整改情况).

    ``issue`` is the statement of the problem (反馈问题) without numbering, quotes and
    the trailing 问题; ``response`` is what was done (整改情况). A pair read from a ledger row
    (整改台账) also carries the row's ``stated_status`` (完成情况), ``deadline`` (整改时限) and
    ``owner`` (责任单位); ``pages`` are the PDF pages the pair spans.
    """

    index: int
    no: str
    path: list[str]
    level: int
    kind: PairKind
    issue: Span
    response: Span
    heading: Span
    domain: Label | None = None
    measures: list[Measure] = field(default_factory=list)
    status: Label | None = None
    stated_status: Span | None = None
    deadline: Span | None = None
    owner: Span | None = None
    pages: list[int] = field(default_factory=list)
    response_quality: ResponseQuality | None = None

    @property
    def id(self) -> str:
        return f"p{self.index:03d}"


@dataclass
class DateMention:
    """A calendar expression (日期): date, month, year, quarter, range or list."""

    text: str
    start: int
    end: int
    kind: DateKind
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


@dataclass
class Meta:
    """The header fields of a notice (通报要素): who inspected whom, when, and who published."""

    title: str | None = None
    issuer: str | None = None
    inspected_unit: str | None = None
    inspection_body: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    feedback_date: str | None = None
    publish_date: str | None = None
    notice_type: NoticeType | None = None


@dataclass
class Summary:
    """The key figures a notice states for all its issues (整改成效数据); ``None`` = not stated.

    >>> Summary(issues_total=25, issues_completed=19).as_dict()
    {'issues_total': 25, 'issues_completed': 19}
    """

    issues_total: float | None = None
    issues_completed: float | None = None
    issues_ongoing: float | None = None
    completion_rate: float | None = None
    rules_made: float | None = None
    funds_recovered_yuan: float | None = None
    people_disciplined: float | None = None
    clues_transferred: float | None = None
    measures_total: float | None = None

    def as_dict(self) -> dict:
        """The record form: only the figures the notice states."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass
class Structure:
    """The outline of a notice (结构): accepted headings, pairs and layout warnings.

    ``intro_end`` is where the first numbered heading starts, ``issues_start`` where the issue
    list starts (its first category or issue), ``body_end`` where the closing block starts.
    """

    headings: list[Heading]
    pairs: list[Pair]
    body_end: int
    intro_end: int
    issues_start: int
    warnings: list[str] = field(default_factory=list)


@dataclass
class Notice:
    """One notice as the pipeline sees it (通报): text, its shadow and everything found in it.

    ``shadow`` is the text normalised character by character (same length, same offsets),
    the form every pattern is matched on.
    """

    text: str
    shadow: str
    source: Source | None = None
    structure: Structure | None = None
    meta: Meta = field(default_factory=Meta)
    summary: Summary = field(default_factory=Summary)
    contact: Contact = field(default_factory=Contact)
    dates: list[DateMention] = field(default_factory=list)
    money: list[MoneyMention] = field(default_factory=list)
    titles: list[TitleMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def pairs(self) -> list[Pair]:
        return self.structure.pairs if self.structure else []
