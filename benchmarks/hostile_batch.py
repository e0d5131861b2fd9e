"""A batch of hostile files beside two good notices, at full size: time, peak memory, and outcome.

usage: python benchmarks/hostile_batch.py [--folder DIR]

Builds the folder of issue 13 (400 KB of numerals and commas, 150,000 blank lines, 30,000
titles one a line, a .docx unpacking to 1 GB, an owner-locked PDF, a 320-digit amount,
formula and escape injections, a FIFO, a symlink loop, two good notices) and runs
``zhenggai parse DIR --format jsonl`` on it, printing wall time, the peak resident memory of
the run, each stderr line and which files came out.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from documents import encrypt_pdf, make_html, make_pdf  # noqa: E402

NOTICE = (ROOT / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt").read_text(encoding="utf-8")
SMALL = "一、整改情况\n(一)“台账管理不规范”问题\n整改情况:2023年3月已建立台账,追缴资金7.5万元。\n"


def zip_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * 2**20
            for _ in range(megabytes):
                member.write(block)
    return buffer.getvalue()


def build(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "good.html").write_bytes(make_html(NOTICE))
    (folder / "numerals.txt").write_text("一二三四五六七八九十," * 13_000, encoding="utf-8")
    (folder / "blank_lines.txt").write_text("开头\n" + "\n" * 150_000 + "结尾。", encoding="utf-8")
    (folder / "titles.txt").write_text("".join(f"《关于加强管理的规定{i}》\n" for i in range(30_000)), encoding="utf-8")
    (folder / "bomb.docx").write_bytes(zip_bomb(1024))
    (folder / "locked.pdf").write_bytes(encrypt_pdf(make_pdf(SMALL)))
    (folder / "huge_amount.txt").write_text(SMALL.replace("7.5万元", "9" * 320 + "元"), encoding="utf-8")
    (folder / "injection.txt").write_text(SMALL.replace("台账管理不规范", "=cmd|' /C calc'!A0") +
                                          NOTICE.replace("二、", "二、\x1b[2J"), encoding="utf-8")
    if not (folder / "fifo.txt").exists():
        os.mkfifo(folder / "fifo.txt")
        (folder / "loop.txt").symlink_to(folder / "loop.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp()) / "hostile"
    build(folder)
    sizes = {p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()}
    print("inputs:", ", ".join(f"{name} {size / 2**20:.1f} MB" for name, size in sorted(sizes.items())))
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", str(folder), "--format", "jsonl"],
                         capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    records = [json.loads(line) for line in run.stdout.splitlines()]
    print(f"exit {run.returncode}, {seconds:.1f} s, peak memory {peak:.0f} MB (targets: 90 s, 1,536 MB)")
    for record in records:
        print(f"  out: {Path(record['source']['path']).name:20s} {len(record['pairs']):>4d} pairs")
    for line in run.stderr.splitlines():
        print(f"  err: {line.replace(str(folder) + '/', '')}")


if __name__ == "__main__":
    main()
