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

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.batch.datasets import NOTICE_COLUMNS, PAIR_COLUMNS, notice_row, pair_row_dicts
from nlp.errors import FormatError, ReadError
from nlp.jsonl import json_lines

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


def read_records(path: str | Path) -> list[dict]:
    """The notice records of a ``.jsonl`` file (or a ``.json`` record or list of records).

    Raises :class:`~nlp.errors.FormatError` naming the first line that is not a record (an
    ``errors.jsonl`` or a corrections file given by mistake), :class:`~nlp.errors.ReadError`
    when the file cannot be read. A batch's cut-off last line is skipped.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ReadError(f"cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise FormatError(f"not a file of records (not UTF-8 text at byte {exc.start})") from exc
    lines = [text] if Path(path).suffix == ".json" else text.split("\n")
    records = []
    for number, data, error in json_lines(lines):
        if error and number == len(lines) and len(lines) > 1:
            continue  # a last line without its line break, cut off by a killed run
        if error:
            raise FormatError(f"line {number} is not JSON ({error})")
        for record in data if isinstance(data, list) else [data]:
            if not (isinstance(record, dict) and isinstance(record.get("text"), str)
                    and isinstance(record.get("pairs"), list) and isinstance(record.get("source"), dict)):
                raise FormatError(f"line {number} is not a notice record (no text, pairs and source)")
            records.append(record)
    return records


def load(path: str | Path, classify: bool = True) -> Frames:
    """Frames of a batch folder, a records file (.jsonl/.json), or notice files and folders."""
    path = Path(path)
    if path.is_dir() and (path / "notices.jsonl").exists():
        return from_records(read_records(path / "notices.jsonl"))
    if path.suffix in (".jsonl", ".json"):
        return from_records(read_records(path))
    return from_records(_parse(path, classify))


def _parse(path: Path, classify: bool) -> list[dict]:
    from nlp.pipeline import Pipeline
    from nlp.reader import NOTICE_SUFFIXES, read
    from nlp.record import to_record

    pipeline = Pipeline(classify=classify)
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() in NOTICE_SUFFIXES) if path.is_dir() else [path]
    documents = (read(f) for f in files)
    return [to_record(pipeline(d.text, d.source, d.tables)) for d in documents]
