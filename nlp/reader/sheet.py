"""Spreadsheets (表格文件): .xlsx workbooks and .csv files, read as tables (ledgers, 整改台账).

Every sheet becomes one table, one row a line; cells are read as their stored values (openpyxl
``data_only``: a formula is never evaluated, its cached result is read). Members of the workbook
are checked against :class:`~nlp.reader.limits.Limits` before openpyxl opens it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from nlp.errors import FormatError
from nlp.reader.builder import TextBuilder
from nlp.reader.limits import Limits, check_members
from nlp.types import Table


def xlsx_to_text(data: bytes, limits: Limits | None = None) -> tuple[str, list[Table]]:
    """Text and tables of an .xlsx workbook (one table per sheet)."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_members(archive, limits or Limits())
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FormatError(f"not a readable .xlsx workbook ({type(exc).__name__})") from exc
    builder = TextBuilder()
    try:
        for sheet in workbook.worksheets:
            builder.table([[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)])
    finally:
        workbook.close()
    return _built(builder, "the workbook has no text")


def csv_to_text(text: str) -> tuple[str, list[Table]]:
    """Text and table of a .csv file (already decoded)."""
    builder = TextBuilder()
    builder.table(list(csv.reader(io.StringIO(text))))
    return _built(builder, "the CSV file has no text")


def cell_text(value: object) -> str:
    """A cell as text: integers without ``.0``, dates as ISO dates, empty cells as "".

    >>> cell_text(3.0), cell_text(dt.datetime(2023, 6, 30)), cell_text(None)
    ('3', '2023-06-30', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value)


def _built(builder: TextBuilder, empty: str) -> tuple[str, list[Table]]:
    text, tables = builder.build()
    if not text.strip():
        raise FormatError(empty)
    return text.rstrip("\n"), tables
