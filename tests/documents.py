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
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
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
