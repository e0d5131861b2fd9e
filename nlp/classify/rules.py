"""Cue rules (规则): taxonomy cues matched per clause, with anti-cues, for each axis.

Every result carries the cue matches that drove it, so a reviewer can see why.

>>> [h.label for h in measure_rules("一是制定印发《档案管理办法》;二是开展专项检查。")]
['rule_making', 'inspection']
>>> measure_rules("今后将加强业务培训。")
[]
>>> status_rule("拟计划分期建设。", []).label
'ongoing'
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from nlp.classify.clauses import Clause, split_clauses
from nlp.classify.clauses import cached_shadow as shadow
from nlp.classify.taxonomy import Axis, Cue, Label, Taxonomy, load_taxonomy

#: weight of a domain cue found in the response relative to one in the issue
RESPONSE_WEIGHT = 0.25
#: confidence of a status decided by a cue, and of one decided by the fallback
STATUS_CUE_SCORE = 0.8
STATUS_DEFAULT_SCORE = 0.55


@dataclass(frozen=True)
class CueMatch:
    """One cue match (线索命中): the matched text and its offsets in the analysed text."""

    text: str
    start: int
    end: int


@dataclass
class MeasureHit:
    """A measure label found by the rules (规则命中的措施): first clause, its index and all cue matches."""

    label: str
    clause: Clause
    clause_index: int
    cues: list[CueMatch] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Offset (in the response) of the first cue match: the order of first mention."""
        return self.cues[0].start


@dataclass(frozen=True)
class StatusHit:
    """The status decided by the rules (规则判定的状态), its confidence and the deciding cue."""

    label: str
    score: float
    cue: CueMatch | None = None


def _spans(cues: tuple[Cue, ...], text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for cue in cues for m in cue.finditer(text, start, end)]


def label_matches(label: Label, text: str, blocked: list[tuple[int, int]] = (), start: int = 0,
                  end: int | None = None) -> list[CueMatch]:
    """Matches of ``label``'s cues in ``text[start:end]`` (normalised) overlapping no blocked span or anti-cue.

    >>> tax = load_taxonomy()
    >>> [m.text for m in label_matches(tax.measure.label("study_training"), "3名同志跟班学习,开展培训")]
    ['培训']
    """
    if not label.fires(text, start, end):
        return []
    blocked = [*blocked, *_spans(label.anti_cues, text, start, end)]
    found = [CueMatch(m.group(), m.start(), m.end()) for m in label.scan(text, start, end)
             if not any(m.start() < b and a < m.end() for a, b in blocked)]
    return sorted(found, key=lambda c: (c.start, -c.end))


def _clause_finder(clauses: list[Clause]):
    """Index of the clause holding the span [start, end), or None when it crosses a boundary."""
    starts = [c.start for c in clauses]

    def find(start: int, end: int) -> int | None:
        i = bisect.bisect_right(starts, start) - 1
        return i if i >= 0 and end <= clauses[i].end else None

    return find


def _blocked_mask(cues: tuple[Cue, ...], text: str, starts: list[int], ends: list[int],
                  mask: bytearray | None = None) -> bytearray:
    """Characters covered by anti-cue matches, each cut at the end of the clause it starts in
    (a pledge ends with its clause), as a byte mask (1 = blocked), added to ``mask`` if given."""
    mask = bytearray(len(text)) if mask is None else bytearray(mask)
    for a, b in _spans(cues, text):
        i = bisect.bisect_right(starts, a) - 1
        end = min(b, ends[i]) if i >= 0 else b
        mask[a:end] = b"\x01" * (end - a)
    return mask


def _label_scan(label: Label, text: str):
    """(match, requires) for every cue match over the whole text; ``requires`` is checked per clause."""
    if label.literals:
        for m in label.literals.finditer(text):
            yield m, None
    for cue in label.patterns:
        for m in cue.pattern.finditer(text):
            yield m, cue.requires


def measure_rules(response: str, taxonomy: Taxonomy | None = None,
                  clauses: list[Clause] | None = None) -> list[MeasureHit]:
    """Measure labels (整改措施) the cues find in ``response``, in order of first mention.

    A cue match counts only inside one clause, with its ``requires`` pattern earlier in that
    clause and no anti-cue overlapping it. Offsets are relative to the response.
    """
    axis = (taxonomy or load_taxonomy()).measure
    clauses = clauses if clauses is not None else split_clauses(response)
    norm = shadow(response)
    clause_of = _clause_finder(clauses)
    starts, ends = [c.start for c in clauses], [c.end for c in clauses]
    axis_blocked = _blocked_mask(axis.anti_cues, norm, starts, ends)
    hits: dict[str, MeasureHit] = {}
    for label in axis.labels:
        if not label.fires(norm):
            continue
        blocked = _blocked_mask(label.anti_cues, norm, starts, ends, axis_blocked) if label.anti_cues else axis_blocked
        for m, requires in _label_scan(label, norm):
            index = clause_of(m.start(), m.end())
            if index is None or blocked.find(1, m.start(), m.end()) >= 0:
                continue
            if requires and not requires.search(norm, clauses[index].start, m.start()):
                continue
            hit = hits.get(label.id)
            if hit is None:
                hit = hits[label.id] = MeasureHit(label.id, clauses[index], index)
            elif index < hit.clause_index:
                hit.clause, hit.clause_index = clauses[index], index
            hit.cues.append(CueMatch(m.group(), m.start(), m.end()))
    for hit in hits.values():
        hit.cues.sort(key=lambda c: (c.start, -c.end))
    return sorted(hits.values(), key=lambda h: h.first)


def domain_rules(issue: str, response: str = "",
                 taxonomy: Taxonomy | None = None) -> dict[str, tuple[float, list[str]]]:
    """Cue score of every domain label (监督领域) with the cues found: issue cues count fully, response cues less.

    Each cue counts once per text, so a long response does not drown the issue.

    >>> scores = domain_rules("涉密载体管理不规范")
    >>> max(scores, key=lambda k: scores[k][0])
    'assets_security'
    """
    axis = (taxonomy or load_taxonomy()).domain
    texts = ((shadow(issue), 1.0), (shadow(response), RESPONSE_WEIGHT))
    out = {}
    for label in axis.labels:
        score, cues = 0.0, []
        for text, weight in texts:
            if not label.fires(text):
                continue
            literal = sorted({m.group() for m in label.literals.finditer(text)}) if label.literals else []
            score += len(literal) * weight
            cues.extend(literal)
            for cue in label.patterns:
                found = cue.first(text)
                if found:
                    score += cue.weight * weight
                    cues.append(found)
        out[label.id] = (score, cues)
    return out


def _blank(text: str, phrases: tuple[str, ...]) -> str:
    """Replace stock phrases by spaces (same length, so offsets still hold)."""
    for phrase in phrases:
        text = text.replace(phrase, " " * len(phrase))
    return text


def status_rule(response: str, measures: list[str], taxonomy: Taxonomy | None = None) -> StatusHit:
    """Status (整改状态) from cues, in the file's label order (first label with a cue wins).

    Stock phrases are blanked first. With no cue, the ``default`` block decides from the measures found.

    >>> status_rule("印发《管理办法》。", ["rule_making"]).label
    'completed'
    """
    axis: Axis = (taxonomy or load_taxonomy()).status
    text = _blank(shadow(response), axis.ignore)
    for label in axis.labels:
        matches = label_matches(label, text, _spans(axis.anti_cues, text))
        if matches:
            return StatusHit(label.id, STATUS_CUE_SCORE, matches[0])
    finished = set(axis.default.get("finished_measures", []))
    chosen = axis.default.get("finished") if finished & set(measures) else axis.default.get("otherwise")
    return StatusHit(chosen or axis.ids[-1], STATUS_DEFAULT_SCORE)
