"""Export (导出): records as JSON, JSON Lines, CSV (one row per pair) or a terminal table.

:class:`RecordWriter` writes each record as soon as it is done and flushes it, so a long batch
keeps little in memory and an interrupted run keeps every record written so far; :func:`render`
renders a finished list. User-facing labels are the taxonomy's Chinese display names.

>>> import io
>>> out = io.StringIO()
>>> with RecordWriter(out, "jsonl") as writer:
...     writer.write({"schema": "zhenggai.notice/1"})
>>> out.getvalue()
'{"schema": "zhenggai.notice/1"}\\n'
"""

from __future__ import annotations

import io
import json
from typing import TextIO

from nlp.export.rows import csv_text, pair_rows
from nlp.export.table import table_block

FORMATS = ("json", "jsonl", "csv", "table")


def record_json(record: dict, indent: int | None = None) -> str:
    """Strict JSON of one record (``NaN``/``Infinity`` refused: they are not JSON)."""
    return json.dumps(record, ensure_ascii=False, indent=indent, allow_nan=False)


class RecordWriter:
    """Writes records to ``stream`` one by one in ``fmt``, flushing after each.

    ``json`` writes one object when ``single`` (one input notice), else an array whose
    brackets are written before the first and after the last record.
    """

    def __init__(self, stream: TextIO, fmt: str, single: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}")
        self.stream, self.fmt, self.single = stream, fmt, single
        self.count = 0

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, record: dict) -> None:
        self.stream.write(self._chunk(record))
        self.stream.flush()
        self.count += 1

    def _chunk(self, record: dict) -> str:
        if self.fmt == "jsonl":
            return record_json(record) + "\n"
        if self.fmt == "csv":  # a BOM first, so Excel on Windows reads the file as UTF-8
            return ("\ufeff" if self.count == 0 else "") + csv_text(pair_rows(record), header=self.count == 0)
        if self.fmt == "table":
            return table_block(record)
        if self.single:
            return record_json(record, indent=1) + "\n"
        return ("[\n" if self.count == 0 else ",\n") + record_json(record, indent=1)

    def close(self) -> None:
        """End the output (the closing bracket of a JSON array)."""
        if self.fmt == "json" and not self.single and self.count:
            self.stream.write("\n]\n")
            self.stream.flush()


def render(records: list[dict], fmt: str) -> str:
    """Records in one of :data:`FORMATS` as one string (JSON: an object for one record, else an array)."""
    out = io.StringIO()
    with RecordWriter(out, fmt, single=len(records) == 1) as writer:
        for record in records:
            writer.write(record)
    return out.getvalue()
