"""Parse speed on the reference notice: time per notice, characters per second, time per stage.

usage: python benchmarks/parse_speed.py [--runs N]

Prints the median over N runs of each pipeline stage for the whole reference
notice and for its first ~20,000 characters (the issue's target: structure +
meta under 20 ms for a notice of 20k characters).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nlp.pipeline import Pipeline

NOTICE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"


def cut(text: str, size: int) -> str:
    end = text.find("\n", size)
    return text if end < 0 else text[: end + 1]


def measure(pipeline: Pipeline, text: str, runs: int) -> dict[str, float]:
    per_stage: dict[str, list[float]] = {}
    totals = []
    for _ in range(runs):
        started = time.perf_counter()
        notice = pipeline(text)
        totals.append(time.perf_counter() - started)
        for name, seconds in notice.timings.items():
            per_stage.setdefault(name, []).append(seconds)
    result = {name: statistics.median(values) for name, values in per_stage.items()}
    result["total"] = statistics.median(totals)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = NOTICE.read_text(encoding="utf-8")
    started = time.perf_counter()
    pipeline = Pipeline()
    pipeline(text)
    warm = time.perf_counter() - started
    print(f"first call (loads tables and the classifier): {warm * 1000:.0f} ms")
    for label, sample in (("reference notice", text), ("first 20k characters", cut(text, 20_000))):
        timings = measure(pipeline, sample, args.runs)
        structure_meta = timings["structure"] + timings["meta"]
        print(f"\n{label}: {len(sample):,} characters, median of {args.runs} runs")
        for name, seconds in timings.items():
            print(f"  {name:<10} {seconds * 1000:8.2f} ms")
        print(f"  structure+meta {structure_meta * 1000:.2f} ms")
        print(f"  throughput {len(sample) / timings['total']:,.0f} characters/second (whole pipeline)")


if __name__ == "__main__":
    main()
