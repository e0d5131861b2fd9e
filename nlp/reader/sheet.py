"""Spreadsheets (表格文件): .xlsx workbooks and .csv files, read as tables (ledgers, 整改台账).

Every sheet becomes one table, one row a line; cells are read as their stored values (openpyxl
``data_only``: a formula is never evaluated, its cached result is read). Members of the workbook
are checked against :class:`~nlp.reader.limits.Limits` before openpyxl opens it.

A sheet is read as far as its cells go, not as far as its ``<dimension>`` says: that element may
be absent or lie (a 5 KB workbook may declare, or hold, one cell at XFD1048576). Empty rows are
skipped, each row ends at its last filled cell and rows are then padded to the widest one; a table
of more than :attr:`Limits.cells <nlp.reader.limits.Limits>` cells so padded is refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import warnings
from collections.abc import Iterable, Iterator, Sequence

from nlp.errors import FormatError, LimitError
from nlp.reader.builder import TextBuilder
from nlp.reader.limits import Limits, check_members, damaged_members, open_archive
from nlp.types import Table

#: the last row of a worksheet: a row numbered beyond it is malformed
SHEET_ROWS = 1_048_576
#: what openpyxl raises on a malformed workbook: broken XML (a SyntaxError), a cell value not of
#: its type (ValueError), a shared string that is not there (IndexError), a missing part (KeyError),
#: an attribute its classes do not know (TypeError)
_MALFORMED = (KeyError, IndexError, ValueError, TypeError, SyntaxError, OSError)


def xlsx_to_text(data: bytes, limits: Limits | None = None) -> tuple[str, list[Table]]:
    """Text and tables of an .xlsx workbook (one table per sheet)."""
    # openpyxl warns on stderr of parts it drops (data validation, a malformed link list); only the
    # cells' values are read, so the warnings are noise between the one-line errors
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return _workbook_text(data, limits or Limits())


def _workbook_text(data: bytes, limits: Limits) -> tuple[str, list[Table]]:
    import openpyxl

    with open_archive(data, "not a readable .xlsx workbook") as archive:
        check_members(archive, limits)
    try:
        with damaged_members("the workbook"):
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _MALFORMED as exc:
        raise FormatError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    builder = TextBuilder()
    try:
        for sheet in workbook.worksheets:
            builder.table(_sheet_rows(sheet, limits))
    except _MALFORMED as exc:
        raise FormatError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    finally:
        workbook.close()
    return _built(builder, "the workbook has no text")


def _sheet_rows(sheet, limits: Limits) -> list[list[str]]:
    """The filled rows of a read-only sheet, read to its last cell whatever its dimension says."""
    sheet.reset_dimensions()
    name = f"sheet {sheet.title!r}"
    with damaged_members(name):
        return filled_rows(_within_a_sheet(sheet.iter_rows(values_only=True), name), name, limits.cells)


def _within_a_sheet(rows: Iterable[tuple], what: str) -> Iterator[tuple]:
    """The rows up to the last row a worksheet has. openpyxl yields an empty row for each one the
    file skips, so a cell numbered row 99999999999 would otherwise be reached after as many."""
    for number, row in enumerate(rows, 1):
        if number > SHEET_ROWS:
            raise FormatError(f"{what} has a row numbered beyond {SHEET_ROWS}, the last row of a worksheet")
        yield row


def csv_to_text(text: str, limits: Limits | None = None) -> tuple[str, list[Table]]:
    """Text and table of a .csv file (already decoded)."""
    reader = csv.reader(io.StringIO(text))
    builder = TextBuilder()
    try:
        builder.table(filled_rows(reader, "the CSV file", (limits or Limits()).cells))
    except csv.Error as exc:  # a field above csv's size limit is an unclosed quote, not a cell
        raise FormatError(f"not a readable CSV file: {exc} (line {reader.line_num}; an unclosed quote?)") from exc
    return _built(builder, "the CSV file has no text")


def filled_rows(rows: Iterable[Sequence[object]], what: str, limit: int) -> list[list[str]]:
    """The rows as cell texts, without empty rows or trailing empty cells, padded to the widest row.

    Raise :class:`LimitError` when they hold more than ``limit`` cells (counted as padded).

    >>> filled_rows([["序号", "问题", None], [], [None, None], ["1", "台账不全", "", ""]], "sheet", 100)
    [['序号', '问题'], ['1', '台账不全']]
    >>> filled_rows([["a"], [None] * 9 + ["b"]], "sheet 'x'", 10)
    Traceback (most recent call last):
    nlp.errors.LimitError: sheet 'x' spans 20 cells (2 rows × 10 columns read so far), above the limit of 10 cells
    """
    kept: list[list[str]] = []
    width = 0
    for row in rows:
        end = _filled_length(row)
        if not end:
            continue
        kept.append([cell_text(value) for value in row[:end]])
        width = max(width, end)
        if width * len(kept) > limit:
            raise LimitError(f"{what} spans {width * len(kept)} cells ({len(kept)} rows × {width} columns read "
                             f"so far), above the limit of {limit} cells")
    return [row + [""] * (width - len(row)) for row in kept]


def _filled_length(row: Sequence[object]) -> int:
    """The number of cells up to the last one holding text (0 for an empty row)."""
    end = len(row)
    while end and (row[end - 1] is None or (isinstance(row[end - 1], str) and not row[end - 1].strip())):
        end -= 1
    return end


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
