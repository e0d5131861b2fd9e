"""Throughput of ``zhenggai batch`` at -j1 and -j2, and the start-up of ``zhenggai parse`` on one notice.

usage: python benchmarks/batch_speed.py [--notices N] [--memory-notices M] [--rounds R]

Copies of the reference notice (each made distinct) are parsed with classification; prints
notices per second at each -j (of a whole run, start-up included, and once running: the extra
notices of a run of 2N over its extra time), the speed-ups, the peak resident memory of a run of M notices,
and the wall time of one ``zhenggai parse`` (start-up, models and jieba included).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTICE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"


def folder(root: Path, count: int) -> Path:
    """``count`` distinct copies of the reference notice (no two are duplicates) in ``root/in<count>``
    (the same folder when asked twice)."""
    text = NOTICE.read_text(encoding="utf-8")
    out = root / f"in{count}"
    if out.exists():
        return out
    out.mkdir()
    for i in range(count):
        (out / f"{i:05d}.txt").write_text(text.replace("2023年10月13日", f"2023年10月{i % 28 + 1}日") + f"\n{i}",
                                          encoding="utf-8")
    return out


def batch(inputs: Path, out: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nlp.cli", "batch", str(inputs), "-o", str(out), "-j", str(jobs)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=64)
    parser.add_argument("--memory-notices", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each size and -j (the median is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs, doubled = folder(root, args.notices), folder(root, 2 * args.notices)
        ratios: dict[str, list[float]] = {"single": [], "doubled": [], "running": []}
        for round_no in range(1, args.rounds + 1):
            rates, doubled_rates, marginal = {}, {}, {}
            for jobs in (1, 2):  # -j1 and -j2 alternate, so a drift of the machine's load hits both
                seconds = batch(inputs, root / f"out{jobs}-{round_no}", jobs)
                doubled_seconds = batch(doubled, root / f"outd{jobs}-{round_no}", jobs)
                rates[jobs], doubled_rates[jobs] = args.notices / seconds, 2 * args.notices / doubled_seconds
                # the extra notices of a run twice as long, over its extra time: throughput without the start-up
                marginal[jobs] = args.notices / (doubled_seconds - seconds)
                print(f"round {round_no} -j{jobs}: {args.notices} notices in {seconds:.1f} s = {rates[jobs]:.1f} "
                      f"notices/s and {2 * args.notices} in {doubled_seconds:.1f} s = {doubled_rates[jobs]:.1f} "
                      f"notices/s, start-up included; {marginal[jobs]:.1f} notices/s once running", flush=True)
            ratios["single"].append(rates[2] / rates[1])
            ratios["doubled"].append(doubled_rates[2] / doubled_rates[1])
            ratios["running"].append(marginal[2] / marginal[1])
        print(f"speed-up -j2/-j1, median of {args.rounds} rounds (all rounds): "
              f"{_median_of(ratios['single'])} over {args.notices} notices and "
              f"{_median_of(ratios['doubled'])} over {2 * args.notices}, start-up included; "
              f"{_median_of(ratios['running'])} once running")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds = batch(folder(root, args.memory_notices), root / "outmem", 2)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"{args.memory_notices} notices at -j2: {seconds:.1f} s, peak memory of a process "
              f"{max(peak, before) / 1024:.0f} MB")
        one = inputs / "00000.txt"
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "nlp.cli", "parse", str(one), "--format", "json"], check=True,
                           capture_output=True)
            runs.append(time.perf_counter() - started)
        print(f"zhenggai parse, one notice, start-up included: best {min(runs):.2f} s of 3")


def _median_of(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x ({', '.join(f'{v:.2f}' for v in values)})"


if __name__ == "__main__":
    main()
