"""The notice record (记录): the JSON contract of ``spec/records.md`` built from a Notice.

Field names and order follow the contract; extra fields (``kind``, ``level``,
per-pair ``mentions``, ``quantities``, ``contact``) are additions, never renames.
"""

from __future__ import annotations

import bisect
import functools
import json
from importlib import resources

from nlp.types import Notice, Pair, SpanIndex, flat_dict

SCHEMA = "zhenggai.notice/1"
META_FIELDS = (
    "title", "issuer", "inspected_unit", "inspection_body", "inspection_start", "inspection_end",
    "feedback_date", "publish_date",
)


@functools.cache
def record_schema() -> dict:
    """The JSON Schema of the record (``nlp/data/record.schema.json``, ``$id`` = :data:`SCHEMA`)."""
    return json.loads(resources.files("nlp").joinpath("data/record.schema.json").read_text(encoding="utf-8"))


def to_record(notice: Notice) -> dict:
    """Build the contract record of a parsed notice (plain dicts, JSON-ready)."""
    mentions = {
        "dates": [flat_dict(d) for d in notice.dates],
        "money": [flat_dict(m) for m in notice.money],
        "titles": [flat_dict(t) for t in notice.titles],
    }
    indexed = {key: (items, SpanIndex([(m["start"], m["end"]) for m in items])) for key, items in mentions.items()}
    meta = {key: getattr(notice.meta, key) for key in META_FIELDS}
    meta["notice_type"] = notice.meta.notice_type
    return {
        "schema": SCHEMA,
        "source": _source(notice),
        "text": notice.text,
        "meta": meta,
        "summary": notice.summary.as_dict(),
        "pairs": [_pair(p, indexed, (notice.source.page_starts if notice.source else None)) for p in notice.pairs],
        **mentions,
        "quantities": [flat_dict(q) for q in notice.quantities],
        "contact": flat_dict(notice.contact),
        "warnings": list(notice.warnings),
    }


#: source fields always written; the others (page starts, a page's title…) only when known
SOURCE_FIELDS = ("path", "sha256", "format", "pages", "encoding")


def _source(notice: Notice) -> dict:
    if notice.source is None:
        return {"path": None, "sha256": None, "format": "txt", "pages": None}
    fields = flat_dict(notice.source)
    return {k: v for k, v in fields.items() if k in SOURCE_FIELDS or v is not None}


def _pages(start: int, end: int, page_starts: list[int] | None) -> list[int]:
    """The 1-based pages a span of the text lies on."""
    if not page_starts:
        return []
    first = bisect.bisect_right(page_starts, start)
    last = bisect.bisect_right(page_starts, max(start, end - 1))
    return list(range(max(first, 1), max(last, 1) + 1))


def _pair(pair: Pair, mentions: dict[str, tuple[list[dict], SpanIndex]], page_starts: list[int] | None) -> dict:
    start, end = pair.heading.start, max(pair.response.end, pair.heading.end)
    ledger = {key: flat_dict(span) for key, span in (("stated_status", pair.stated_status), ("deadline", pair.deadline),
                                                  ("owner", pair.owner)) if span is not None}
    return {
        "id": pair.id,
        "index": pair.index,
        "no": pair.no,
        "path": list(pair.path),
        "level": pair.level,
        "kind": pair.kind,
        "issue": flat_dict(pair.issue),
        "response": flat_dict(pair.response),
        "heading": flat_dict(pair.heading),
        "domain": pair.domain.as_dict() if pair.domain else None,
        "measures": [flat_dict(m) for m in pair.measures],
        "status": pair.status.as_dict() if pair.status else None,
        "mentions": {key: [items[i] for i in index.inside(start, end)] for key, (items, index) in mentions.items()},
        "pages": _pages(start, end, page_starts),
        "response_quality": flat_dict(pair.response_quality) if pair.response_quality else None,
        **ledger,
    }
