"""Records as pandas DataFrames (数据框), for notebooks and statistics.

``load(path)`` reads a batch folder (its Parquet files), a ``.jsonl`` file of records, a ``.json``
record, or notice files and folders (parsed), and returns :class:`Frames`: ``notices`` and
``pairs`` (the flat rows of ``notices.parquet``/``pairs.parquet``), and ``dates``, ``money``,
``titles`` (one row per mention, with the notice's path). pandas is imported here only.

>>> import nlp
>>> frames = from_records([nlp.to_record(nlp.parse(nlp.load("reference"), classify=False))])
>>> len(frames.pairs), len(frames.notices), bool(frames.money["yuan"].sum() > 0)
(80, 1, True)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.batch.datasets import NOTICE_COLUMNS, PAIR_COLUMNS, notice_row, pair_row_dicts
from nlp.batch.datasets import read_records as _read_jsonl

MENTION_KEYS = {"dates": ("text", "start", "end", "kind", "value", "inferred_year"),
                "money": ("text", "start", "end", "yuan", "approx"),
                "titles": ("text", "start", "end", "nested", "doc_type", "issued")}


@dataclass
class Frames:
    """The DataFrames of a set of records."""

    notices: Any
    pairs: Any
    dates: Any
    money: Any
    titles: Any


def from_records(records: Iterable[dict]) -> Frames:
    """Frames of records (the record contract)."""
    import pandas as pd

    notices, pairs, mentions = [], [], {key: [] for key in MENTION_KEYS}
    for record in records:
        notices.append(notice_row(record))
        pairs += pair_row_dicts(record)
        path = (record.get("source") or {}).get("path")
        for key, columns in MENTION_KEYS.items():
            mentions[key] += [{"path": path, **{c: m.get(c) for c in columns}} for m in record.get(key) or []]
    return Frames(pd.DataFrame(notices, columns=[c for c, _ in NOTICE_COLUMNS]),
                  pd.DataFrame(pairs, columns=[c for c, _ in PAIR_COLUMNS]),
                  *(pd.DataFrame(mentions[key], columns=["path", *columns]) for key, columns in MENTION_KEYS.items()))


def load(path: str | Path, classify: bool = True) -> Frames:
    """Frames of a batch folder, a records file (.jsonl/.json), or notice files and folders."""
    path = Path(path)
    if path.is_dir() and (path / "notices.jsonl").exists():
        return from_records(_read_jsonl(path / "notices.jsonl"))
    if path.suffix == ".jsonl":
        return from_records(_read_jsonl(path))
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return from_records(data if isinstance(data, list) else [data])
    return from_records(_parse(path, classify))


def _parse(path: Path, classify: bool) -> list[dict]:
    from nlp.pipeline import Pipeline
    from nlp.reader import NOTICE_SUFFIXES, read
    from nlp.record import to_record

    pipeline = Pipeline(classify=classify)
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in NOTICE_SUFFIXES) if path.is_dir() else [path]
    documents = (read(f) for f in files)
    return [to_record(pipeline(d.text, d.source, d.tables)) for d in documents]
