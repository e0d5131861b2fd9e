"""OCR (文字识别) of scanned notices: PDF pages without a text layer, and images.

Pages are rendered with pypdfium2 at :data:`DPI` and read by Tesseract (Debian's
``tesseract-ocr`` with ``tesseract-ocr-chi-sim``), called as a program; its TSV output gives
each word's box and confidence, so the page becomes positioned lines that the PDF layout code
rebuilds into paragraphs (hard wraps joined, running headers and page numbers dropped) like a
text PDF. The OCR text is cleaned before parsing: spaces between Chinese characters removed,
full-width digits and Latin letters made half-width, and the bracket and quote confusions of
numbering repaired where unambiguous (（一）, “…”), thousands separators read as dots made commas again. After
the lines are joined, quotes inside a quoted heading are mended by the nesting rule (:func:`mend_quotes`).
Pages run in parallel (``jobs``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nlp.errors import FormatError, LimitError
from nlp.reader.pdf import Line, PageLines

#: rendering resolution for OCR. A 200 dpi scan of the reference notice rendered at 200/225/250/300 dpi gave
#: 57/61/65/63 of 80 headings exact, and 8 dev openings typeset and scanned the same way 95.5% of their
#: characters read at 250 dpi against 95.1% at 300 (benchmarks/ocr_speed.py --render-dpi)
DPI = 250
#: Tesseract's Chinese model. Before the quote mending, on the reference notice as a scan: 65/80 headings exact;
#: the Han script model (tesseract-ocr-script-hans) alone 58/80, with chi_sim 66/80 at twice the time; deskewing
#: the pages first 64/80
LANGUAGES = "chi_sim"
#: Tesseract's page segmentation: 4, one column of text of varying sizes (on the reference notice as a
#: scan rendered at 200 dpi, headings exact 63/80 against 56/80 with 6, a uniform block; at 250 dpi 3, 4
#: and 6 all give 65/80 before the quote mending; see benchmarks/ocr_speed.py --psm)
PAGE_SEGMENTATION = "4"
#: grey level above which a pixel is paper (white)
BINARY_THRESHOLD = 170
#: a word read with less confidence (0–100) that holds no Chinese character is taken for a speck
MIN_NOISE_CONFIDENCE = 60
INSTALL = "OCR needs Tesseract with Chinese: apt-get install tesseract-ocr tesseract-ocr-chi-sim"
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]"
_SPACE_BETWEEN = re.compile(rf"(?<={_CJK})[ \t]+|[ \t]+(?={_CJK})")
_FULL = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
                      | {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}
                      | {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
#: numbering confused by OCR: （一〉 (一） [一) → (一); 1、 1， → 1.
_REPAIRS = ((re.compile(r"^[\(（\[〔【]\s*([一二三四五六七八九十]{1,3})\s*[\)）\]〕】〉>]"), r"(\1)"),
            # a heading whose closing bracket was lost with the quote after it: (二市福利中心… → (二)市…
            (re.compile(r"^\(([二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])(?![一二三四五六七八九十)])"),
             r"(\1)"),
            (re.compile(r"^(\d{1,3})\s*[，,]"), r"\1."),
            # a speck read as an asterisk or dot after a heading's number
            (re.compile(r"^(\([一二三四五六七八九十]{1,3}\))\s*[*＊·•]+"), r"\1"),
            # an opening quote lost where the closing one is there: (七)骨灰楼…使用”问题
            (re.compile(r"^(\([一二三四五六七八九十]{1,3}\))(?!“)(?=[^“]*”(?:的)?问题)"), r"\1“"),
            # quotes read the wrong way round at a heading: (一)”…  and  …“问题 at the line's end
            (re.compile(r"^(\([一二三四五六七八九十]{1,3}\))”"), r"\1“"),
            (re.compile(r"“((?:的)?问题)$"), r"”\1"))


def tesseract() -> str:
    """The Tesseract program, with its Chinese data (raises :class:`FormatError` naming what to install)."""
    program = shutil.which("tesseract")
    if not program:
        raise FormatError(INSTALL)
    languages = subprocess.run([program, "--list-langs"], capture_output=True, text=True, check=False).stdout
    if LANGUAGES not in languages.split():
        raise FormatError(INSTALL)
    return program


def clean_line(text: str) -> str:
    """An OCR line cleaned for parsing.

    >>> clean_line("（ 一 ） “ 公 墓 建 设 迟 缓 ” 问 题  ２０２３ 年")
    '(一)“公墓建设迟缓”问题2023年'
    """
    text = _SPACE_BETWEEN.sub("", text.translate(_FULL)).strip()
    for pattern, repl in _REPAIRS:
        text = pattern.sub(repl, text)
    return _curly_quotes(_separators(text))


#: a number with more than one decimal point, or a doubled separator: OCR read thousands separators as dots
_MISREAD_SEPARATORS = re.compile(
    r"(?<![\d.,])(?P<whole>\d{1,3}(?:(?:,\.|\.,|[.,])\d{3})+)(?:\.(?P<decimals>\d{1,2}))?(?![\d.,])")
_THOUSANDS = re.compile(r",\.|\.,|\.")


def _separators(text: str) -> str:
    """Thousands separators misread by OCR made commas where the number shows it: a number has one decimal
    point at most, so in 130.583.94 the first dot separates thousands.

    >>> _separators("发行费214,.059.62元、130.583.94元、2.5万元、1,200元")
    '发行费214,059.62元、130,583.94元、2.5万元、1,200元'
    """
    def repaired(match: re.Match) -> str:
        whole, decimals = match.group("whole", "decimals")
        if whole.count(".") + (decimals is not None) < 2 and ",." not in whole and ".," not in whole:
            return match.group()
        return _THOUSANDS.sub(",", whole) + (f".{decimals}" if decimals else "")

    return _MISREAD_SEPARATORS.sub(repaired, text)


def _curly_quotes(text: str) -> str:
    """Straight quotes beside Chinese text read as “ and ”, ‘ and ’ in turn (OCR reads ” as ").

    >>> _curly_quotes('"公墓建设迟缓"问题'), _curly_quotes("服务'三新两特一大'产业")
    ('“公墓建设迟缓”问题', '服务‘三新两特一大’产业')
    """
    if not re.search(r"[\u4e00-\u9fff]", text):
        return text
    for straight, (opening, closing) in (('"', "“”"), ("'", "‘’")):
        if straight in text:
            parts = text.split(straight)
            text = "".join(part + (opening if n % 2 == 0 else closing) for n, part in enumerate(parts[:-1])) + parts[-1]
    return text


#: a numbered heading line and its opening quote, if OCR kept it
_HEADING_OPEN = re.compile(r"\s*(?:\([一二三四五六七八九十]{1,4}\)|\d{1,3}[.、])\s*(?:关于|针对)?\s*(“?)")
#: the closing quote of a heading's statement: ”问题 before punctuation, the line's end or 整改
_HEADING_CLOSE = re.compile(r"”(?:的)?问题(?=[。.,;:，；：\s]|$|的?整改)")


def mend_quotes(text: str) -> str:
    """Quote marks inside a quoted heading mended, line by line and keeping every offset: by the rule of
    Chinese punctuation (GB/T 15834) a quote inside a double quote is single, and OCR reads ‘ and ’ as
    “ and ”. The outer quote counts as there when OCR lost it but kept more ” than “.

    >>> mend_quotes("(十)党组的“三重一大”事项不够全面”问题")
    '(十)党组的‘三重一大’事项不够全面”问题'
    >>> mend_quotes("(九)“工作‘同推进、同考核“的要求不到位”问题")
    '(九)“工作‘同推进、同考核’的要求不到位”问题'
    """
    return "\n".join(_mend_line(line) for line in text.split("\n"))


def _mend_line(line: str) -> str:
    head = _HEADING_OPEN.match(line)
    close = _HEADING_CLOSE.search(line, head.end()) if head else None
    if not close:
        return line
    inner, left_open = _single_quotes(line[head.end() : close.start()])
    if left_open is not None and not head.group(1):
        return line  # the closing ” answers a quote inside: (三)落实“三重一大”问题 is not quoted as a whole
    if left_open is not None and not inner[:left_open].strip():
        inner = inner[:left_open] + " " + inner[left_open + 1 :]  # the outer quote read twice: (十五)“ “尚未…
    return line[: head.end()] + inner + line[close.start() :]


def _single_quotes(inner: str) -> tuple[str, int | None]:
    """Every quote mark of a heading's statement as a single quote, opening and closing in turn, and
    where the one left open at the end is (None when all are closed)."""
    chars, opened = list(inner), None
    for n, char in enumerate(chars):
        if char in "“‘" and opened is None:
            chars[n], opened = "‘", n
        elif char in "“‘”’":
            chars[n], opened = "’", None
    return "".join(chars), opened


def clean_image(png: bytes) -> bytes:
    """A scan made easier to read: specks removed (median filter) and the page made black on white."""
    from PIL import Image, ImageFilter

    image = Image.open(io.BytesIO(png)).convert("L").filter(ImageFilter.MedianFilter(3))
    image = image.point(lambda value: 255 if value > BINARY_THRESHOLD else 0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ocr_image(png: bytes, program: str) -> tuple[PageLines, list[float]]:
    """The lines of one page image and the confidences of its words (0–100)."""
    with tempfile.TemporaryDirectory() as tmp:
        image = Path(tmp) / "page.png"
        image.write_bytes(clean_image(png))
        run = subprocess.run([program, str(image), "stdout", "-l", LANGUAGES, "--psm", PAGE_SEGMENTATION, "tsv"],
                             capture_output=True, text=True, timeout=600, check=False)
    if run.returncode:
        cause = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
        raise FormatError(f"Tesseract failed ({cause})")
    return _tsv_lines(run.stdout)


def _tsv_lines(tsv: str) -> tuple[PageLines, list[float]]:
    """Words of Tesseract's TSV grouped into lines (block, paragraph, line), with their boxes."""
    lines: dict[tuple, list[tuple[int, int, int, str]]] = {}
    confidences: list[float] = []
    height = 0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        level, left, top, width, tall = int(cells[0]), int(cells[6]), int(cells[7]), int(cells[8]), int(cells[9])
        if level == 1:
            height = top + tall
        text = cells[11].strip()
        if level == 5 and text and _is_speck(text, float(cells[10])):
            continue
        if level == 5 and text:
            lines.setdefault(tuple(cells[2:5]), []).append((left, top, left + width, text))
            confidences.append(float(cells[10]))
    out = []
    for words in lines.values():
        words.sort()
        text = clean_line(" ".join(w[3] for w in words))
        if text:
            out.append(Line(text, float(words[0][0]), float(words[-1][2]), float(min(w[1] for w in words))))
    out.sort(key=lambda line: line.top)
    return PageLines(out, float(height or 1)), confidences


def _is_speck(text: str, confidence: float) -> bool:
    """A word of a dot or two of noise: short, no Chinese, read with little confidence.

    >>> _is_speck("ee", 20.0), _is_speck("整改", 20.0), _is_speck("2023", 95.0)
    (True, False, False)
    """
    return confidence < MIN_NOISE_CONFIDENCE and len(text) <= 3 and not re.search(r"[\u4e00-\u9fff\d]", text)


def render_pages(data: bytes, pages: list[int], dpi: int | None = None) -> list[bytes]:
    """PNG images of some pages of a PDF (0-based numbers), rendered greyscale with pypdfium2 at
    ``dpi`` (:data:`DPI` by default)."""
    import pypdfium2

    dpi = dpi or DPI
    document = pypdfium2.PdfDocument(data)
    images = []
    try:
        for number in pages:
            bitmap = document[number].render(scale=dpi / 72, grayscale=True)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG")
            images.append(buffer.getvalue())
    finally:
        document.close()
    return images


def ocr_pages(images: list[bytes], jobs: int = 2) -> tuple[list[PageLines], float]:
    """OCR of page images in parallel (Tesseract runs as a separate program per page); the pages'
    lines and the mean word confidence (0–1)."""
    program = tesseract()
    with ThreadPoolExecutor(max(jobs, 1)) as pool:
        results = list(pool.map(lambda png: ocr_image(png, program), images))
    confidences = [c for _, page in results for c in page if c >= 0]
    return [lines for lines, _ in results], (sum(confidences) / len(confidences) / 100 if confidences else 0.0)


def image_pages(data: bytes, limit_pages: int) -> list[bytes]:
    """The frames of an image file (a multi-page TIFF has several) as PNG images."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = []
        for frame in ImageSequence.Iterator(image):
            if len(frames) >= limit_pages:
                raise LimitError(f"the image has more than {limit_pages} pages")
            buffer = io.BytesIO()
            frame.convert("L").save(buffer, format="PNG")
            frames.append(buffer.getvalue())
    except (UnidentifiedImageError, OSError) as exc:
        raise FormatError(f"not a readable image ({type(exc).__name__})") from exc
    return frames
