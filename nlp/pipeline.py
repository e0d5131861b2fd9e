"""The notice pipeline (处理流程): named components run in order over one :class:`~nlp.types.Notice`.

read → text with offsets → structure (sections, pairs; a ledger table's rows) → extract (titles, money, quantities,
date candidates) → header → dates (years resolved with the header's dates) → figures, contact →
classify. Like spaCy's factories, each component declares the notice fields it ``requires``
and ``assigns``; building a pipeline checks that every requirement is assigned earlier.
Components keep no state between notices, so one :class:`Pipeline` may serve several threads.

>>> notice = Pipeline(classify=False)("二、反馈问题整改情况\\n(一)“台账不全”问题\\n整改情况:2023年3月已建立台账。\\n")
>>> notice.pairs[0].issue.text, notice.dates[0].value
('台账不全', '2023-03')
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from nlp.contact import extract_contact
from nlp.extract.dates import DateCandidates, DateContext, detect_dates, resolve_dates
from nlp.extract.money import extract_money
from nlp.extract.quantities import extract_quantities
from nlp.extract.titles import extract_titles
from nlp.ledger import ledger_pairs, stated_status
from nlp.meta import extract_meta
from nlp.normalize import shadow as make_shadow
from nlp.normalize import unglossed
from nlp.quality import assess, notice_warnings
from nlp.structure import parse_structure
from nlp.summary import closing_region, extract_summary
from nlp.types import Notice, Source, Table

#: the header is read from at least this many characters, the signature from the last ones
HEADER_CHARS = 2500
SIGNATURE_CHARS = 400
#: what a notice holds before any component runs
GIVEN = frozenset({"text", "shadow", "source", "tables"})


@dataclass
class Work:
    """One notice in the pipeline: the notice and the intermediate values components hand on.

    Everything per notice lives here, never on the pipeline or its components.
    """

    notice: Notice
    tables: list[Table] = field(default_factory=list)
    date_candidates: DateCandidates | None = None

    @functools.cached_property
    def plain(self) -> PlainView:
        """The text the header and key figures are read from: without pinyin glosses (醫(yī)院 → 醫院)."""
        unglossed_text = unglossed(self.notice.text)
        if unglossed_text is None:
            return PlainView(self.notice.text, self.notice.shadow, lambda offset: offset)
        return PlainView(unglossed_text.text, make_shadow(unglossed_text.text), unglossed_text.offset)


@dataclass(frozen=True)
class PlainView:
    """A notice's text and shadow without glosses, and the map from the notice's offsets to theirs."""

    text: str
    shadow: str
    offset: Callable[[int], int]


@dataclass(frozen=True)
class Component:
    """A named pipeline step (组件) with the fields it reads and the fields it sets."""

    name: str
    run: Callable[[Work], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


def structure_component(work: Work) -> None:
    notice = work.notice
    notice.structure = parse_structure(notice.text, notice.shadow)
    notice.warnings.extend(notice.structure.warnings)


def ledger_component(work: Work) -> None:
    """Pairs from a ledger table (整改台账) when the document has one with more rows than the
    text's own pairs; the issue list then starts at the table."""
    notice = work.notice
    for table in work.tables:
        pairs = ledger_pairs(table, notice.text)
        if len(pairs) > len(notice.structure.pairs):
            first = table.rows[0][0].start
            notice.structure = replace(notice.structure, pairs=pairs, issues_start=min(notice.structure.issues_start,
                                                                                       first),
                                       intro_end=min(notice.structure.intro_end, first))
            return


def entities_component(work: Work) -> None:
    """Titles, money and quantities of the whole notice, and its date candidates (titles found once)."""
    notice = work.notice
    notice.titles = extract_titles(notice.text, notice.shadow)
    notice.money = extract_money(notice.text, notice.shadow)
    notice.quantities = extract_quantities(notice.text, notice.shadow)
    outer = [(t.start, t.end) for t in notice.titles if not t.nested]
    work.date_candidates = detect_dates(notice.shadow, outer)


def meta_component(work: Work) -> None:
    """Header fields, read from the dates of the header and of the signature only."""
    notice, structure = work.notice, work.notice.structure
    length = len(notice.text)
    head_end = min(length, max(structure.intro_end, HEADER_CHARS))
    tail_start = max(head_end, min(structure.body_end - 50, length - SIGNATURE_CHARS))
    dates = [mention for window in ((0, head_end), (tail_start, length))
             for mention in resolve_dates(notice.text, notice.shadow, work.date_candidates, window=window)]
    plain = work.plain
    dates = [replace(mention, start=plain.offset(mention.start), end=plain.offset(mention.end)) for mention in dates]
    meta = extract_meta(plain.text, dates, plain.offset(structure.intro_end), plain.offset(structure.body_end),
                        plain.shadow)
    source = notice.source
    if source is not None:  # a web page's own title, date and publisher where the text states none
        meta.title = meta.title or source.title
        meta.publish_date = meta.publish_date or source.published
        meta.issuer = meta.issuer or source.publisher
    notice.meta = meta


def dates_component(work: Work) -> None:
    """All dates, the years of 3月22日, 今年… inferred with the header's dates as context."""
    notice, meta = work.notice, work.notice.meta
    context = DateContext(
        publish_date=meta.publish_date, feedback_date=meta.feedback_date, inspection_end=meta.inspection_end
    )
    notice.dates = resolve_dates(notice.text, notice.shadow, work.date_candidates, context)


def summary_component(work: Work) -> None:
    """Key figures from the intro and organisational parts and from a closing paragraph after the
    issue list, not from the issues themselves (whose per-issue numbers are not the notice's totals)."""
    notice = work.notice
    last = notice.pairs[-1].response if notice.pairs else None
    if last and not last.text:  # a list without responses (巡察反馈 lists, bare headings): all after it closes it
        closing = [(last.end, notice.structure.body_end)]
    else:
        closing = closing_region(notice.shadow, (last.start, last.end) if last else None)
    plain = work.plain
    spans = [(0, notice.structure.issues_start), *closing]
    regions = [(plain.offset(start), plain.offset(end)) for start, end in spans]
    notice.summary = extract_summary(plain.text, regions, plain.shadow)


def quality_component(work: Work) -> None:
    """Template and vague responses (模板答复, 空泛答复), and a second notice in the file (多份通报)."""
    notice = work.notice
    assess(notice.pairs, notice.text, notice.dates, notice.money, notice.titles, notice.quantities, notice.shadow)
    notice.warnings.extend(notice_warnings(notice.shadow, notice.pairs))


def contact_component(work: Work) -> None:
    notice = work.notice
    notice.contact = extract_contact(notice.text, notice.structure.body_end, notice.shadow)


COMPONENTS: tuple[Component, ...] = (
    Component("structure", structure_component, ("text", "shadow"), ("structure", "warnings")),
    Component("ledger", ledger_component, ("structure", "tables"), ("structure",)),
    Component("entities", entities_component, ("text", "shadow"),
              ("titles", "money", "quantities", "date_candidates")),
    Component("meta", meta_component, ("structure", "date_candidates"), ("meta",)),
    Component("dates", dates_component, ("meta", "date_candidates"), ("dates",)),
    Component("summary", summary_component, ("structure",), ("summary",)),
    Component("contact", contact_component, ("structure",), ("contact",)),
    Component("quality", quality_component, ("structure", "dates", "money", "titles", "quantities"),
              ("pairs", "warnings")),
)


def check_order(components: tuple[Component, ...] | list[Component]) -> None:
    """Raise ``ValueError`` naming the first component whose requirement no earlier one assigns.

    >>> check_order([COMPONENTS[3]])
    Traceback (most recent call last):
    ValueError: component 'meta' requires structure, date_candidates, which no earlier component assigns
    """
    available = set(GIVEN)
    for component in components:
        missing = [name for name in component.requires if name not in available]
        if missing:
            raise ValueError(f"component {component.name!r} requires {', '.join(missing)}, "
                             "which no earlier component assigns")
        available.update(component.assigns)


class Pipeline:
    """Runs the components over notices (处理流程).

    ``classify=False`` skips classification; ``models`` is a folder of trained models (the
    shipped ones by default); ``rules_only`` classifies by cue rules without models;
    ``taxonomy`` is a taxonomy YAML replacing the default label sets. Models are loaded when
    the pipeline is built, so a missing or damaged model fails at once (:class:`~nlp.errors.ModelError`).

    >>> pipeline = Pipeline(classify=False)
    >>> [component.name for component in pipeline.components]
    ['structure', 'ledger', 'entities', 'meta', 'dates', 'summary', 'contact', 'quality']
    """

    def __init__(self, classify: bool = True, models: str | Path | None = None, rules_only: bool = False,
                 taxonomy: str | Path | None = None) -> None:
        self.components: list[Component] = list(COMPONENTS)
        self.classifier = None
        if classify:
            from nlp.classify import load_classifier

            self.classifier = load_classifier(models, taxonomy, rules_only=rules_only)
            self.components.append(Component("classify", self._classify, ("structure",), ("pairs",)))
        check_order(self.components)

    def __call__(self, text: str, source: Source | None = None, tables: list[Table] | None = None) -> Notice:
        """Parse one notice text; ``source`` says where it came from, ``tables`` are its tables."""
        work = Work(Notice(text=text, shadow=make_shadow(text), source=source,
                           warnings=list(source.warnings or []) if source else []), list(tables or []))
        for component in self.components:
            started = time.perf_counter()
            component.run(work)
            work.notice.timings[component.name] = time.perf_counter() - started
        return work.notice

    def _classify(self, work: Work) -> None:
        from nlp.classify import classify_pairs

        notice = work.notice
        if self.classifier.models is None:
            notice.warnings.append("classified by cue rules only (--rules-only): no trained models used")
        classify_pairs(notice.pairs, notice.text, self.classifier)
        axis = self.classifier.taxonomy.status
        names = {label: axis.name_of(label) for label in axis.ids}
        for pair in notice.pairs:
            pair.status = stated_status(pair, names) or pair.status

