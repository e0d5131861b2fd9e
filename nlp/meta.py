"""Header of a notice (通报要素): title, issuer, inspected unit, inspection body and dates.

Every field is read from the text or left ``None``; nothing is guessed. Names
are given in simplified characters as normalised (a traditional-script notice
yields 市委第一巡察组, not 巡察組) so that notices can be compared.

>>> from nlp.extract.dates import extract_dates
>>> text = ("根据市委部署,2022年8月29日至10月28日,市委第二巡察组对市民政局党组开展了巡察。"
...         "2023年1月11日,巡察组向市民政局党组反馈巡察意见。")
>>> meta = extract_meta(text, extract_dates(text), intro_end=len(text), body_end=len(text))
>>> meta.inspection_body, meta.inspected_unit, meta.inspection_start, meta.feedback_date
('市委第二巡察组', '市民政局党组', '2022-08-29', '2023-01-11')
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from typing import TypeVar

from nlp.normalize import shadow as make_shadow
from nlp.tables import load_table
from nlp.types import DateMention, Meta

T = TypeVar("T")
#: the title is looked for in the first lines of more than :data:`SHORT_LINE` characters (a page's menu of
#: 21 city names, one a line, comes before the title of some court pages)
HEADER_LINES = 25
SHORT_LINE = 3
#: a first-person unit (我局) is resolved from names in this many first characters
HEAD_CHARS = 3000
#: where the issuer is read when neither the signature nor the title names it, in this order
ISSUER_FIELDS = ("issuer_field", "source_field", "audit_speaker")
INTRO_WINDOW = 1200
#: date mentions that can bound an inspection on their own (not a year, a season or a span)
DAY_KINDS = ("date", "month")
#: the longest span of days a feedback meeting (反馈会) may be held over
MEETING_DAYS = 3
#: a line holding only a date (and its time) is a page's date line within this many first lines
DATE_LINE_LINES = 6


@functools.cache
def _patterns() -> dict[str, re.Pattern]:
    raw = load_table("meta")
    compiled = {key: re.compile(value, re.M) for key, value in raw.items()}
    compiled["publish_field"] = re.compile(raw["publish_field"] + r"$")
    # a page date after the title; a match starts only where its spaces start, and they are taken
    # possessively, so that a title line ending in a long run of spaces is not read quadratically
    compiled["title_date"] = re.compile(r"(?<!\s)\s++\d{4}-\d{1,2}-\d{1,2}\s*+$")
    compiled["ends_with_org"] = re.compile(raw["org_suffix"] + "$")
    compiled["signature_org"] = re.compile(rf"^\s*(?P<org>[^\n,。:;]{{2,40}}?{raw['org_suffix']})\s*$", re.M)
    return compiled


def extract_meta(
    text: str, dates: list[DateMention], intro_end: int, body_end: int, shadow: str | None = None
) -> Meta:
    """Read the header fields of a notice.

    ``dates`` are the notice's date mentions; ``intro_end`` is where the first
    numbered heading starts and ``body_end`` where the closing block starts.
    """
    shadow = make_shadow(text) if shadow is None else shadow
    pats = _patterns()
    title = find_title(text, shadow, pats)
    intro = _intro_window(shadow, intro_end)
    # the 根据…部署 window first; then from the first 巡察组, for notices stating the feedback first
    windows = (intro, _intro_window(shadow, intro_end, earliest=True))

    def first(find: Callable[[tuple[int, int]], T | None]) -> T | None:
        return next((found for window in windows if (found := find(window))), None)

    title_shadow = make_shadow(title or "")
    signature_org, signature_date = _signature(text, shadow, dates, body_end, pats)
    issuer = (signature_org or _title_issuer(title, title_shadow, pats)
              or next((org for name in ISSUER_FIELDS if (org := _field(text, shadow, name, pats))), None))
    start, end = (first(lambda w: _inspection_period(shadow, dates, w))
                  or first(lambda w: _garbled_period(shadow, w, pats)) or (None, None))
    feedback = _after(first(lambda w: _feedback_date(shadow, dates, w, pats)), end)
    if feedback and end and "XXXX" not in feedback + end and feedback[: len(end)] < end:
        feedback = None  # feedback follows the inspection: a date before its end is another date's
    if feedback is None or "XXXX" in feedback:
        feedback = first(lambda w: _garbled_feedback(shadow, w, pats, end)) or feedback
    body, audited = first(lambda w: _audit_parties(text, shadow, w, issuer, pats)) or (None, None)
    if issuer is None and body and pats["audit_result"].search(shadow, 0, intro[1]) \
            and not pats["first_person"].search(audited):
        issuer = body
    unit = first(lambda w: _inspected_unit(text, shadow, w, issuer, pats)) or audited
    if issuer is None and unit and pats["own_rectification"].search(shadow, 0, intro[1]):
        issuer = unit
    if issuer is None or unit is None:
        meeting = _group(text, pats["own_meeting"].search(shadow, 0, intro[1]), "org")
        issuer, unit = issuer or meeting, unit or meeting
    if unit is None and issuer and pats["own_title"].search(title_shadow) \
            and not pats["inspection_word"].search(make_shadow(issuer)):
        unit = issuer
    audit = bool(pats["audit_notice"].search(f"{title or ''}\n{shadow[: intro[1]]}"))
    body = first(lambda w: _inspection_body(text, shadow, w, pats)) or body
    if body is None and audit:
        body = first(lambda w: _group(text, pats["audit_office"].search(shadow, *w), "org"))
    return Meta(
        title=title,
        issuer=issuer,
        inspected_unit=unit,
        inspection_body=body,
        inspection_start=_known(start),
        inspection_end=_known(end),
        feedback_date=_known(feedback),
        publish_date=_known(signature_date or _publish_date(shadow, dates, intro[0], pats)),
        notice_type="audit" if audit else "inspection",
    )


def _group(text: str, match: re.Match | None, group: str) -> str | None:
    """The text of ``match``'s ``group``, cleaned, or None."""
    return _clean(text[match.start(group) : match.end(group)]) if match else None


def _known(value: str | None) -> str | None:
    """An ISO date or month for the record; a date whose year was never found (XXXX-07-19) is not one."""
    return None if value is None or "XXXX" in value else value


def find_title(text: str, shadow: str, pats: dict[str, re.Pattern]) -> str | None:
    """The notice's own title: a 文件名称 field or an early line naming the notice."""
    field = pats["title_field"].search(shadow, 0, 3000)
    if field:
        return _clean(text[field.start("title") : field.end("title")])
    offset, previous, number = 0, None, 0
    for line in shadow.split("\n"):
        chrome = pats["title_chrome"].match(line)
        skip = chrome.end() if chrome else 0
        stripped = line[skip:].strip(" •·")
        if number < HEADER_LINES and 6 <= len(stripped) <= 90 and pats["title"].search(stripped) \
                and not pats["not_title"].search(stripped) and not pats["numbered_line"].match(stripped):
            title = pats["title_date"].sub("", text[offset + skip : offset + len(line)]).strip(" •·")
            # a title set on two lines: 中共XX局党组 / 关于…的通报, or XX局党组关于第十四届 / 县委…的通报
            if previous and ((pats["title_lead"].search(previous[1]) and not stripped.startswith("关于"))
                             or (stripped.startswith("关于") and pats["ends_with_org"].search(previous[1]))):
                title = text[previous[0] : previous[0] + len(previous[1])].strip(" •·") + title
            return _clean(title)
        if stripped:
            previous = (offset + len(line) - len(line.lstrip(" •·")), stripped) \
                if len(stripped) <= 40 and not pats["not_title"].search(stripped) else None
        number += len(stripped) > SHORT_LINE
        offset += len(line) + 1
    return None


def _clean(value: str) -> str:
    """A name without spaces or the short name defined after it (以下简称…)."""
    return _patterns()["short_name"].sub("", re.sub(r"\s+", "", value))


def _intro_window(shadow: str, intro_end: int, earliest: bool = False) -> tuple[int, int]:
    """The span holding the inspection sentence (根据…部署, …巡察组对…开展巡察).

    ``earliest``: start at the first 巡察组 even before 根据…: a feedback notice may open with the
    feedback sentence (7月24日,巡察组向…反馈) and state the inspection after it.
    """
    head = shadow[: max(intro_end, 1)]
    pats = _patterns()
    cues = [m for m in (pats["intro_cue"].search(head), pats["intro_fallback"].search(head)) if m]
    start = (min(m.start() for m in cues) if earliest else cues[0].start()) if cues else 0
    line_start = shadow.rfind("\n", 0, start) + 1
    return line_start, min(max(intro_end, line_start + 200), line_start + INTRO_WINDOW, len(shadow))


def _signature(
    text: str, shadow: str, dates: list[DateMention], body_end: int, pats: dict[str, re.Pattern]
) -> tuple[str | None, str | None]:
    """An organisation line followed by a date line at the end of the notice (落款)."""
    tail_start = max(body_end - 50, len(shadow) - 400, 0)
    for mention in reversed(dates):
        if mention.start < tail_start or mention.kind != "date" or not _alone_on_line(shadow, mention):
            continue
        previous_line_end = shadow.rfind("\n", 0, mention.start)
        previous_line_start = shadow.rfind("\n", 0, max(previous_line_end, 0)) + 1
        org = pats["signature_org"].match(shadow, previous_line_start, max(previous_line_end, 0))
        return (_clean(text[org.start("org") : org.end("org")]) if org else None), mention.value
    return None, None


def _alone_on_line(shadow: str, mention: DateMention) -> bool:
    line_start = shadow.rfind("\n", 0, mention.start) + 1
    line_end = shadow.find("\n", mention.end)
    line_end = len(shadow) if line_end < 0 else line_end
    return not shadow[line_start : mention.start].strip() and not shadow[mention.end : line_end].strip()


def _title_issuer(title: str | None, norm: str, pats: dict[str, re.Pattern]) -> str | None:
    """The body named before 关于 in the title, read on the title's shadow ``norm`` (關于 is 关于)."""
    match = pats["title_issuer"].search(norm) or pats["title_issuer_bare"].search(norm)
    if not match or not pats["ends_with_org"].search(match.group("org")):
        return None
    return title[match.start("org") : match.end("org")]


def _inspection_body(text: str, shadow: str, intro: tuple[int, int], pats: dict[str, re.Pattern]) -> str | None:
    for match in pats["inspection_body"].finditer(shadow, *intro):
        start, end = match.span("body")
        for lead_name in ("body_intro_lead", "body_date_lead"):
            lead = pats[lead_name].match(shadow, start, end)
            start = lead.end() if lead else start
        word = pats["inspection_word"].search(shadow, start, end)
        if word and pats["body_after_clause"].search(shadow[start:word.start()]):
            continue
        verbs = [(m.start() - start, m.end() - start) for m in pats["body_verbs"].finditer(shadow, start, end)]
        body = text[start:end]
        for verb_start, verb_end in reversed(verbs):
            body = body[:verb_start] + body[verb_end:]
        if len(body) >= 3 and not pats["body_not"].search(shadow[start:end]):
            return _numbered(_clean(body), text, pats)
    return None


def _numbered(body: str, text: str, pats: dict[str, re.Pattern]) -> str:
    """``body`` with the ordinal that conversion lost (区委第巡察组) restored from another mention of
    the same body in ``text``, or without the bare 第 when none has it; a body named without a
    number (中央巡视组) takes the one number the notice gives it elsewhere (中央第三巡视组)."""
    lost = pats["lost_ordinal"].search(body)
    if lost:
        head, tail = body[: lost.start()], body[lost.end() :]
        named = _with_ordinal(head, tail, text, pats)
        return named[0] if named else head + tail
    gap = pats["unnumbered"].search(make_shadow(body))  # the shadow: 巡視組 is 巡视组
    if not gap or not gap.start():
        return body
    named = set(_with_ordinal(body[: gap.start()], body[gap.start() :], text, pats))
    return named.pop() if len(named) == 1 else body


def _with_ordinal(head: str, tail: str, text: str, pats: dict[str, re.Pattern]) -> list[str]:
    """Every mention in ``text`` of ``head`` 第N ``tail`` (区委 第一 巡察组), in text order."""
    return re.findall(f"{re.escape(head)}第{pats['ordinal'].pattern}{re.escape(tail)}", text)


def _audit_parties(
    text: str, shadow: str, intro: tuple[int, int], issuer: str | None, pats: dict[str, re.Pattern]
) -> tuple[str | None, str] | None:
    """(auditing office, audited unit) of an audit sentence; a first-person office (我局) or audited
    unit (审计厅对我公司…进行了审计) is the issuer, when one is named."""
    match = pats["audit_sentence"].search(shadow, *intro)
    if not match:
        return None
    body = _clean(text[match.start("body") : match.end("body")])
    unit = _clean(text[match.start("unit") : match.end("unit")])
    body = issuer if pats["first_person"].search(body) else body
    return body, (issuer or unit) if pats["first_person"].search(unit) else unit


def _inspected_unit(
    text: str, shadow: str, intro: tuple[int, int], issuer: str | None, pats: dict[str, re.Pattern]
) -> str | None:
    match = pats["inspected_unit"].search(shadow, *intro)
    # 对我局开展巡察, no such sentence, or 对全市…资金管理使用开展了专项巡察 (a subject, not a unit):
    # the unit the feedback was given to (向…反馈)
    told = pats["feedback_unit"].search(shadow, match.end() if match else intro[0], intro[1])
    told = told if told and not pats["first_person"].search(told.group("unit")) else None
    if match and told and _special_subject(match, pats):
        return _clean(text[told.start("unit") : told.end("unit")])
    if match and not pats["first_person"].search(match.group("unit").strip()):
        return _clean(text[match.start("unit") : match.end("unit")])
    if told:
        return _clean(text[told.start("unit") : told.end("unit")])
    if not match:
        meeting = pats["meeting_unit"].search(shadow, *intro)
        group = ("unit" if meeting.group("unit") else "place") if meeting else None
        return _clean(text[meeting.start(group) : meeting.end(group)]) if meeting else None
    return (issuer or _field(text, shadow, "plan_issuer", pats) or _field(text, shadow, "acting_unit", pats)
            or _clean(text[match.start("unit") : match.end("unit")]))


def _special_subject(match: re.Match, pats: dict[str, re.Pattern]) -> bool:
    """The subject of a special inspection (专项巡察) written where the unit would be: no organisation
    name ends it (全市农业农村领域乡村振兴资金管理使用)."""
    unit = match.group("unit").strip()
    return bool(pats["special_inspection"].search(match.group())) and not pats["ends_with_org"].search(unit)


def _field(text: str, shadow: str, pattern: str, pats: dict[str, re.Pattern]) -> str | None:
    """The ``org`` group of the first match of ``pattern`` in the head of the notice."""
    found = pats[pattern].search(shadow, 0, HEAD_CHARS)
    return _clean(text[found.start("org") : found.end("org")]) if found else None


def _inspection_period(shadow: str, dates: list[DateMention], intro: tuple[int, int]) -> tuple[str, str | None] | None:
    """The first date range of an inspection sentence, or a day it began from (于2022年10月24日起)."""
    pats = _patterns()
    for index, mention in enumerate(dates):
        following = dates[index + 1] if index + 1 < len(dates) else None
        in_intro = intro[0] <= mention.start < intro[1]
        if (not in_intro or _meeting_days(mention)  # an inspection lasts weeks, a meeting days
                or not pats["inspection_word"].search(_sentence(shadow, mention.start))):
            continue
        start, _, end = mention.value.partition("/")
        joined = following is not None and pats["period_join"].fullmatch(shadow, mention.end, following.start)
        if mention.kind == "range":
            # 2022年3月17日至3月22日、5月5日至7月12日: two stays, the period runs to the second's end
            return start, following.value.partition("/")[2] if joined and following.kind == "range" else end
        if mention.kind not in DAY_KINDS:
            continue
        if joined and following.start == mention.end and following.kind in DAY_KINDS:
            return start, following.value  # 2020年5月6日6月5日: the 至 lost in conversion
        if pats["period_from"].match(shadow, mention.end):
            return start, None
    return None


def _garbled_period(shadow: str, window: tuple[int, int], pats: dict[str, re.Pattern]) -> tuple[str, str] | None:
    """The inspection period written without 年/月 (2024717日至830日, 20211025日至29日, 20249月至11月).

    A second side that splits two ways (126: 1月26日 or 12月6日) is read as the nearer end: an
    inspection lasts weeks, not most of a year.
    """
    months = pats["garbled_months"].search(shadow, *window)
    if months:
        year, first, second = (int(months.group(k)) for k in ("year", "first", "second"))
        return f"{year}-{first:02d}", f"{year + (second < first)}-{second:02d}"
    period = pats["garbled_range"].search(shadow, *window)
    starts = _month_days(period.group("first")) if period else []
    if len(starts) != 1:
        return None
    year, start, second = int(period.group("year")), starts[0], period.group("second")
    ends = [(start[0], int(second))] if len(second) <= 2 and start[1] < int(second) <= 31 else _month_days(second)
    began = _day(year, start)
    candidates = [day for m_d in ends if (day := _next_day(began, m_d))]
    return (began.isoformat(), min(candidates).isoformat()) if began and candidates else None


def _garbled_feedback(shadow: str, window: tuple[int, int], pats: dict[str, re.Pattern],
                      inspection_end: str | None) -> str | None:
    """The feedback date written without 年/月 (914日,…反馈; 2022324日上午…反馈会; 2021127反馈): its own
    year, else the first year after the inspection's end; of two readings (114: 1月14日 or 11月4日),
    the first after the inspection's end."""
    found = pats["garbled_feedback"].search(shadow, *window)
    told = _month_days(found.group("first")) if found else []
    ended = _iso_day(inspection_end)
    if found and found.group("year"):
        days = [day for m_d in told if (day := _day(int(found.group("year")), m_d))]
    elif ended:
        days = [day for m_d in told if (day := _next_day(ended, m_d))]
    else:
        return f"XXXX-{told[0][0]:02d}-{told[0][1]:02d}" if len(told) == 1 else None
    later = [day for day in days if ended is None or day > ended]
    chosen = min(later) if later and (ended or len(days) == 1) else None
    return chosen.isoformat() if chosen else None


def _iso_day(value: str | None) -> datetime.date | None:
    """The day of an ISO date, or the first of an ISO month; None for none or a yearless one."""
    if not value or value.startswith("XXXX") or len(value) < 7:
        return None
    return _day(int(value[:4]), (int(value[5:7]), int(value[8:10] or 1)))


def _month_days(digits: str) -> list[tuple[int, int]]:
    """The valid (month, day) splits of digits whose 月 was lost: 717 → [(7, 17)], 126 → [(1, 26), (12, 6)]."""
    splits = [(int(digits[:i]), int(digits[i:])) for i in (1, 2) if i < len(digits) and digits[i] != "0"]
    return [(m, d) for m, d in splits if 1 <= m <= 12 and 1 <= d <= 31]


def _day(year: int, month_day: tuple[int, int]) -> datetime.date | None:
    try:
        return datetime.date(year, *month_day)
    except ValueError:
        return None


def _next_day(after: datetime.date | None, month_day: tuple[int, int]) -> datetime.date | None:
    """The first ``month_day`` after ``after``: in its year, else the next."""
    if after is None:
        return None
    same = _day(after.year, month_day)
    return same if same and same > after else _day(after.year + 1, month_day)


def _sentence(shadow: str, pos: int) -> str:
    start = max(shadow.rfind("。", 0, pos), shadow.rfind("\n", 0, pos)) + 1
    return shadow[start : _sentence_end(shadow, pos)]


def _feedback_date(
    shadow: str, dates: list[DateMention], intro: tuple[int, int], pats: dict[str, re.Pattern]
) -> str | None:
    found = None
    for cue in pats["feedback_cue"].finditer(shadow, *intro):
        sentence_start = max(shadow.rfind("。", 0, cue.start()), shadow.rfind("\n", 0, cue.start())) + 1
        sentence_end = _sentence_end(shadow, cue.end())
        same_sentence = [m for m in dates if sentence_start <= m.start < sentence_end and _first_day(m)]
        before = [m for m in same_sentence if m.end <= cue.start()]
        after = [m for m in same_sentence if m.start >= cue.end()]
        if before or after:
            # 2023年1月11日,巡察组反馈…; else 反馈会议于2023年1月11日召开
            value = _first_day(before[-1] if before else after[0])
            if not value.startswith("XXXX"):
                return value
            found = found or value
    # only yearless mentions (7月8日,…反馈会召开): the first, for the inspection's year to complete
    return found


def _first_day(mention: DateMention) -> str | None:
    """The date (or month) a mention can give an event: its own value, the first day of a meeting held
    over a few days, or the first of a list of days (11月7日、12日); None for years, seasons and spans."""
    if mention.kind not in DAY_KINDS and not _meeting_days(mention) and mention.kind != "list":
        return None
    first = re.split("[/,]", mention.value)[0]
    return first if len(first) >= len("2023-11") else None


def _meeting_days(mention: DateMention) -> bool:
    """A range of a few days in one month (12月10日—11日): a meeting held over them, dated by its first.

    >>> from nlp.types import DateMention
    >>> _meeting_days(DateMention("12月10日—11日", 0, 10, "range", "2018-12-10/2018-12-11"))
    True
    """
    if mention.kind != "range":
        return False
    first, _, last = mention.value.partition("/")
    return (len(first) == len(last) == 10 and first[:7] == last[:7]
            and 0 < int(last[8:]) - int(first[8:]) <= MEETING_DAYS)


def _after(value: str | None, earlier: str | None) -> str | None:
    """A date whose year was not found (XXXX-07-24), placed in the first year after ``earlier``.

    Feedback follows the inspection: a feedback sentence written before the inspection sentence
    gets its year from the inspection's end.

    >>> _after("XXXX-07-24", "2024-05-31"), _after("XXXX-01-10", "2023-12-20"), _after("XXXX-01-10", None)
    ('2024-07-24', '2024-01-10', 'XXXX-01-10')
    """
    if not value or not value.startswith("XXXX") or not earlier or earlier.startswith("XXXX"):
        return value
    year = int(earlier[:4])
    return f"{year if value[4:] >= earlier[4:] else year + 1}{value[4:]}"


def _sentence_end(shadow: str, pos: int) -> int:
    ends = [found for found in (shadow.find("。", pos), shadow.find("\n", pos)) if found >= 0]
    return min(ends, default=len(shadow))


def _publish_date(
    shadow: str, dates: list[DateMention], header_end: int, pats: dict[str, re.Pattern]
) -> str | None:
    # a labelled date (发布时间: 2022-02-28) counts anywhere in the head, even when no intro cue marks where it ends
    for mention in dates:
        if (mention.start < HEAD_CHARS and mention.kind == "date"
                and pats["publish_field"].search(shadow, max(0, mention.start - 30), mention.start)):
            return mention.value
    # a date opening a line of the header; past it, within the first lines, a line holding only a date
    top = _lines_end(shadow, DATE_LINE_LINES)
    for mention in sorted((m for m in dates if m.kind == "date"), key=lambda m: m.start):
        line_start = shadow.rfind("\n", 0, mention.start) + 1
        if mention.start >= max(header_end, top) or not pats["date_line_lead"].match(shadow, line_start, mention.start):
            continue
        if mention.start < header_end or pats["date_line_tail"].match(shadow, mention.end,
                                                                       _lines_end(shadow, 1, mention.end)):
            return mention.value
    return None


def _lines_end(shadow: str, lines: int, start: int = 0) -> int:
    """Where the ``lines``-th line from ``start`` ends."""
    end = start - 1
    for _ in range(lines):
        end = shadow.find("\n", end + 1)
        if end < 0:
            return len(shadow)
    return end
