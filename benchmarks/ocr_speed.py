"""OCR of the whole reference notice as a scan: pages per second at -j1 and -j2, and how much is found.

usage: python benchmarks/ocr_speed.py [--dpi 200] [--render-dpi N] [--psm N]

The reference notice is typeset as a PDF, rendered to greyscale images at --dpi, skewed and
speckled, and saved as an image-only PDF (as tests/documents.py builds it). It is then read with
``--ocr`` at one and at two pages at a time; prints pages/s, the share of the 80 pairs found with
headings exact (whitespace aside), and dates and money F1 against the text file's record.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from documents import make_scanned_pdf, make_typeset_pdf  # noqa: E402

import nlp  # noqa: E402
from nlp.normalize import shadow  # noqa: E402
from nlp.reader import ocr  # noqa: E402
from nlp.reader.limits import Limits  # noqa: E402


def squash(text: str) -> str:
    return re.sub(r"[\s“”\"]", "", shadow(text))


def scorer_norm(text: str) -> str:
    """A heading as the shared scorer compares it (shared/tools/score.py: spaces and all quotes dropped)."""
    return re.sub(r"[\s“”\"‘’'「」]", "", shadow(text))


def f1(gold: list[tuple], pred: list[tuple]) -> float:
    hits = sum((Counter(gold) & Counter(pred)).values())
    return 2 * hits / (len(gold) + len(pred)) if gold or pred else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scan")
    parser.add_argument("--render-dpi", type=int, default=None, help="resolution pages are rendered at for OCR "
                        "(default: nlp.reader.ocr.DPI)")
    parser.add_argument("--psm", default=None, help="Tesseract page segmentation mode "
                        "(default: nlp.reader.ocr.PAGE_SEGMENTATION)")
    args = parser.parse_args()
    if args.render_dpi:
        ocr.DPI = args.render_dpi
    if args.psm:
        ocr.PAGE_SEGMENTATION = args.psm
    reference = nlp.load("reference")
    truth = nlp.to_record(nlp.parse(reference))
    with tempfile.TemporaryDirectory() as tmp:
        scan = Path(tmp) / "scan.pdf"
        scan.write_bytes(make_scanned_pdf(make_typeset_pdf(reference.text), dpi=args.dpi))
        for jobs in (1, 2):
            started = time.perf_counter()
            document = nlp.read(scan, Limits(ocr_jobs=jobs), ocr=True)
            seconds = time.perf_counter() - started
            pages = document.source.pages
            print(f"-j{jobs}: {pages} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s "
                  f"(mean confidence {document.source.ocr_confidence:.3f})", flush=True)
        record = nlp.to_record(nlp.parse(document))
        headings = {squash(p["issue"]["text"]) for p in record["pairs"]}
        found = sum(squash(p["issue"]["text"]) in headings for p in truth["pairs"])
        print(f"pairs: {len(record['pairs'])} found, {found}/80 = {found / 80:.3f} with the heading exact")
        loose = {scorer_norm(p["issue"]["text"]) for p in record["pairs"]}
        same = sum(scorer_norm(p["issue"]["text"]) in loose for p in truth["pairs"])
        print(f"headings equal as the shared scorer compares them (quotes ignored): {same}/80 = {same / 80:.3f}")
        for key, value in (("dates", "value"), ("money", "yuan")):
            score = f1([(squash(m["text"]), m[value]) for m in truth[key]],
                       [(squash(m["text"]), m[value]) for m in record[key]])
            print(f"{key} F1 against the text file: {score:.3f}")


if __name__ == "__main__":
    main()
