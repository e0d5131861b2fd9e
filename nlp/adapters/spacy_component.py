"""spaCy integration (spaCy 组件): the toolkit as a pipeline component, so displaCy can show it.

``make_nlp()`` returns a blank Chinese pipeline (jieba segmenter) with the ``zhenggai``
component. Given a Doc of a notice, the component runs a :class:`nlp.pipeline.Pipeline`
and puts the pairs into the span groups ``issues`` (labelled with the domain) and
``responses`` (labelled with the status), and dates, money and document titles into
``doc.ents`` (DATE, MONEY, TITLE; overlaps keep the longest). The parsed notice is kept in
``doc.user_data["zhenggai"]``. spaCy is imported only here, inside the functions.

Example (see ``tests/test_classify.py`` for the executed version)::

    nlp = make_nlp()
    doc = nlp(open("corpus/shantou_minzheng_2023_xuncha_zhenggai.txt", encoding="utf-8").read())
    doc.spans["issues"][0].text, doc.spans["issues"][0].label_
    # ('公益性公墓建设推进迟缓', 'public_service')
    spacy.displacy.render(doc, style="ent")
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


class NoticeAnnotator:
    """The component: parse the notice in a Doc and attach pairs and entities.

    It keeps one toolkit :class:`~nlp.pipeline.Pipeline`, so the classifier loads once.
    """

    def __init__(self, classify: bool = True) -> None:
        from nlp.pipeline import Pipeline

        self.pipeline = Pipeline(classify=classify)

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, self.pipeline(doc.text))


def annotate(doc: Doc, notice) -> Doc:
    """Attach a parsed notice's pairs (span groups) and entities (``doc.ents``) to ``doc``."""
    from spacy.util import filter_spans

    answered = [p for p in notice.pairs if p.response.text]
    doc.spans["issues"] = _spans(doc, notice.pairs, lambda p: p.domain.label if p.domain else "", "issue")
    doc.spans["responses"] = _spans(doc, answered, lambda p: p.status.label if p.status else "", "response")
    entities = []
    for attr, label in ENTITY_LABELS.items():
        entities.extend(_spans(doc, getattr(notice, attr), lambda _, lab=label: lab))
    doc.ents = filter_spans(entities)
    doc.user_data[COMPONENT] = notice
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(
            COMPONENT, default_config={"classify": True}, assigns=["doc.ents", "doc.spans", "doc.user_data"],
            func=lambda nlp, name, classify: NoticeAnnotator(classify),
        )


def make_nlp(classify: bool = True) -> Language:
    """A blank Chinese spaCy pipeline (jieba segmenter) with the ``zhenggai`` component added."""
    import spacy

    from nlp.classify.features import jieba_module

    jieba_module()  # spaCy's segmenter uses jieba's global dictionary: silence it and keep its cache private
    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(COMPONENT, config={"classify": classify})
    return nlp
