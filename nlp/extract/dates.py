"""Calendar expressions (日期): dates, months, years, quarters, ranges and lists.

Patterns run on the normalised shadow (full-width → half-width, traditional →
simplified); mention texts are cut from the original. Years left out by the writer
(3月22日, 今年, 当年度) are inferred from the document itself: the nearest explicit
year before the mention, the publication date, and the rule that rectification
happens after the feedback (反馈) date.

>>> [(m.text, m.kind, m.value) for m in extract_dates("于2023年7月13日至8月31日开展巡察。")]
[('2023年7月13日至8月31日', 'range', '2023-07-13/2023-08-31')]
>>> m = extract_dates("2023年1月11日,巡察组反馈意见。3月22日召开会议。")[1]
>>> (m.value, m.inferred_year)
('2023-03-22', True)
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, replace

from nlp.extract.titles import title_spans
from nlp.normalize import shadow
from nlp.numerals import cn_to_number
from nlp.tables import alternation, load_table
from nlp.types import DateMention

_YEAR_CN = "[〇零○一二三四五六七八九]{4}"
_MONTH = r"1[0-2](?!\d)|0?[1-9](?!\d)|十[一二]?|[一二三四五六七八九]"
_DAY = (r"3[01](?!\d)|[12]\d(?!\d)|0?[1-9](?!\d)"
        r"|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]")

#: a date is not read out of a longer number (1.2020), but it may follow a heading number at a
#: line start (3.2022年以来…, 42.2019、2020年度…)
_AFTER_HEADING_NO = r"|(?<=\n\d\.)|(?<=\n\d\d\.)|(?<=\n\d\d\d\.)"
#: what ends the clause a date is read in, for the cue words of feedback and inspection
_CLAUSE_ENDS = "。;\n"


@dataclass
class DateContext:
    """What the notice says about its own timeline (时间背景), as ISO dates or months.

    Used to infer years the text leaves out. Fields left ``None`` are read from the
    text itself (page date line, the sentence with 反馈, the inspection range).

    >>> DateContext(feedback_date="2023-01-11").feedback_date
    '2023-01-11'
    """

    publish_date: str | None = None
    feedback_date: str | None = None
    inspection_end: str | None = None


@dataclass
class _Point:
    """One calendar point as written; ``year`` None when the writer left it out."""

    start: int
    end: int
    year: int | None = None
    rel: str | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: tuple[int, int] | None = None
    edge: int | None = None

    @property
    def explicit(self) -> bool:
        return self.year is not None and self.rel is None

    @property
    def first_month(self) -> int | None:
        if self.month is not None:
            return self.month
        if self.quarter is not None:
            return 3 * self.quarter - 2
        return self.half[0] if self.half else self.edge

    def key(self) -> tuple[int, int]:
        """(month, day) for comparing positions within a year; a month alone sorts first."""
        return (self.first_month or 1, self.day or 0)


@dataclass
class _Group:
    """A mention: one point, a range (two points) or a list of points."""

    start: int
    end: int
    points: list[_Point]
    kind: str = "single"
    inferred: bool = False


@dataclass(frozen=True)
class _Patterns:
    point: re.Pattern[str]
    numeric: re.Pattern[str]
    pre: re.Pattern[str]
    gap_range: re.Pattern[str]
    gap_list: re.Pattern[str]
    day_tail: re.Pattern[str]
    day_list: re.Pattern[str]
    lost_day: re.Pattern[str]
    page_cue: re.Pattern[str]
    not_dates: re.Pattern[str]
    year_blocked_after: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    t = load_table("dates")
    rel = alternation(t["relative_years"])
    quarter = rf"第?(?:{alternation(t['quarters'])})季度"
    halves = alternation(t["halves"])
    edge = rf"年?(?:{alternation(t['year_edges'])})(?!{alternation(t['edge_blocked_after'])})"
    part = rf"(?:{alternation(t['month_parts'])})(?!{alternation(t['edge_blocked_after'])})"
    conn_range, conn_list = alternation(t["range_connectors"]), alternation(t["list_connectors"])
    # a point starts with a digit, a year word, 第/首 or 上/下半年: skip other positions fast
    starts = "".join(sorted({w[0] for w in [*t["relative_years"], *t["halves"], *t["quarters"], "第"]}))
    # spaces between a year and its month as some sites set them (2024 年 2 月), not a line break
    spaced = r"(?:[ \t]+(?=\d{1,2}\s*月))?"
    point = (
        rf"(?=[\d〇零○一二三四五六七八九十{re.escape(starts)}])(?:(?<![\d.]){_AFTER_HEADING_NO})(?:(?P<y>(?:19|20)\d{{2}}|{_YEAR_CN})\s*年{spaced}|(?P<rel>{rel}))?(?P<du>度)?"
        rf"(?:(?P<q>{quarter})|(?P<half>{halves})|(?P<edge>{edge})"
        rf"|(?P<m>{_MONTH})\s*月(?P<fen>份)?(?:\s*(?P<d>{_DAY})\s*[日号]|(?P<part>{part}))?)?"
    )
    numeric = (r"(?<![\d./-])(?P<y>(?:19|20)\d{2})(?P<sep>[-./])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
               r"(?P<d>3[01]|[12]\d|0?[1-9])(?!\d|\.\d)")
    return _Patterns(
        point=re.compile(point),
        numeric=re.compile(numeric),
        pre=re.compile(rf"(?:(?<![\d.,]){_AFTER_HEADING_NO})(?P<n>\d{{1,4}}|[一二三四])\s*(?P<c>{conn_range}|{conn_list})\s*$"),
        gap_range=re.compile(rf"\s*(?:{conn_range})\s*"),
        gap_list=re.compile(rf"\s*(?:{conn_list})\s*"),
        day_tail=re.compile(rf"\s*(?:{conn_range})\s*(?P<d>{_DAY})\s*[日号]"),
        day_list=re.compile(rf"\s*(?:{conn_list})\s*(?P<d>{_DAY})\s*日"),
        lost_day=re.compile(rf"(?P<d>3[01]|[12]\d|0?[1-9])(?!{t['lost_day_blocked_after']})"),
        page_cue=re.compile(rf"(?:{alternation(t['page_date_cues'])})\s*[:]?\s*$|{t['speech_date_lead']}"),
        not_dates=re.compile(alternation(t["not_dates"])),
        year_blocked_after=re.compile(t["year_blocked_after"]),
    )


@dataclass
class DateCandidates:
    """Date expressions found in a notice before their left-out years are resolved (日期候选).

    Detection runs once per notice (:func:`detect_dates`); resolution (:func:`resolve_dates`) may
    run on a window first (the header, read without context) and on the whole text once the
    header's dates are known.
    """

    groups: list[_Group]
    in_title: list[bool]


def detect_dates(norm: str, titles: list[tuple[int, int]] | None = None) -> DateCandidates:
    """Every calendar expression of the shadow ``norm``; ``titles`` are the outer 《…》 spans
    (found here when not given), whose dates do not anchor years."""
    if titles is None:
        titles = [(s, e) for s, e, depth, _ in title_spans(norm) if depth == 0]
    groups = [g for g in _group(norm, _points(norm)) if not _inside_not_date(norm, g)]
    starts = [s for s, _ in titles]  # outer titles are sorted and do not overlap

    def in_title(group: _Group) -> bool:
        i = bisect.bisect_right(starts, group.start) - 1
        return i >= 0 and group.end <= titles[i][1]

    return DateCandidates(groups, [in_title(g) for g in groups])


def resolve_dates(text: str, norm: str, found: DateCandidates, context: DateContext | None = None,
                  window: tuple[int, int] | None = None) -> list[DateMention]:
    """The mentions of ``found`` (those inside ``window`` only, when given) with their years
    inferred from ``context`` and the text. ``found`` itself is left unchanged."""
    start, end = window or (0, len(norm))
    kept = [(replace(g, points=[replace(p) for p in g.points]), flag)  # resolution fills in years: copy
            for g, flag in zip(found.groups, found.in_title, strict=True) if start <= g.start and g.end <= end]
    groups, in_title = [g for g, _ in kept], [flag for _, flag in kept]
    _Resolver(norm, groups, in_title, context or DateContext()).resolve()
    return [_mention(text, g, flag) for g, flag in kept]


def extract_dates(text: str, context: DateContext | None = None, norm: str | None = None) -> list[DateMention]:
    """Every calendar expression in ``text``, sorted by start.

    ``context`` gives known publication/feedback/inspection dates for year inference;
    whatever it leaves ``None`` is read from the text. ``norm`` is the text's shadow
    (:func:`nlp.normalize.shadow`) when the caller already has it.

    >>> [(m.text, m.value) for m in extract_dates("2019、2020年度未召开专题会议")]
    [('2019、2020年度', '2019,2020')]
    >>> [m.value for m in extract_dates("发布时间: 2025-04-10 11:16")]
    ['2025-04-10']
    """
    norm = shadow(text) if norm is None else norm
    return resolve_dates(text, norm, detect_dates(norm), context)


def _points(norm: str) -> list[_Point]:
    """All single calendar points, word forms and numeric forms (2023-05-04, 2023.5.4)."""
    found = [p for m in _patterns().point.finditer(norm) if (p := _word_point(norm, m))]
    for m in _patterns().numeric.finditer(norm):
        found.append(_Point(m.start(), m.end(), int(m["y"]), month=int(m["m"]), day=int(m["d"])))
    found.sort(key=lambda p: p.start)
    return [p for i, p in enumerate(found) if i == 0 or p.start >= found[i - 1].end]


def _word_point(norm: str, m: re.Match[str]) -> _Point | None:
    """A point from the word pattern, or None when the match is empty or not a date."""
    if not m.group() or not (m["y"] or m["rel"] or m["q"] or m["half"] or m["m"]):
        return None
    table = load_table("dates")
    if m["edge"] and not (m["y"] or m["rel"]):
        return None
    if m["y"] and m.end() == m.end("y") + 1 and _patterns().year_blocked_after.match(norm, m.end()):
        return None
    if m["rel"] and _rel_blocked(norm, m, table):
        return None
    if not (m["y"] or m["rel"]) and _blocked_before(norm, m.start(), table):
        return None
    month = _number(m["m"])
    if month is not None and not m["m"].isdigit() and not (m["y"] or (m["d"] and not m["d"].isdigit())):
        return None
    return _Point(
        m.start(), m.end(), _number(m["y"]), m["rel"], month, _number(m["d"]),
        _quarter(m["q"]), tuple(table["halves"][m["half"]]) if m["half"] else None,
        table["year_edges"][m["edge"][-1]] if m["edge"] else None,
    )


def _rel_blocked(norm: str, m: re.Match[str], table: dict) -> bool:
    """A relative-year word that is part of another word: 相当年, 如今年轻, 不同年龄."""
    before = norm[m.start() - 1:m.start()] if m.start() else ""
    after = norm[m.start("rel") + len(m["rel"]):][:1]
    return (before in table["relative_year_blocked_before"].get(m["rel"], [])
            or (m.end() == m.end("rel") and after in table["relative_year_blocked_after"]))


def _blocked_before(norm: str, start: int, table: dict) -> bool:
    """A year-less month after 每年/近/第… is a frequency or a duration, not a date."""
    before = norm[max(0, start - 2):start]
    if any(c in table["frequency_prefixes"] for c in before):
        return True
    return any(before.endswith(w) for w in table["month_blocked_before"])


def _number(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else cn_to_number(word)


def _quarter(word: str | None) -> int | None:
    if not word:
        return None
    return load_table("dates")["quarters"][word.removeprefix("第").removesuffix("季度")]


def _group(norm: str, points: list[_Point]) -> list[_Group]:
    """Join points into ranges (至/到/-) and lists (、/和), with bare leading numbers."""
    pats = _patterns()
    groups: list[_Group] = []
    for point in points:
        last = groups[-1] if groups else None
        gap = norm[last.end:point.start] if last else ""
        if last and last.kind != "range" and len(last.points) == 1 and pats.gap_range.fullmatch(gap):
            last.points.append(point)
            last.kind, last.end = "range", point.end
        elif last and last.kind in ("single", "list") and pats.gap_list.fullmatch(gap):
            last.points.append(point)
            last.kind, last.end = "list", point.end
        else:
            group = _with_leading_numbers(norm, _Group(point.start, point.end, [point]))
            if last and _year_before(norm, last, group):
                first = group.points[0]
                first.year, first.rel, group.start = last.points[0].year, last.points[0].rel, last.start
                groups[-1] = group
            else:
                groups.append(group)
    return [_with_lost_day(norm, _with_day_tail(norm, g)) for g in groups]


def _with_leading_numbers(norm: str, group: _Group) -> _Group:
    """Take in bare numbers before the point: 2019、2020年度, 2021-2035年, 3、4月份, 三、四季度."""
    pats, first = _patterns(), group.points[0]
    unit = _leading_unit(norm, first)
    while unit:
        found = pats.pre.search(norm, max(0, group.start - 12), group.start)
        if not found or not _fits(found["n"], unit):
            break
        point = _Point(found.start(), found.start("c"))
        setattr(point, unit, _quarter(found["n"] + "季度") if unit == "quarter" else int(found["n"]))
        is_range = pats.gap_range.fullmatch(found["c"])
        if is_range and group.kind == "list":
            break
        group.points.insert(0, point)
        group.start, group.kind = found.start(), "range" if is_range else "list"
        if is_range:
            break
    return group


def _year_before(norm: str, last: _Group, group: _Group) -> bool:
    """A bare year written right before a year-less list or range: 2024年1—2月, 今年三、四季度."""
    year = last.points[0]
    return (last.kind == "single" and (year.explicit or year.rel) and year.first_month is None
            and len(group.points) > 1
            and group.points[0].year is None and group.points[0].rel is None
            and not norm[last.end:group.start].strip())


def _leading_unit(norm: str, first: _Point) -> str | None:
    """What a bare leading number would count: the first unit written on the point."""
    if first.explicit and norm[first.start].isdigit() and first.month is None and not first.quarter:
        return "year"
    if first.year is None and first.rel is None and first.day is None:
        if first.month is not None:
            return "month"
        if first.quarter is not None:
            return "quarter"
    return None


def _fits(number: str, unit: str) -> bool:
    if unit == "quarter":
        return number in load_table("dates")["quarters"]
    if not number.isdigit():
        return False
    if unit == "year":
        return len(number) == 4 and number[:2] in ("19", "20")
    return 1 <= int(number) <= 12 and len(number) <= 2


def _with_day_tail(norm: str, group: _Group) -> _Group:
    """A range or list whose further sides are bare days: 2023年7月1日至10日, 2022年10月26日、30日."""
    if group.kind != "single" or group.points[-1].day is None:
        return group
    pats = _patterns()
    found = pats.day_tail.match(norm, group.end)
    if found:
        group.points.append(_Point(found.start("d"), found.end(), day=_number(found["d"])))
        group.kind, group.end = "range", found.end()
        return group
    while found := pats.day_list.match(norm, group.end):
        group.points.append(_Point(found.start("d"), found.end(), day=_number(found["d"])))
        group.kind, group.end = "list", found.end()
    return group


def _with_lost_day(norm: str, group: _Group) -> _Group:
    """A range from a day to a month followed at once by a bare day number: the day lost its 日
    (2022年8月19日至2022年11月15市委…), for the period is written day to day."""
    first, last = group.points[0], group.points[-1]
    if group.kind != "range" or first.day is None or last.month is None or last.day is not None:
        return group
    found = _patterns().lost_day.match(norm, group.end)
    if found:
        last.day, last.end, group.end = int(found["d"]), found.end(), found.end()
    return group


def _inside_not_date(norm: str, group: _Group) -> bool:
    """Mentions lying inside a known non-date phrase (十四五, 七一讲话) are dropped."""
    window = norm[max(0, group.start - 6):group.end + 6]
    offset = max(0, group.start - 6)
    return any(m.start() + offset <= group.start and group.end <= m.end() + offset
               for m in _patterns().not_dates.finditer(window))


class _Resolver:
    """Fills in left-out years, reading the timeline from the context or the text.

    Every look-up by position (the sentence's end, the next mention, a cue word, the nearest year)
    is a bisection in lists made once, so that a text of many mentions takes time in proportion.
    """

    def __init__(self, norm: str, groups: list[_Group], in_title: list[bool], context: DateContext):
        self.norm, self.groups, self.context = norm, groups, context
        self.body = [g for g, flag in zip(groups, in_title, strict=True) if not flag]
        self.anchors: list[tuple[int, int]] = sorted(
            (p.start, p.year) for g in self.body for p in g.points if p.explicit and p.year)
        # years inferred as resolution goes: kept apart from ``anchors`` so that, coming in text
        # order (groups are resolved by start), each goes in at the end rather than in the middle
        self.inferred: list[tuple[int, int]] = []
        self.body_starts = sorted(g.start for g in self.body)
        self.cue_starts: dict[str, list[int]] = {}
        self.feedback: tuple[int, _Point] | None = None
        self.publish: _Point | None = None
        self.inspection: tuple[int, _Point] | None = None

    def resolve(self) -> None:
        for group in self.groups:
            _inherit(group)
        self._read_timeline()
        for group in self.groups:
            self._resolve_group(group)

    def _read_timeline(self) -> None:
        ctx = self.context
        told = _parse_iso(ctx.inspection_end)
        self.inspection = (self._position_of(told), told) if told else self._inspection_from_text()
        feedback = _parse_iso(ctx.feedback_date)
        self.feedback = (self._position_of(feedback), feedback) if feedback else self._feedback_from_text()
        publish = _parse_iso(ctx.publish_date) or self._publish_from_text()
        if publish and self.feedback and _sort_key(publish) < _sort_key(self.feedback[1]):
            publish = None  # a page date before the feedback is the page's, not the notice's
        self.publish = publish

    def _position_of(self, point: _Point) -> int:
        """Where the text states ``point`` (the mention with its value), else the start."""
        for group in self.body:
            for p in group.points:
                if p.explicit and (p.year, p.month, p.day) == (point.year, point.month, point.day):
                    return group.end
        return 0

    def _feedback_from_text(self) -> tuple[int, _Point] | None:
        """The date or month closest before 反馈 in its sentence."""
        table = load_table("dates")
        for group in self.body:
            if group.kind != "single" or group.points[0].first_month is None:
                continue
            cue = self._cue_at(table["feedback_cues"], group.end, self._sentence_end(group.end))
            if cue is None or self._next_start(group.end) < cue:  # another mention is closer to the cue
                continue
            point = replace(group.points[0])
            if point.year is None:
                point.year = self._anchor_year(group.start)
            return (group.end, point) if point.year else None
        return None

    def _inspection_from_text(self) -> tuple[int, _Point] | None:
        """The end of the first range in an inspection sentence, with where the range ends."""
        table = load_table("dates")
        for group in self.body:
            if group.kind == "range" and self._cue_at(table["inspection_cues"], group.start,
                                                      self._sentence_end(group.end)) is not None:
                return (group.end, group.points[-1]) if group.points[-1].year else None
        return None

    def _publish_from_text(self) -> _Point | None:
        """The page date line (发布时间: …), else a full date opening a line near the end."""
        pats = _patterns()
        full = [g for g in self.body if g.kind == "single" and g.points[0].explicit and g.points[0].day]
        top = max(600, len(self.norm) // 10)  # page date lines sit above the body
        for group in full:
            if group.start < top and pats.page_cue.search(self.norm, max(0, group.start - 12), group.start):
                return group.points[0]
        for group in reversed(full):
            if group.start > 0.6 * len(self.norm) and _opens_line(self.norm, group.start):
                return group.points[0]
        return None

    @functools.cached_property
    def _clause_ends(self) -> list[int]:
        """Where the clauses of the text end (。, ; or a line break), in order."""
        return [m.start() for m in re.finditer(f"[{_CLAUSE_ENDS}]", self.norm)]

    def _sentence_end(self, position: int) -> int:
        """The end of the clause holding ``position``: the first clause end at or after it."""
        i = bisect.bisect_left(self._clause_ends, position)
        return self._clause_ends[i] if i < len(self._clause_ends) else len(self.norm)

    def _next_start(self, position: int) -> int:
        """The start of the first mention at or after ``position``, else the end of the text."""
        i = bisect.bisect_left(self.body_starts, position)
        return self.body_starts[i] if i < len(self.body_starts) else len(self.norm)

    def _cue_at(self, words: list[str], start: int, end: int) -> int | None:
        """Where the first of ``words`` written wholly inside ``norm[start:end]`` begins, else None."""
        found = []
        for word in words:
            if word not in self.cue_starts:  # every occurrence, overlapping ones too (as str.find sees them)
                self.cue_starts[word] = [m.start() for m in re.finditer(f"(?={re.escape(word)})", self.norm)]
            starts = self.cue_starts[word]
            i = bisect.bisect_left(starts, start)
            if i < len(starts) and starts[i] + len(word) <= end:
                found.append(starts[i])
        return min(found, default=None)

    def _anchor_year(self, position: int) -> int | None:
        """The year of the nearest explicit or inferred year written before ``position``."""
        before = [found[i - 1] for found in (self.anchors, self.inferred)
                  if (i := bisect.bisect_left(found, (position, 0)))]
        return max(before)[1] if before else None

    def _next_year(self, position: int, point: _Point) -> int | None:
        """The year from the first explicit date written after ``position``: a news story may open with
        its latest event (12月10日, 巡察组召开反馈会议) and give the year only when it tells the earlier
        inspection (从2018年8月30日开始), so a day before that one's falls in the following year."""
        starts, points = self._dated
        i = bisect.bisect_left(starts, position)
        if i == len(points):
            return None
        later = points[i]
        return later.year + 1 if _cut(point.key(), point) < _cut(later.key(), point) else later.year

    @functools.cached_property
    def _dated(self) -> tuple[list[int], list[_Point]]:
        """Explicit points with a year and a month (a year alone, 2023年统计督察, dates no event): their
        starts and themselves, in text order."""
        points = sorted((p for g in self.body for p in g.points if p.explicit and p.year and p.first_month),
                        key=lambda p: p.start)
        return [p.start for p in points], points

    def _current_year(self, position: int) -> int | None:
        """The year of writing (今年): publication, else feedback, else the nearest year.

        A notice published early in a year may have been written late in the one before:
        when a 今年 month lies after the publication date (今年8月, published in January),
        the year of writing is the one before publication.
        """
        if self.publish:
            return self.publish.year - self._written_year_before
        if self.feedback:
            return self.feedback[1].year
        return self._anchor_year(position)

    @functools.cached_property
    def _written_year_before(self) -> int:
        """1 when a month said to be this year (今年) lies after the publication date, else 0."""
        current = {word for word, rule in load_table("dates")["relative_years"].items()
                   if rule == {"base": "current", "offset": 0}}
        published = _cut(self.publish.key(), self.publish)
        later = any(p.rel in current and p.first_month and _cut(p.key(), p) > published
                    for g in self.body for p in g.points)
        return int(later)

    def _resolve_group(self, group: _Group) -> None:
        first = group.points[0]
        if first.year is not None:
            return
        year = self._relative_year(first) if first.rel else self._bounded_year(group.start, first)
        if year is None:
            return
        group.inferred = True
        for point in group.points[1:]:
            if point.rel:
                point.year = self._relative_year(point)
        _inherit(group, year)
        bisect.insort(self.inferred, (group.start, year))

    def _relative_year(self, point: _Point) -> int | None:
        """今年 counts from the year of writing, 当年 from the nearest year before."""
        rule = load_table("dates")["relative_years"][point.rel]
        base = self._current_year(point.start) if rule["base"] == "current" else self._anchor_year(point.start)
        return base + rule["offset"] if base is not None else None

    def _bounded_year(self, position: int, point: _Point) -> int | None:
        """Nearest year before, moved to fall after the feedback and before publication."""
        year = self._anchor_year(position)
        # the nearest of the two written before: a news story tells the feedback meeting first and the
        # inspection after it, and a date after the inspection sentence follows the inspection only
        before = [bound for bound in (self.feedback, self.inspection) if bound and position > bound[0]]
        low = max(before, key=lambda bound: bound[0])[1] if before else None
        if year is None:
            year = low.year if low else (self.publish.year if self.publish else self._next_year(position, point))
        if year is None:
            return None
        if low and (year, *_cut(point.key(), point)) < (low.year, *_cut(low.key(), point)):
            year = low.year if _cut(point.key(), point) >= _cut(low.key(), point) else low.year + 1
        up = self.publish
        if up and (year, *point.key()) > (up.year, *up.key()):
            earlier = (year - 1, *_cut(point.key(), point))
            if not low or earlier >= (low.year, *_cut(low.key(), point)):
                year -= 1
        return year


def _cut(key: tuple[int, int], point: _Point) -> tuple[int, int]:
    """Compare at the mention's precision: a month alone ignores the day."""
    return key if point.day else (key[0], 0)


def _sort_key(point: _Point) -> tuple[int, int, int]:
    return (point.year or 0, *point.key())


def _opens_line(norm: str, position: int) -> bool:
    """Nothing but spaces stands before ``position`` on its line. Only the spaces are scanned, not
    the whole line, so that many mentions on one long line cost no more than the line."""
    i = position - 1
    while i >= 0 and norm[i] != "\n" and norm[i].isspace():
        i -= 1
    return i < 0 or norm[i] == "\n"


def _parse_iso(value: str | None) -> _Point | None:
    """``2023-01-11`` or ``2023-01`` as a point; None for anything else."""
    found = re.fullmatch(r"((?:19|20)\d{2})-(\d{1,2})(?:-(\d{1,2}))?", value or "")
    if not found:
        return None
    day = int(found[3]) if found[3] else None
    return _Point(0, 0, int(found[1]), month=int(found[2]), day=day)


def _inherit(group: _Group, year: int | None = None) -> None:
    """Later sides take the year (and month) of the earlier side: 2023年7月13日至8月31日.

    ``year`` is the inferred year of the first side, when the text left it out.
    """
    points = group.points
    if year is not None:
        points[0].year = year
    if points[0].year is None and not points[0].rel:
        later = next((p for p in points[1:] if p.explicit), None)
        if later:
            back = points[0].first_month and later.first_month and points[0].first_month > later.first_month
            points[0].year = later.year - 1 if back else later.year
    for prev, point in itertools.pairwise(points):
        if point.year is None and point.rel is None and prev.year is not None:
            wraps = group.kind == "range" and (point.month or 13) < (prev.first_month or 0)
            point.year = prev.year + 1 if wraps else prev.year
        if point.month is None and point.day is not None:
            point.month = prev.month
    if year is not None and points[0].year is None:
        points[0].year = year


def _side(point: _Point) -> tuple[str, str, str]:
    """(kind, first value, last value) of one point in the contract's forms."""
    y = f"{point.year:04d}" if point.year is not None else "XXXX"  # EDTF: year unknown
    if point.half:
        return "range", f"{y}-{point.half[0]:02d}", f"{y}-{point.half[1]:02d}"
    if point.quarter:
        value = f"{y}-Q{point.quarter}"
        return "quarter", value, value
    month = point.month  # 2020年底 is written to the year: year-precise, as 8月下旬 is month-precise
    if month is None:
        return "year", y, y
    if point.day is None:
        return "month", f"{y}-{month:02d}", f"{y}-{month:02d}"
    value = f"{y}-{month:02d}-{point.day:02d}"
    return "date", value, value


def _mention(text: str, group: _Group, in_title: bool) -> DateMention:
    sides = [_side(p) for p in group.points]
    if group.kind == "range":
        kind, value = "range", f"{sides[0][1]}/{sides[-1][2]}"
    elif group.kind == "list":
        kind = "list"
        value = ",".join(a if a == b else f"{a}/{b}" for _, a, b in sides)
    else:
        kind, a, b = sides[0]
        value = a if a == b else f"{a}/{b}"
    return DateMention(text[group.start:group.end], group.start, group.end, kind, value,
                       inferred_year=group.inferred, in_title=in_title)
