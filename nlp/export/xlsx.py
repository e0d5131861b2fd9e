"""A streaming .xlsx writer for large tables (大表格导出): rows go to disk as they come.

openpyxl builds each cell as an object, which for a batch of thousands of pairs costs more than
parsing them; this writer emits the sheet XML directly (inline strings, numbers), one row at a
time, with a frozen, bold-free header row. Text that is not allowed in XML (control characters)
is dropped; a text cell is never a formula.

Both this writer and :func:`save_workbook` (openpyxl workbooks) give byte-identical files for the
same content: every zip entry is dated 1980-01-01 (the zip format's earliest date) and entries are
written in a fixed order, so a rerun of a batch or a review export changes no bytes.

>>> import io, zipfile
>>> out = io.BytesIO()
>>> with SheetWriter(out, "问题清单") as sheet:
...     sheet.append(["问题", "金额"])
...     sheet.append(["台账不全 <b>", 12.5])
>>> b"&lt;b&gt;" in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
True
"""

from __future__ import annotations

import datetime
import re
import tempfile
import zipfile
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

#: the date of every zip entry and of the workbook properties: no clock time in the output
EPOCH = datetime.datetime(1980, 1, 1)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FILES = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'),
}


class StableZip(zipfile.ZipFile):
    """A zip file whose entries carry neither the clock time nor a temporary file's date and mode."""

    def entry(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=EPOCH.timetuple()[:6])
        info.compress_type, info.external_attr = self.compression, 0o644 << 16
        return info

    def writestr(self, name: str | zipfile.ZipInfo, data: str | bytes, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        info = self.entry(name) if isinstance(name, str) else name
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename: str | Path, arcname: str | None = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        # openpyxl writes each worksheet from a temporary file: keep its bytes, not its date and mode
        name = zipfile.ZipInfo.from_file(filename, arcname).filename
        self.writestr(name, Path(filename).read_bytes(), compress_type, compresslevel)


def save_workbook(workbook, path: str | Path) -> None:
    """Save an openpyxl workbook as openpyxl does, but reproducibly: fixed entry dates and fixed
    created/modified document properties (openpyxl's ``save`` stamps both with the clock)."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = workbook.properties.modified = EPOCH
    ExcelWriter(workbook, StableZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


#: stands for the row number in a rendered row; no cell holds it (control characters are dropped)
ROW = "\x00"


def _cell(ref: str, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = escape(_ILLEGAL.sub("", str(value)))
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def render_row(values: list) -> str:
    """The cells of one worksheet row as XML, the row number left as :data:`ROW` (empty cells left out).

    >>> render_row(["问题", None, 2])
    '<c r="A\\x00" t="inlineStr"><is><t xml:space="preserve">问题</t></is></c><c r="C\\x00"><v>2</v></c>'
    """
    return "".join(_cell(f"{_column(i)}{ROW}", v) for i, v in enumerate(values) if v not in (None, ""))


class SheetWriter:
    """One worksheet written row by row to ``target`` (a path or a binary file) when closed."""

    def __init__(self, target: str | IO[bytes], title: str) -> None:
        self.target, self.title = target, title
        self.rows = 0
        self.body = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def __enter__(self) -> SheetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def append(self, values: list) -> None:
        self.append_rendered(render_row(values))

    def append_rendered(self, cells: str) -> None:
        """Append a row of :func:`render_row` (made wherever the values were, a worker process say)."""
        self.rows += 1
        self.body.write(f'<row r="{self.rows}">{cells.replace(ROW, str(self.rows))}</row>')

    def close(self) -> None:
        self.body.seek(0)
        # the fastest deflate level: the sheet of a large batch is written once, when nothing else runs
        with StableZip(self.target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, content in _FILES.items():
                archive.writestr(name, content)
            archive.writestr("xl/workbook.xml", (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets><sheet name="{escape(self.title)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
            with archive.open(archive.entry("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             b'<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                             b'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                             b"<sheetData>")
                while chunk := self.body.read(1 << 20):
                    sheet.write(chunk.encode("utf-8"))
                sheet.write(b"</sheetData></worksheet>")
        self.body.close()
