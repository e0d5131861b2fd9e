"""A 1,000-file batch killed three times and resumed ends as an uninterrupted run does.

usage: python benchmarks/batch_resume.py [--files N] [--jobs J] [--seed S]

The folder holds variants of the reference notice and of the real corpus's notices, plus bad
inputs (empty, binary, broken PDF, zip bomb). One run goes uninterrupted; another is killed with
SIGKILL three times at random moments and resumed each time. Prints both runs' counts, whether
notices.jsonl and errors.jsonl are byte-identical, and whether pairs.parquet has one row per pair.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

import nlp

NEWLINE = b"\n"


def build(folder: Path, files: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    reference = nlp.load("reference").text
    real = [row["text"] for row in nlp.load("real")]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", " " * (300 * 2**20))
    bad = {"empty.txt": b"", "binary.txt": bytes(range(256)) * 8, "broken.pdf": b"%PDF-1.4 garbage",
           "bomb.docx": bomb.getvalue()}
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    for i in range(files - len(bad)):
        text = reference if i % 3 == 0 else real[i % len(real)]
        (folder / f"{i:04d}.txt").write_text(text + f"\n{rng.randrange(10**6)}", encoding="utf-8")


def command(folder: Path, out: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "nlp.cli", "batch", str(folder), "-o", str(out), "-j", str(jobs), "--resume"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder, whole, resumed = Path(tmp) / "in", Path(tmp) / "whole", Path(tmp) / "resumed"
        build(folder, args.files, rng)
        started = time.perf_counter()
        subprocess.run(command(folder, whole, args.jobs), capture_output=True)
        seconds = time.perf_counter() - started
        print(f"uninterrupted: {seconds:.1f} s", flush=True)
        for kill in range(3):
            process = subprocess.Popen(command(folder, resumed, args.jobs), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(rng.uniform(0.3, 0.25 * seconds))
            process.send_signal(signal.SIGKILL)
            subprocess.run(["pkill", "-KILL", "-s", str(process.pid)], check=False)  # its workers too
            process.wait()
            notices = resumed / "notices.jsonl"
            lines = notices.read_bytes().count(NEWLINE) if notices.exists() else 0
            print(f"kill {kill + 1}: {lines} records written so far", flush=True)
        subprocess.run(command(folder, resumed, args.jobs), capture_output=True)
        for name in ("notices.jsonl", "errors.jsonl"):
            data = (whole / name).read_bytes()
            lines = data.count(NEWLINE)
            print(f"{name}: {lines} lines, resumed run identical: {data == (resumed / name).read_bytes()}")
        pairs = sum(len(json.loads(line)["pairs"]) for line in (resumed / "notices.jsonl").open(encoding="utf-8"))
        print(f"pairs.parquet: {pq.read_table(resumed / 'pairs.parquet').num_rows} rows for {pairs} pairs")


if __name__ == "__main__":
    main()
