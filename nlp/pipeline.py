"""The notice pipeline (处理流程): named components run in order over one :class:`Notice`.

read → text with offsets → structure (sections, pairs) → extract (dates, money,
titles, quantities) → header, figures, contact → classify. Each component reads
what earlier ones set and fills its own fields, like a spaCy pipeline over a Doc.

>>> notice = parse_text("二、反馈问题整改情况\\n(一)“台账不全”问题\\n整改情况:2023年3月已建立台账。\\n", classify=False)
>>> notice.pairs[0].issue.text, notice.dates[0].value
('台账不全', '2023-03')
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from nlp.contact import extract_contact
from nlp.extract.dates import DateContext, extract_dates
from nlp.extract.money import extract_money
from nlp.extract.quantities import extract_quantities
from nlp.extract.titles import extract_titles
from nlp.meta import Meta, extract_meta
from nlp.normalize import shadow as make_shadow
from nlp.structure import Structure, parse_structure
from nlp.summary import extract_summary
from nlp.types import Contact, DateMention, MoneyMention, Pair, Quantity, Source, TitleMention

#: the header is read from at least this many characters, the signature from the last ones
HEADER_CHARS = 2500
SIGNATURE_CHARS = 400


@dataclass
class Notice:
    """One notice as the pipeline sees it (通报): text, its shadow and everything found in it."""

    text: str
    shadow: str
    source: Source | None = None
    structure: Structure | None = None
    meta: Meta = field(default_factory=Meta)
    summary: dict = field(default_factory=dict)
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


def structure_component(notice: Notice) -> None:
    notice.structure = parse_structure(notice.text, notice.shadow)
    notice.warnings.extend(notice.structure.warnings)


def entities_component(notice: Notice) -> None:
    """Titles, money and quantities of the whole notice."""
    notice.titles = extract_titles(notice.text, notice.shadow)
    notice.money = extract_money(notice.text, notice.shadow)
    notice.quantities = extract_quantities(notice.text, notice.shadow)


def meta_component(notice: Notice) -> None:
    """Header fields, read from the dates of the header and of the signature only."""
    structure = notice.structure or parse_structure(notice.text, notice.shadow)
    text = notice.text
    head_end = min(len(text), max(structure.intro_end, HEADER_CHARS))
    tail_start = max(head_end, min(structure.body_end - 50, len(text) - SIGNATURE_CHARS))
    shadow = notice.shadow
    dates = extract_dates(text[:head_end], norm=shadow[:head_end])
    dates += _shifted(extract_dates(text[tail_start:], norm=shadow[tail_start:]), tail_start)
    notice.meta = extract_meta(text, dates, structure.intro_end, structure.body_end, notice.shadow)


def _shifted(mentions: list[DateMention], offset: int) -> list[DateMention]:
    return [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions]


def dates_component(notice: Notice) -> None:
    """All dates, the years of 3月22日, 今年… inferred with the header's dates as context."""
    meta = notice.meta
    context = DateContext(
        publish_date=meta.publish_date, feedback_date=meta.feedback_date, inspection_end=meta.inspection_end
    )
    notice.dates = extract_dates(notice.text, context, notice.shadow)


def summary_component(notice: Notice) -> None:
    """Key figures from the intro and organisational parts, not from the issue list
    (whose per-issue numbers are not the notice's totals)."""
    end = notice.structure.issues_start if notice.structure else len(notice.text)
    notice.summary = extract_summary(notice.text, [(0, end)], notice.shadow)


def contact_component(notice: Notice) -> None:
    start = notice.structure.body_end if notice.structure else 0
    notice.contact = extract_contact(notice.text, start, notice.shadow)


Component = Callable[[Notice], None]
COMPONENTS: list[tuple[str, Component]] = [
    ("structure", structure_component),
    ("entities", entities_component),
    ("meta", meta_component),
    ("dates", dates_component),
    ("summary", summary_component),
    ("contact", contact_component),
]


class Pipeline:
    """Runs the components over notices; the classifier is loaded once, on first use.

    >>> pipeline = Pipeline(classify=False)
    >>> [name for name, _ in pipeline.components]
    ['structure', 'entities', 'meta', 'dates', 'summary', 'contact']
    """

    def __init__(self, classify: bool = True, taxonomy: str | None = None) -> None:
        self.components: list[tuple[str, Component]] = list(COMPONENTS)
        self.taxonomy = taxonomy
        self._classifier = None
        if classify:
            self.components.append(("classify", self._classify))

    def __call__(self, text: str, source: Source | None = None) -> Notice:
        notice = Notice(text=text, shadow=make_shadow(text), source=source)
        for name, component in self.components:
            started = time.perf_counter()
            component(notice)
            notice.timings[name] = time.perf_counter() - started
        return notice

    def _classify(self, notice: Notice) -> None:
        from nlp.classify import classify_pairs, load_classifier

        if self._classifier is None:
            self._classifier = load_classifier(taxonomy_path=self.taxonomy)
        if self._classifier.models is None:
            notice.warnings.append("trained models not found (models/): pairs classified by cue rules only")
        classify_pairs(notice.pairs, notice.text, self._classifier)


def parse_text(text: str, source: Source | None = None, classify: bool = True) -> Notice:
    """Run the whole pipeline over one notice text."""
    return Pipeline(classify=classify)(text, source)
