"""spaCy integration (spaCy 组件): the toolkit as a pipeline component, so displaCy can show it.

``make_nlp()`` returns a blank Chinese pipeline (jieba segmenter) with the ``zhenggai``
component. Given a Doc of a notice, the component runs :func:`nlp.pipeline.parse_text`
and puts the pairs into the span groups ``issues`` (labelled with the domain) and
``responses`` (labelled with the status), and dates, money and document titles into
``doc.ents`` (DATE, MONEY, TITLE; overlaps keep the longest). The parsed notice is kept in
``doc.user_data["zhenggai"]``. spaCy is imported only here, inside the functions.

>>> nlp = make_nlp()                                      # doctest: +SKIP
>>> doc = nlp(open("corpus/shantou_minzheng_2023_xuncha_zhenggai.txt").read())  # doctest: +SKIP
>>> doc.spans["issues"][0].text, doc.spans["issues"][0].label_                  # doctest: +SKIP
('公益性公墓建设推进迟缓', 'public_service')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "zhenggai"
ENTITY_LABELS = {"dates": "DATE", "money": "MONEY", "titles": "TITLE"}


def _spans(doc: Doc, items, label_of, attr: str | None = None) -> list:
    """Char offsets → spaCy spans, expanded to token boundaries; unalignable items are skipped.

    ``attr`` names the span-like attribute of each item (``issue``); without it the item is the span.
    """
    spans = []
    for item in items:
        where = getattr(item, attr) if attr else item
        span = doc.char_span(where.start, where.end, label=label_of(item), alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    return spans


def annotate(doc: Doc) -> Doc:
    """The component: parse the notice in ``doc`` and attach pairs and entities."""
    from spacy.util import filter_spans

    from nlp.pipeline import parse_text

    notice = parse_text(doc.text)
    answered = [p for p in notice.pairs if p.response.text]
    doc.spans["issues"] = _spans(doc, notice.pairs, lambda p: (p.domain or {}).get("label", ""), "issue")
    doc.spans["responses"] = _spans(doc, answered, lambda p: (p.status or {}).get("label", ""), "response")
    entities = []
    for attr, label in ENTITY_LABELS.items():
        entities.extend(_spans(doc, getattr(notice, attr), lambda _, lab=label: lab))
    doc.ents = filter_spans(entities)
    doc.user_data[COMPONENT] = notice
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=annotate)


def make_nlp() -> Language:
    """A blank Chinese spaCy pipeline (jieba segmenter) with the ``zhenggai`` component added."""
    import spacy

    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(COMPONENT)
    return nlp
