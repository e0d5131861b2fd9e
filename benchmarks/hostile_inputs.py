"""Parse time on hostile texts: runs that make a backtracking pattern rescan the text.

usage: python benchmarks/hostile_inputs.py [--size CHARS]

Each input is about --size characters (default 200,000) of one shape: a run of Chinese
numerals, blank lines, one title a line, titles on one line, and the reference notice repeated.
A linear parser keeps every line of the output to a few seconds at most.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nlp.pipeline import Pipeline
from nlp.reader import source_for_text

NOTICE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"


def inputs(size: int) -> dict[str, str]:
    notice = NOTICE.read_text(encoding="utf-8")
    shapes = {
        "numeral run": "一二三四五六七八九十" * (size // 10),
        "blank lines": "开头\n" + "\n" * size + "结尾。\n",
        "a title a line": "".join(f"《关于加强管理的规定{i}》\n" for i in range(size // 16)),
        "titles on one line": "".join(f"《规定{i}》" for i in range(size // 8)),
        "notice repeated": notice * (size // len(notice) + 1),
    }
    return {name: text[:size] for name, text in shapes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200_000)
    args = parser.parse_args()
    pipeline = Pipeline()
    pipeline("预热", source_for_text("预热"))
    for name, text in inputs(args.size).items():
        start = time.perf_counter()
        notice = pipeline(text, source_for_text(text))
        seconds = time.perf_counter() - start
        print(f"{name:20s} {len(text):>9,d} chars  {seconds:6.2f} s  {len(notice.pairs):>5d} pairs")


if __name__ == "__main__":
    main()
