"""Builders of small test documents (web page, Word, PDF) holding a given Chinese text."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def make_html(text: str, charset: str = "utf-8") -> bytes:
    body = "".join(f"<p>{escape(line)}</p>\n" for line in text.splitlines())
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>通报</title>'
        f"<style>p {{color: red}}</style><script>var x = '一、不是正文';</script></head>"
        f'<body><div class="nav">首页 &gt; 巡察整改</div>\n{body}</body></html>'
    )
    return page.encode(charset)


def make_docx(text: str) -> bytes:
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.splitlines()
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{word}">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    return _word_package(document)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def _word_package(document: str) -> bytes:
    """A .docx package Word and LibreOffice open: content types, relationships and the document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def make_pdf(text: str, to_unicode: bool = True) -> bytes:
    """A one-page PDF whose text layer holds ``text`` (Identity-H font with a ToUnicode map;
    without it, as in some real PDFs, the glyphs map to no characters and read as (cid:N))."""
    chars = sorted(set(text.replace("\n", "")))
    cid = {char: index + 1 for index, char in enumerate(chars)}
    shown = " ".join(f"<{''.join(f'{cid[c]:04X}' for c in line)}> Tj T*" for line in text.splitlines())
    content = f"BT /F1 10 Tf 14 TL 20 800 Td {shown} ET"
    mapping = "".join(f"<{cid[c]:04X}> <{ord(c):04X}>\n" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def "
        "/CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
        f"{len(chars)} beginbfchar\n{mapping}endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        _stream(content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] "
        + ("/ToUnicode 7 0 R >>" if to_unicode else ">>"),
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        _stream(cmap),
        "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
        "/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(content: str) -> str:
    return f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream"


def encrypt_pdf(data: bytes, user_password: str = "", owner_password: str = "owner-secret") -> bytes:
    """The PDF encrypted (pypdf): with an empty user password it opens freely, the owner password
    only restricting copying and printing, as many government PDFs are published."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, permissions_flag=0b0100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_typeset_pdf(text: str, header: str = "巡察整改情况通报") -> bytes:
    """The text typeset as an A4 PDF (reportlab, CID font STSong-Light): paragraphs with a first-line
    indent wrapped at the margin, a running header and page numbers "- N -" on every page."""
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24,
                           wordWrap="CJK")

    def decorate(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, header)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, topMargin=72, bottomMargin=72, leftMargin=72, rightMargin=72,
                                 invariant=True)
    document.build([Paragraph(xml_escape(line), style) for line in text.splitlines() if line.strip()],
                   onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


def make_government_page(text: str, title: str, published: str, publisher: str) -> bytes:
    """The text as a government web page: navigation, breadcrumbs, information table, tool bar,
    attachments, related articles and footer around it, the facts in <meta> tags."""
    body = "".join(f"<p>{escape(line)}</p>\n" for line in text.splitlines())
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_{publisher}</title>'
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{published} 09:30">'
        f'<meta name="ContentSource" content="{publisher}"><script>var nav = "一、不是正文";</script></head><body>'
        '<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | 无障碍 | 长者模式</div>'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a>信息公开</a> &gt; 巡察整改</div>'
        '<table class="info"><tr><td>索引号：</td><td>11440500007098547X/2023-00123</td>'
        f'<td>发布机构：</td><td>{publisher}</td></tr>'
        f'<tr><td>成文日期：</td><td>{published}</td></tr></table>'
        f'<div class="article"><h1>{title}</h1>'
        f'<div class="tools">发布时间：{published} 09:30 来源：{publisher} '
        "浏览次数：1024 【打印本页】【关闭窗口】</div>"
        f'<div class="content">{body}</div>'
        '<p>附件：<a href="/files/tz.pdf">巡察整改台账.pdf</a></p></div>'
        '<div class="related"><h3>相关文章</h3><ul><li><a>关于开展养老服务的通知</a></li>'
        '<li><a>民政局召开会议</a></li></ul></div>'
        f'<div class="footer">主办单位：{publisher} 版权所有 粤ICP备12345678号 网站标识码4405000012</div>'
        "</body></html>"
    )
    return page.encode("utf-8")


def make_ledger_docx(before: list[str], rows: list[list[str]], after: list[str]) -> bytes:
    """A Word file: paragraphs, then a ledger table (first row the header), then paragraphs."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def paragraph(line: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'

    table = "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc>{paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    ) + "</w:tbl>"
    body = "".join(map(paragraph, before)) + table + "".join(map(paragraph, after))
    document = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{word}">'
                f"<w:body>{body}</w:body></w:document>")
    return _word_package(document)


def make_ledger_xlsx(title: str, rows: list[list[str]]) -> bytes:
    """An .xlsx ledger: a title row merged across the columns, then the header row and the rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "整改台账"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_ledger_pdf(title: str, rows: list[list[str]]) -> bytes:
    """A ledger typeset as a ruled table in a PDF (reportlab), running over pages with its header
    row repeated on each."""
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12, wordWrap="CJK")
    table = Table([[Paragraph(xml_escape(text), cell) for text in row] for row in rows],
                  colWidths=[30, 130, 260, 50], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=True).build([Paragraph(xml_escape(title), cell), table])
    return out.getvalue()


def make_scanned_pdf(pdf: bytes, pages: int | None = None, dpi: int = 200, skew: float = 0.6,
                     speckle: float = 0.002, seed: int = 7) -> bytes:
    """An image-only PDF, as a scanner makes: the pages of ``pdf`` rendered to greyscale images at
    ``dpi``, turned by ``skew`` degrees and speckled with dark dots, without any text layer."""
    import random

    import pypdfium2
    from PIL import Image

    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(pdf)
    images = []
    for number in range(len(document) if pages is None else min(pages, len(document))):
        image = document[number].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
        pixels = image.load()
        for _ in range(int(image.width * image.height * speckle)):
            pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.randrange(0, 90)
        images.append(image)
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
