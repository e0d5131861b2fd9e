"""Structure (结构): numbered headings, parts and issue/response pairs of a notice.

A notice is an outline. Candidate markers (一、 (一) 1. (1) ① 反馈问题一:) are
found at line starts and after sentence ends; an outline stack keeps only those
that continue a numbering sequence, so a response's own sub-points (1.…2.…
inside issue 31) and 一是/二是 never become headings. Part titles (一、党组组织
落实情况) tell organisational paragraphs from issue lists; within an issue list
headings with grandchildren or 方面 are categories, the rest issues and
sub-issues. Each issue's response runs to the next heading.

>>> text = "二、反馈问题整改情况\\n(一)“台账不全”问题\\n整改情况:已建立台账。\\n"
>>> [(p.issue.text, p.response.text) for p in parse_structure(text).pairs]
[('台账不全', '已建立台账。')]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from nlp.normalize import shadow as make_shadow
from nlp.normalize import without_glosses
from nlp.numerals import cn_to_number
from nlp.runin import find_runin_items
from nlp.tables import load_table
from nlp.types import Heading, Pair, Span, Structure

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ISSUE_KINDS = ("issue", "sub-issue")
#: numbering styles a second, inner number may follow at once (1.(1)…)
OUTER_STYLES = frozenset({"part", "paren_cn", "arabic"})
#: what may stand before a heading's number at the start of its line
_LINE_LEAD = frozenset(" •·●◆■□-")
#: an issue statement shorter than this at the very end of an excerpt was cut off by it
MIN_ISSUE_CHARS = 4
#: a table of contents copied above a notice: at least this many numbered lines, none longer than this
CONTENTS_ENTRIES = 3
CONTENTS_LINE = 60


@dataclass
class Patterns:
    """Compiled pattern tables of ``nlp/data/structure.yaml``."""

    markers: dict[str, re.Pattern]
    inline_boundary: re.Pattern
    response_label: re.Pattern
    bare_response_label: re.Pattern
    quoted_close: list[re.Pattern]
    heading_tail: re.Pattern
    about_close: re.Pattern
    heading_prefix: re.Pattern
    issue_suffix: re.Pattern
    wrapped_issue_word: re.Pattern
    title_full_stop: re.Pattern
    title_gap: re.Pattern
    open_quote: re.Pattern
    part_kinds: list[tuple[str, re.Pattern, bool]]
    generic_part: re.Pattern
    listed_issue: re.Pattern
    inner_number: re.Pattern
    generic_issue: re.Pattern
    problem_cues: re.Pattern
    slogan_openers: re.Pattern
    closing_lines: re.Pattern
    audit_report: re.Pattern


@functools.cache
def patterns() -> Patterns:
    """Load and compile the structure tables once."""
    raw = load_table("structure")
    return Patterns(
        markers={name: re.compile(rx) for name, rx in raw["markers"].items()},
        inline_boundary=re.compile(raw["inline_boundary"]),
        response_label=re.compile(raw["response_label"]),
        bare_response_label=re.compile(raw["bare_response_label"]),
        quoted_close=[re.compile(rx) for rx in raw["quoted_heading_close"]],
        heading_tail=re.compile(raw["heading_tail"]),
        about_close=re.compile(raw["about_heading_close"]),
        heading_prefix=re.compile(raw["heading_prefix"]),
        issue_suffix=re.compile(raw["issue_suffix"]),
        wrapped_issue_word=re.compile(raw["wrapped_issue_word"]),
        title_full_stop=re.compile(raw["title_full_stop"]),
        title_gap=re.compile(raw["title_gap"]),
        open_quote=re.compile(raw["open_quote"]),
        part_kinds=[(entry["kind"], re.compile(entry["pattern"]), bool(entry.get("unless_shortcoming")))
                    for entry in raw["part_kinds"]],
        generic_part=re.compile(raw["generic_part"]),
        listed_issue=re.compile(raw["listed_issue"]),
        inner_number=re.compile(raw["inner_number"]),
        generic_issue=re.compile(raw["generic_issue"]),
        problem_cues=re.compile("|".join(map(re.escape, raw["problem_cues"]))),
        slogan_openers=re.compile("|".join(map(re.escape, raw["slogan_openers"]))),
        closing_lines=re.compile(r"^[ \t]*(?:" + "|".join(raw["closing_lines"]) + ")", re.M),
        audit_report=re.compile(raw["audit_report"]),
    )


@dataclass
class Node:
    """A heading in the outline tree, with its title and children (大纲节点)."""

    heading: Heading
    title: Span
    issue: Span
    strong: bool
    #: its text is followed by a response label (…问题\n整改情况:), at once or after the rest of its
    #: paragraph (the statement's detail): an issue whatever it says
    answered: bool = False
    #: where its response begins: after the label that follows its detail, else after the title
    response_start: int | None = None
    #: nothing but blank space between its title and the next heading
    bare: bool = False
    #: a line of a bare issue list (headings with no responses under them)
    listed: bool = False
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def height(self) -> int:
        return 1 + max((child.height for child in self.children), default=-1)


def parse_structure(text: str, shadow: str | None = None) -> Structure:
    """Find the headings and issue/response pairs of a notice."""
    shadow = make_shadow(text) if shadow is None else shadow
    pats = patterns()
    body_end = find_body_end(shadow, pats)
    labels = [m.start() for m in pats.response_label.finditer(shadow, 0, body_end)]
    front = _contents_end(shadow, pats)
    accepted = _outline([c for c in _candidates(shadow, body_end, pats) if c[0].start >= front], shadow, labels, pats)
    # accepted headings are in text order, so each one's extent ends where the next begins
    ends = [h.start for h in accepted[1:]] + [body_end]
    nodes = _build_tree([_make_node(h, text, shadow, end, pats) for h, end in zip(accepted, ends, strict=False)])
    _assign_kinds(nodes, pats)
    kept = [node for node in nodes if node.heading.kind != "response-part"]
    pairs = _pairs(kept, text, shadow, body_end, pats) or runin_pairs(text, shadow, body_end)
    headings = [n.heading for n in kept]
    intro_end = accepted[0].start if accepted else body_end
    # the issue list starts at its first category or issue: an issues part's own opening
    # paragraph (二、整改进展情况 反馈问题17个,已完成15个…) still states the notice's totals
    issues_start = min((h.start for h in headings if h.kind in (*ISSUE_KINDS, "category")), default=body_end)
    return Structure(headings, pairs, body_end, intro_end, issues_start, _warnings(pairs, shadow, pats))


def _contents_end(shadow: str, pats: Patterns) -> int:
    """Where a table of contents that a document site copied above the notice ends, else 0.

    Such a page opens with short numbered lines (一、提高政治站位 / (一)聚焦…方面(7个问题) / 四、正视工作差距)
    before the title, and its first entry opens a heading of the notice again further on.
    """
    entries, position = [], 0
    while position < len(shadow):  # line by line from the top, without splitting the whole text
        line_end = shadow.find("\n", position)
        line_end = len(shadow) if line_end < 0 else line_end
        stripped = shadow[position:line_end].strip()
        if stripped and (len(stripped) > CONTENTS_LINE
                         or not any(regex.match(stripped) for regex in pats.markers.values())):
            break
        entries += [stripped] if stripped else []
        position = line_end + 1
    if len(entries) < CONTENTS_ENTRIES or shadow.find(f"\n{entries[0]}", position) < 0:
        return 0
    return position


def find_body_end(shadow: str, pats: Patterns) -> int:
    """Offset where the closing block (监督渠道, signature, page furniture) begins."""
    floor = len(shadow) // 3
    match = pats.closing_lines.search(shadow, floor)
    return match.start() if match else len(shadow)


def _candidates(shadow: str, body_end: int, pats: Patterns) -> list[tuple[Heading, bool]]:
    """All numbering markers at a line start or after a sentence end, in text order."""
    found: dict[int, tuple[Heading, bool]] = {}
    for style, regex in pats.markers.items():
        unnumbered = 0
        for match in regex.finditer(shadow, 0, body_end):
            line_start = _at_line_start(shadow, match.start())
            inline = pats.inline_boundary.search(shadow, max(0, match.start() - 4), match.start())
            if not line_start and (not inline or style == "bare"):
                continue
            number = match.groupdict().get("n")
            unnumbered += number is None
            value = unnumbered if number is None else _marker_value(number)
            if value is None or match.start() in found:
                continue
            body_start = _skip_spaces(shadow, match.end())
            inner = pats.inner_number.match(shadow, body_start) if style in OUTER_STYLES else None
            body_start = _skip_spaces(shadow, inner.end()) if inner else body_start
            heading = Heading(
                no=_marker_label(style, value, number), style=style, value=value,
                start=match.start(), end=match.end(), body_start=body_start,
            )
            found[match.start()] = (heading, line_start)
    return [found[k] for k in sorted(found)]


def _at_line_start(shadow: str, pos: int) -> bool:
    """Only spaces and bullets stand between the line start and ``pos`` (read backwards from ``pos``, so
    a line of thousands of markers is not copied once per marker)."""
    while pos > 0 and shadow[pos - 1] in _LINE_LEAD:
        pos -= 1
    return pos == 0 or shadow[pos - 1] == "\n"


def _skip_spaces(shadow: str, pos: int) -> int:
    while pos < len(shadow) and shadow[pos] in " \t":
        pos += 1
    return pos


def _marker_value(number: str) -> int | None:
    if number in CIRCLED:  # checked first: str.isdigit() is true for ① but int() refuses it
        return CIRCLED.index(number) + 1
    if number.isdecimal():
        return int(number)
    return cn_to_number(number)


def _marker_label(style: str, value: int, number: str | None) -> str:
    return {
        "bare": f"#{value}",
        "part": number,
        "paren_cn": f"({number})",
        "feedback": f"反馈问题{number}",
        "arabic": f"{value}.",
        "paren_arabic": f"({value})",
        "circled": number,
    }[style]


def _outline(
    candidates: list[tuple[Heading, bool]], shadow: str, labels: list[int], pats: Patterns
) -> list[Heading]:
    """Keep candidates that continue a numbering sequence (the outline stack)."""
    stack: list[Heading] = []
    last_value: dict[str, int] = {}
    accepted: list[Heading] = []
    for heading, line_start in candidates:
        labelled = bool(stack) and _any_between(labels, stack[-1].body_start, heading.start)
        depth = next((i for i, h in enumerate(stack) if h.style == heading.style), None)
        if not (_fits(heading, depth, stack, last_value, labelled, line_start, shadow, pats)
                or _skips_one(heading, depth, stack, shadow, labels)):
            continue
        if depth is not None:
            del stack[depth:]
        heading.level = len(stack) + 1
        stack.append(heading)
        last_value[heading.style] = heading.value
        accepted.append(heading)
    return accepted


def _any_between(positions: list[int], start: int, end: int) -> bool:
    """Whether sorted ``positions`` hold one in [start, end) (a binary search: a notice may have
    thousands of headings and labels)."""
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _fits(
    heading: Heading,
    depth: int | None,
    stack: list[Heading],
    last_value: dict[str, int],
    labelled: bool,
    line_start: bool,
    shadow: str,
    pats: Patterns,
) -> bool:
    """Does this marker continue the outline where it stands?"""
    if depth is not None:
        if heading.value == stack[depth].value + 1:
            return True
        restart = depth == 0 and heading.value == 1 and line_start and not labelled
        return restart and _looks_like_issue(_line(shadow, heading.body_start), pats)
    if labelled:
        return False
    if heading.value in (1, last_value.get(heading.style, -1) + 1):
        return True
    if heading.style == "part" and line_start and not last_value:
        return True  # the first part of a notice need not be 一、 (its organisational part may be unnumbered)
    # an issue list may continue a numbering begun elsewhere (二、 holds 28.–40.)
    return line_start and _is_strong_issue(_line(shadow, heading.body_start), pats)


#: an issue heading runs at most this far before its response label (long headings wrap over lines)
MAX_HEADING_CHARS = 300
_ISSUE_END = re.compile(r"问题(?:的整改)?\W*$")


def _skips_one(heading: Heading, depth: int | None, stack: list[Heading], shadow: str, labels: list[int]) -> bool:
    """A heading one number past the expected one (the heading between was lost by OCR, or the
    writer slipped), accepted only when it ends in 问题 right before its own response label."""
    if depth is None or heading.value != stack[depth].value + 2:
        return False
    label = labels[bisect.bisect_right(labels, heading.body_start)] if labels and labels[-1] > heading.body_start \
        else None
    if label is None or label - heading.body_start > MAX_HEADING_CHARS:
        return False
    return bool(_ISSUE_END.search(shadow[heading.body_start:label]))


def _line(shadow: str, start: int) -> str:
    end = shadow.find("\n", start)
    return shadow[start : end if end >= 0 else len(shadow)]


def _looks_like_issue(title: str, pats: Patterns) -> bool:
    """A heading that states a shortcoming rather than an action (问题表述)."""
    if _is_strong_issue(title, pats):
        return True
    if pats.slogan_openers.match(title):
        return False
    return bool(pats.problem_cues.search(title))


def _is_strong_issue(title: str, pats: Patterns) -> bool:
    """Quoted “…”问题, 关于…问题 and 针对…问题 headings are issues whatever they say."""
    prefix = pats.heading_prefix.match(title)
    stripped = title[prefix.end() :] if prefix else title
    if pats.open_quote.match(stripped) and _quoted_close(stripped, 1, len(stripped), pats):
        return True
    close = pats.about_close.search(stripped) if prefix else None
    return close is not None and _states_an_issue(stripped[: close.start()], pats)


def _states_an_issue(statement: str, pats: Patterns) -> bool:
    """关于X问题 names an issue only when X says something: 针对巡察反馈问题 does not."""
    return len(statement.strip()) >= 4 and not pats.generic_issue.fullmatch(statement.strip())


def _make_node(heading: Heading, text: str, shadow: str, next_start: int, pats: Patterns) -> Node:
    limit = min(next_start, heading.body_start + 800)
    title, issue, strong = _heading_extent(text, shadow, heading.body_start, limit, pats)
    heading.end = title.end
    at_once = pats.bare_response_label.match(shadow, title.end, limit) is not None
    label = None if at_once else _label_after_detail(shadow, title.end, limit, pats)
    return Node(heading=heading, title=title, issue=issue, strong=strong, answered=at_once or label is not None,
                response_start=label, bare=not shadow[title.end:next_start].strip())


def _label_after_detail(shadow: str, start: int, limit: int, pats: Patterns) -> int | None:
    """Where the response begins when the heading's paragraph runs on past its first sentence (the
    issue's detail: 经查…) and the next line opens with a response label; else None."""
    paragraph_end = _line_end(shadow, start, limit)
    if paragraph_end >= limit or pats.response_label.search(shadow, start, paragraph_end):
        return None
    label = pats.bare_response_label.match(shadow, paragraph_end, limit)
    return label.end() if label else None


def _heading_extent(text: str, shadow: str, start: int, limit: int, pats: Patterns) -> tuple[Span, Span, bool]:
    """Return (the whole heading, the issue statement, strong?) starting at ``start``."""
    line_end = _line_end(shadow, start, limit)
    prefix = pats.heading_prefix.match(shadow, start)
    inner = prefix.end() if prefix else start
    if pats.open_quote.match(shadow, inner):
        close = _quoted_close(shadow, inner + 1, _quote_region_end(shadow, inner, limit), pats)
        if close:
            title_end = _tail_end(shadow, close.end(), limit, pats)
            issue = _trimmed(text, shadow, inner + 1, close.start())
            return _trimmed(text, shadow, start, title_end), issue, True
    if prefix:
        close = pats.about_close.search(shadow, inner, min(_line_end(shadow, inner, limit) + 4, limit))
        if close and _states_an_issue(shadow[inner : close.start()], pats):
            title_end = _tail_end(shadow, close.end(), limit, pats)
            issue = _trimmed(text, shadow, inner, close.start())
            return _trimmed(text, shadow, start, title_end), issue, True
    end = _plain_title_end(shadow, start, line_end, pats)
    title = _trimmed(text, shadow, start, end)
    issue = _strip_issue_suffix(text, shadow, title, pats)
    return title, issue, False


def _quoted_close(shadow: str, start: int, limit: int, pats: Patterns) -> re.Match | None:
    """The first closing cue of a quoted heading, trying the preferred cues first."""
    for regex in pats.quoted_close:
        match = regex.search(shadow, start, limit)
        if match:
            return match
    return None


def _quote_region_end(shadow: str, inner: int, limit: int) -> int:
    """Where a quoted heading may close: its line (plus a wrapped 问\n题), or the next
    line too when the quote is still open at the end of the first (hard-wrapped text)."""
    first_end = _line_end(shadow, inner, limit)
    if any(q in shadow[inner + 1 : first_end] for q in "”\""):
        return min(first_end + 4, limit)
    return min(_line_end(shadow, first_end + 1, limit) + 4, limit)


def _line_end(shadow: str, start: int, limit: int) -> int:
    end = shadow.find("\n", start, limit)
    return limit if end < 0 else end


def _tail_end(shadow: str, pos: int, limit: int, pats: Patterns) -> int:
    tail = pats.heading_tail.match(shadow, pos, limit)
    return tail.end() if tail else pos


def _plain_title_end(shadow: str, start: int, line_end: int, pats: Patterns) -> int:
    """An unquoted heading ends at the line end (or the next, when it holds only the 题 of a broken 问题),
    its first 。, a label, or a wide space."""
    wrapped = pats.wrapped_issue_word.match(shadow, line_end)
    end = wrapped.end() if wrapped else line_end
    full_stop = pats.title_full_stop.search(shadow, start, end)
    if full_stop and full_stop.start() > start:
        end = full_stop.end()
    gap = pats.title_gap.search(shadow, start, end)
    if gap and gap.start() > start:
        end = gap.start()
    label = pats.response_label.search(shadow, start, end)
    if label and label.start() > start:
        end = label.start()
    return end


def _strip_issue_suffix(text: str, shadow: str, title: Span, pats: Patterns) -> Span:
    start, end = title.start, title.end
    prefix = pats.heading_prefix.match(shadow, start, end)
    if prefix:
        start = prefix.end()
    while end > start and shadow[end - 1] in "。.;:, ":
        end -= 1
    suffix = pats.issue_suffix.search(shadow, start, end)
    if suffix and suffix.start() > start + 2:
        end = suffix.start()
    statement = shadow[start:end]
    if statement.endswith("”") and statement.count("”") > statement.count("“"):
        end -= 1  # the statement's opening quote was lost (OCR, or a typo): (九)落实…不到位”问题
    return _trimmed(text, shadow, start, end)


def _trimmed(text: str, shadow: str, start: int, end: int) -> Span:
    while start < end and shadow[start].isspace():
        start += 1
    while end > start and shadow[end - 1].isspace():
        end -= 1
    return Span(text[start:end], start, end)


def _build_tree(nodes: list[Node]) -> list[Node]:
    stack: list[Node] = []
    for node in nodes:
        while stack and stack[-1].heading.level >= node.heading.level:
            stack.pop()
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        stack.append(node)
    return nodes


def _assign_kinds(nodes: list[Node], pats: Patterns) -> None:
    """Label every heading: part, organization, followup, category, issue, sub-issue."""
    roots = [n for n in nodes if n.parent is None]
    for group in _sibling_groups(roots):
        if _bare_issue_list(group, pats):
            for part in group:
                part.listed = True
                _assign_issue(part, pats)
        elif all(n.heading.style == "part" for n in group):
            for part in group:
                _assign_part(part, pats)
        else:
            _assign_region(group, "unknown", pats)


def _bare_issue_list(group: list[Node], pats: Patterns) -> bool:
    """Headings listed line after line with nothing under them, each naming a kind of problem
    (一、工业高质量发展效益方面存在的问题 / 二、…): the issue list of a notice that gives no responses.
    The last one's extent runs on into the closing paragraph, so only the others must be bare."""
    titles = [without_glosses(make_shadow(n.title.text)) for n in group]
    return (len(group) >= 2 and all(n.bare for n in group[:-1]) and not any(n.children for n in group)
            and all(pats.listed_issue.search(t) and not pats.generic_part.search(t) for t in titles))


def _assign_part(part: Node, pats: Patterns) -> None:
    """A part (一、…) holds paragraphs of its kind, or is itself an issue when it states one and has
    no numbered children (issues listed at the top level), or when it quotes one (一、关于“…”问题的整改
    情况) and its numbered paragraphs state none (they are the measures taken)."""
    title = make_shadow(part.title.text)
    states = part.strong or part.answered or _looks_like_issue(title, pats)
    kind = "issues" if part.strong else _part_kind(title, pats, states)
    itself_issue = part.strong or (states and not pats.generic_part.search(title))
    measures_below = (part.strong or part.answered) and not any(_holds_issues(c, pats) for c in part.children)
    if kind in ("issues", "unknown") and itself_issue and (not part.children or measures_below):
        _assign_issue(part, pats)
        return
    part.heading.kind, part.heading.region = "part", kind
    _assign_region(part.children, kind, pats)


def _sibling_groups(siblings: list[Node]) -> list[list[Node]]:
    """Split siblings where their numbering restarts at 1 (a new list begins)."""
    groups: list[list[Node]] = []
    for node in siblings:
        if not groups or node.heading.value == 1 or node.heading.style != groups[-1][-1].heading.style:
            groups.append([])
        groups[-1].append(node)
    return groups


def _part_kind(title: str, pats: Patterns, shortcoming: bool = False) -> str:
    """The kind of the first ``part_kinds`` entry the title matches; an entry marked
    ``unless_shortcoming`` is passed over when the title states a shortcoming."""
    title = make_shadow(title)
    return next((kind for kind, regex, unless in pats.part_kinds
                 if regex.search(title) and not (unless and shortcoming)), "unknown")


def _assign_region(siblings: list[Node], region: str, pats: Patterns) -> None:
    for group in _sibling_groups(siblings):
        kind = region
        if region == "unknown":
            votes = sum(n.answered or _looks_like_issue(make_shadow(n.title.text), pats) for n in group)
            kind = "issues" if votes * 2 >= len(group) and votes else "organization"
        elif region == "issues" and not any(_holds_issues(n, pats) for n in group):
            kind = "organization"  # a generic 整改落实情况 part holding only work paragraphs
        for node in group:
            if kind == "issues":
                _assign_issue(node, pats)
            elif region != "followup" and _answered_below(node):
                node.heading.kind = kind  # a work paragraph (坚持…推进) whose numbered items answer issues
                _assign_region(node.children, "unknown", pats)
            else:
                _mark(node, kind)


def _answered_below(node: Node) -> bool:
    """Some heading under ``node`` is answered (a response label follows it or its detail)."""
    return any(child.answered or _answered_below(child) for child in node.children)


def _holds_issues(node: Node, pats: Patterns) -> bool:
    """A heading that states an issue, names a category (…方面), or has such headings below it."""
    title = make_shadow(node.title.text)
    prefix = pats.heading_prefix.match(title)
    quotes = bool(prefix and pats.open_quote.match(title, prefix.end()))  # 针对“… even when cut off
    return ("方面" in title or node.answered or quotes or _looks_like_issue(title, pats)
            or any(_holds_issues(c, pats) for c in node.children))


def _mark(node: Node, kind: str) -> None:
    node.heading.kind = kind
    for child in node.children:
        _mark(child, kind)


def _assign_issue(node: Node, pats: Patterns, parent_is_issue: bool = False) -> None:
    if parent_is_issue:
        node.heading.kind = "sub-issue"
        for child in node.children:
            _mark(child, "response-part")
        return
    issue_children = [c for c in node.children
                      if c.strong or c.answered or _looks_like_issue(make_shadow(c.title.text), pats)]
    has_grandchildren = any(child.children for child in node.children)
    if node.children and (has_grandchildren or "方面" in node.title.text) and issue_children:
        node.heading.kind = "category"
        for child in node.children:
            _assign_issue(child, pats)
        return
    node.heading.kind = "issue"
    keep = node.children if len(issue_children) * 2 >= len(node.children) else []
    for child in node.children:
        if child in keep:
            _assign_issue(child, pats, parent_is_issue=True)
        else:
            _mark(child, "response-part")


def _pairs(nodes: list[Node], text: str, shadow: str, body_end: int, pats: Patterns) -> list[Pair]:
    pairs: list[Pair] = []
    for i, node in enumerate(nodes):
        if node.heading.kind not in ISSUE_KINDS or _cut_off(node, text, i == len(nodes) - 1):
            continue
        end = nodes[i + 1].heading.start if i + 1 < len(nodes) else body_end
        end = node.title.end if node.listed else end  # a listed issue has no response: what follows closes the list
        pairs.append(
            Pair(
                index=len(pairs) + 1,
                no=node.heading.no,
                path=_path(node),
                level=node.heading.level,
                kind=node.heading.kind,
                issue=node.issue,
                response=_response(text, shadow, node.response_start or node.title.end, end, pats),
                heading=Span(text[node.heading.start : node.title.end], node.heading.start, node.title.end),
            )
        )
    return pairs


def _cut_off(node: Node, text: str, last: bool) -> bool:
    """The last heading of an excerpt, cut before it could state anything (2.关)."""
    return last and len(node.issue.text.strip()) < MIN_ISSUE_CHARS and not text[node.title.end :].strip()


def runin_pairs(text: str, shadow: str, body_end: int) -> list[Pair]:
    """Pairs without responses from a run-in issue list (feedback notices: 主要是:A、B、C等)."""
    pairs: list[Pair] = []
    category = ""
    for item in find_runin_items(text, shadow, body_end):
        if item.kind == "category":
            category = item.span.text
            continue
        no = item.no or str(len(pairs) + 1)
        path = [category, no] if item.level > 1 and category else [no]
        pairs.append(Pair(index=len(pairs) + 1, no=no, path=path, level=item.level, kind="issue", issue=item.span,
                          response=Span("", item.span.end, item.span.end), heading=item.span))
    return pairs


def _path(node: Node) -> list[str]:
    path: list[str] = []
    current: Node | None = node
    while current is not None:
        path.append(current.heading.no)
        current = current.parent
    return path[::-1]


def _response(text: str, shadow: str, start: int, end: int, pats: Patterns) -> Span:
    """The response text between a heading and the next one, without a bare 整改情况: label."""
    span = _trimmed(text, shadow, start, end)
    start = span.start
    while start < span.end and shadow[start] in "。.;:,":
        start += 1
    label = pats.bare_response_label.match(shadow, start, span.end)
    if label:
        start = label.end()
    return _trimmed(text, shadow, start, span.end)


def _warnings(pairs: list[Pair], shadow: str, pats: Patterns) -> list[str]:
    warnings = []
    if pats.audit_report.search(shadow[:3000]):
        warnings.append("audit report (审计整改报告): issues are read from its numbered findings")
    if not pairs:
        warnings.append("no numbered issues found: narrative notice, only meta, figures and entities are given")
    return warnings
