"""Document text with tables (文本构建): lines and tables appended in document order.

A table is written one row a line, its cells separated by tabs (a tab inside a cell becomes a
space; a line break inside a cell is kept), and every cell is remembered as a :class:`Span` of
the text, so a ledger's pairs point into the text like any other pair.

>>> builder = TextBuilder()
>>> builder.line("关于巡察整改情况的通报")
>>> table = builder.table([["序号", "问题"], ["1", "台账不全"]])
>>> text, tables = builder.build()
>>> cell = tables[0].rows[1][1]
>>> text[cell.start:cell.end]
'台账不全'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from nlp.types import Span, Table


@dataclass
class Extracted:
    """What a format's reader takes out of a file: the text, its tables, and facts of the source
    (each named as the :class:`~nlp.types.Source` field it becomes)."""

    text: str
    tables: list[Table] = field(default_factory=list)
    pages: int | None = None
    page_starts: list[int] | None = None
    encoding: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None
    attachments: list[dict] | None = None
    ocr: bool | None = None
    ocr_confidence: float | None = None
    warnings: list[str] | None = None

    def facts(self) -> dict:
        """The facts of the source, as :class:`~nlp.types.Source` keyword arguments."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("text", "tables")}


class TextBuilder:
    """Collects lines and tables; :meth:`build` gives the text and the tables' cell spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[Table] = []

    def write(self, text: str) -> None:
        """Text as it is (no line break added)."""
        self.parts.append(text)
        self.length += len(text)

    def line(self, text: str) -> None:
        """One line (a paragraph); blank lines are skipped."""
        text = text.strip()
        if text:
            self.write(text + "\n")

    def table(self, rows: list[list[str]], extend: Table | None = None) -> Table:
        """Rows of cell texts; empty rows are skipped. ``extend``: a table these rows continue
        (a table broken across PDF pages), which gets the rows instead of a new table."""
        spans: list[list[Span]] = []
        for row in rows:
            cells = [cell.replace("\t", " ").strip() for cell in row]
            if not any(cells):
                continue
            line: list[Span] = []
            for i, cell in enumerate(cells):
                if i:
                    self.write("\t")
                line.append(Span(cell, self.length, self.length + len(cell)))
                self.write(cell)
            self.write("\n")
            spans.append(line)
        if extend is not None:
            extend.rows.extend(spans)
            return extend
        table = Table(spans)
        if spans:
            self.tables.append(table)
        return table

    def build(self) -> tuple[str, list[Table]]:
        return "".join(self.parts), self.tables
