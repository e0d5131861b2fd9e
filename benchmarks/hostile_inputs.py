"""Parse time on hostile texts: runs that make a backtracking pattern rescan the text.

usage: python benchmarks/hostile_inputs.py [--sizes CHARS ...]

Each input is one shape (a run of Chinese numerals, blank lines, one title a line, titles on
one line, the reference notice repeated, one issue heading a line, one answer repeated under every
heading, an answer running on over blank lines, a line of spaces before a quote, a list lead-in a line,
heading numbers on one line after tabs, thousands of pairs each with a date, an amount and
a title) at each size (default 100,000 and 10,000,000
characters), timed with the record. Linear time shows as the same seconds per 100,000 characters at
both sizes.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from nlp.pipeline import Pipeline
from nlp.reader import source_for_text
from nlp.record import to_record

NOTICE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"


def inputs(size: int) -> dict[str, str]:
    notice = NOTICE.read_text(encoding="utf-8")
    shapes = {
        "numeral run": "一二三四五六七八九十" * (size // 10),
        "blank lines": "开头\n" + "\n" * size + "结尾。\n",
        "a title a line": "".join(f"《关于加强管理的规定{i}》\n" for i in range(size // 16)),
        "titles on one line": "".join(f"《规定{i}》" for i in range(size // 8)),
        "notice repeated": notice * (size // len(notice) + 1),
        "heading a line": "一、关于“财务管理不规范”问题\n\n" * (size // 17 + 1),
        "one answer repeated": ("一、关于“台账不全”问题\n下发整改通知,督促相关单位限期进行整改,组成督导组到相关区县"
                                "开展专项实地督查并指导落实。\n") * (size // 58 + 1),
        # the last answer runs on over blank lines, titles and numerals (clause starts inside blank lines)
        "answer over blanks": ("一、关于“财务管理不规范”问题\n" * (size // 50) + "《规定》" * (size // 12)
                               + "\n" * (size // 3) + "一二三四五六七八九十" * (size // 30)),
        "spaces then a quote": "一、关于“财务管理不规范”问题\n整改情况:已建立台账。\n" + " " * size + "“",
        "list lead-in a line": "问题:\n" * (size // 8) + "1234567890" * (size // 20),
        "numbers after tabs": "\t" * (size // 3) + "(1)" * (size // 9) + "巡察组对" * (size // 12),
        "numerals+unit, nesting": ("〇一二三四五六七八九" * 500 + "个\n" + "《关于" + "〈" * 3000 + "\n"
                                   + ("《规定》" + "\t" * 500) * 10) * (size // 13000 + 1),
        # every pair's mentions are looked up in the record and in the check for vague answers
        "pairs with mentions": ("一、关于“台账不全”问题\n下发整改通知,2023年5月修订《财务管理办法》,收回资金1.2万元。\n"
                                * (size // 50 + 1)),
    }
    return {name: text[:size] for name, text in shapes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 10_000_000])
    args = parser.parse_args()
    pipeline = Pipeline()
    pipeline("预热", source_for_text("预热"))
    for size in args.sizes:
        for name, text in inputs(size).items():
            start = time.perf_counter()
            notice = pipeline(text, source_for_text(text))
            to_record(notice)
            seconds = time.perf_counter() - start
            print(f"{name:20s} {len(text):>11,d} chars  {seconds:7.2f} s  {seconds / len(text) * 1e5:6.3f} s/100k chars"
                  f"  {len(notice.pairs):>6d} pairs", flush=True)


if __name__ == "__main__":
    main()
