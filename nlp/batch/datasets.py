"""Batch datasets (数据集): records flattened into one row per notice and one row per pair.

``notices.parquet`` and ``pairs.parquet`` have flat columns a researcher can query at once
with pandas or DuckDB; ``pairs.csv`` (UTF-8 with a BOM, so Excel shows the Chinese) and
``pairs.xlsx`` carry the pair rows of ``zhenggai parse --format csv`` for people who work in
Excel. Every file is written to a temporary name and renamed into place.

>>> record = {"source": {"path": "a.txt", "sha256": "0" * 64, "format": "txt"}, "meta": {"title": "通报"},
...           "summary": {"issues_total": 3}, "pairs": [], "dates": [], "money": [{"yuan": 10.0}], "titles": [],
...           "warnings": []}
>>> row = notice_row(record)
>>> row["title"], row["issues_total"], row["money_total_yuan"], row["pairs"]
('通报', 3.0, 10.0, 0)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp.export.rows import CSV_COLUMNS, csv_text, pair_rows
from nlp.export.xlsx import SheetWriter, render_row
from nlp.record import META_FIELDS

SUMMARY_FIELDS = ("issues_total", "issues_completed", "issues_ongoing", "completion_rate", "rules_made",
                  "funds_recovered_yuan", "people_disciplined", "clues_transferred", "measures_total")
#: (column, arrow type) of notices.parquet, in order
NOTICE_COLUMNS = (
    ("path", "string"), ("sha256", "string"), ("format", "string"),
    *((name, "string") for name in META_FIELDS), ("notice_type", "string"),
    *((name, "float64") for name in SUMMARY_FIELDS),
    ("pairs", "int64"), ("dates", "int64"), ("money_total_yuan", "float64"), ("titles", "int64"),
    ("duplicate_of", "string"), ("warnings", "string"),
)
#: (column, arrow type) of pairs.parquet, in order
PAIR_COLUMNS = (
    ("path", "string"), ("sha256", "string"), ("notice_title", "string"), ("issuer", "string"),
    ("inspected_unit", "string"), ("publish_date", "string"),
    ("pair_id", "string"), ("index", "int64"), ("no", "string"), ("outline", "string"), ("level", "int64"),
    ("kind", "string"), ("issue", "string"), ("response", "string"),
    ("domain", "string"), ("domain_name", "string"), ("domain_score", "float64"), ("needs_review", "bool_"),
    ("measures", "string"), ("measure_names", "string"),
    ("status", "string"), ("status_name", "string"), ("status_score", "float64"),
    ("stated_status", "string"), ("deadline", "string"), ("owner", "string"), ("pages", "string"),
    ("dates", "string"), ("money_total_yuan", "float64"), ("titles", "string"),
)


def notice_row(record: dict) -> dict:
    """One flat row of a record (header fields, key figures, counts)."""
    source, meta, summary = record.get("source") or {}, record.get("meta") or {}, record.get("summary") or {}
    return {
        "path": source.get("path"), "sha256": source.get("sha256"), "format": source.get("format"),
        **{name: meta.get(name) for name in META_FIELDS}, "notice_type": meta.get("notice_type"),
        **{name: _float(summary.get(name)) for name in SUMMARY_FIELDS},
        "pairs": len(record.get("pairs") or []), "dates": len(record.get("dates") or []),
        "money_total_yuan": round(sum(m["yuan"] for m in record.get("money") or []), 2),
        "titles": len(record.get("titles") or []), "duplicate_of": record.get("duplicate_of"),
        "warnings": "; ".join(record.get("warnings") or []) or None,
    }


def pair_row_dicts(record: dict) -> Iterator[dict]:
    """One flat row per pair of a record, with the notice's identifying fields."""
    source, meta = record.get("source") or {}, record.get("meta") or {}
    for pair in record.get("pairs") or []:
        domain, status = pair.get("domain") or {}, pair.get("status") or {}
        mentions = pair.get("mentions") or {}
        yield {
            "path": source.get("path"), "sha256": source.get("sha256"), "notice_title": meta.get("title"),
            "issuer": meta.get("issuer"), "inspected_unit": meta.get("inspected_unit"),
            "publish_date": meta.get("publish_date"),
            "pair_id": pair["id"], "index": pair["index"], "no": pair["no"], "outline": "/".join(pair["path"]),
            "level": pair.get("level"), "kind": pair.get("kind"),
            "issue": pair["issue"]["text"], "response": pair["response"]["text"],
            "domain": domain.get("label"), "domain_name": domain.get("name"), "domain_score": domain.get("score"),
            "needs_review": domain.get("needs_review"),
            "measures": ",".join(m["label"] for m in pair.get("measures") or []) or None,
            "measure_names": "、".join(m["name"] for m in pair.get("measures") or []) or None,
            "status": status.get("label"), "status_name": status.get("name"), "status_score": status.get("score"),
            "stated_status": (pair.get("stated_status") or {}).get("text"),
            "deadline": (pair.get("deadline") or {}).get("text"), "owner": (pair.get("owner") or {}).get("text"),
            "pages": ",".join(map(str, pair.get("pages") or [])) or None,
            "dates": ",".join(d["value"] for d in mentions.get("dates") or []) or None,
            "money_total_yuan": round(sum(m["yuan"] for m in mentions.get("money") or []), 2),
            "titles": "、".join(t["text"] for t in mentions.get("titles") or [] if not t.get("nested")) or None,
        }


@dataclass(frozen=True)
class DatasetRows:
    """What one record adds to the datasets (数据行): its notice row, pair rows, CSV lines and
    worksheet rows, made where the record is (a batch worker), so the writer only appends."""

    notice: dict
    pairs: list[dict]
    csv: str
    sheet: list[str]

    @classmethod
    def of(cls, record: dict) -> DatasetRows:
        """The rows of a record."""
        rows = list(pair_rows(record))  # cells already safe: no formula can start
        return cls(notice_row(record), list(pair_row_dicts(record)), csv_text(rows), [render_row(r) for r in rows])


class DatasetWriter:
    """notices.parquet, pairs.parquet, pairs.csv and pairs.xlsx built record by record (memory
    bounded by :data:`ROWS_PER_GROUP` rows), renamed into place by :meth:`close`."""

    def __init__(self, outdir: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        # pyarrow imports pandas (when installed) on its first conversion, a sixth of a second: pay it
        # now, while the workers warm up, not at the end of the run when nothing else is running
        pa.array([], pa.string())
        names = ("notices.parquet", "pairs.parquet", "pairs.csv", "pairs.xlsx")
        self.targets = {name: outdir / name for name in names}
        self.temps = {name: path.with_name(f".{path.name}.tmp") for name, path in self.targets.items()}
        self.notices = _RowGroups(pq.ParquetWriter(self.temps["notices.parquet"], _schema(NOTICE_COLUMNS)))
        self.pairs = _RowGroups(pq.ParquetWriter(self.temps["pairs.parquet"], _schema(PAIR_COLUMNS)))
        self.sheet = SheetWriter(str(self.temps["pairs.xlsx"]), "问题清单")
        self.sheet.append(list(CSV_COLUMNS))
        self.csv = open(self.temps["pairs.csv"], "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
        self.csv.write("\ufeff" + csv_text([], header=True))

    def add(self, rows: DatasetRows) -> None:
        """Append a record's rows to every file."""
        self.notices.add([rows.notice])
        self.pairs.add(rows.pairs)
        self.csv.write(rows.csv)
        for cells in rows.sheet:
            self.sheet.append_rendered(cells)

    def close(self) -> dict[str, int]:
        """Finish every file and rename it into place; the row counts."""
        counts = {"notices": self.notices.close(), "pairs": self.pairs.close()}
        self.csv.close()
        self.sheet.close()
        for name, path in self.targets.items():
            os.replace(self.temps[name], path)
        return counts


#: rows buffered before they are written as one Parquet row group
ROWS_PER_GROUP = 5000


class _RowGroups:
    """Rows written to a ParquetWriter in groups, so memory stays bounded."""

    def __init__(self, writer) -> None:
        self.writer, self.rows, self.count = writer, [], 0

    def add(self, rows: list[dict]) -> None:
        self.rows += rows
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.writer.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> int:
        self._flush()
        self.writer.close()
        return self.count


def _schema(columns: Iterable[tuple[str, str]]):
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])


def _float(value: object) -> float | None:
    return None if value is None else float(value)
