"""Throughput of ``run_spark`` (分布式) on local[2], against ``zhenggai batch -j2`` on the same files.

usage: python benchmarks/spark_run.py [--notices N] [--master URL]

N copies of the reference notice (each made distinct) are parsed with classification. The first
Spark run includes starting the JVM and the Python workers (and their models); the second reuses
the session, as a long-lived cluster would. Prints notices per second of each.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from batch_speed import folder  # distinct copies of the reference notice, as for zhenggai batch


def timed(run, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = run(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=60)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    from nlp.adapters.spark import get_session, run_spark

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs = folder(root, args.notices)
        seconds, _ = timed(subprocess.run, [sys.executable, "-m", "nlp.cli", "batch", str(inputs), "-o",
                                            str(root / "batch"), "-j", "2"], check=True, capture_output=True)
        print(f"zhenggai batch -j2: {args.notices} notices in {seconds:.1f} s = {args.notices / seconds:.1f} notices/s")
        start, spark = timed(get_session, args.master)
        for run in ("first run, session start included", "second run, same session"):
            seconds, counts = timed(run_spark, [str(inputs)], root / "spark", args.master)
            seconds += start if run.startswith("first") else 0
            print(f"run_spark {args.master} ({run}): {counts['notices']} notices, {counts['pairs']} pairs in "
                  f"{seconds:.1f} s = {counts['notices'] / seconds:.1f} notices/s", flush=True)
        spark.stop()


if __name__ == "__main__":
    main()
