"""Memory and time of a large batch: N copies of the reference notice through ``zhenggai parse``.

usage: python benchmarks/batch_memory.py [--notices N]

Records are streamed (written and flushed one by one), so peak memory should not grow with N.
Prints wall time, notices per second and the peak resident memory of the run.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTICE = Path(__file__).resolve().parents[1] / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, nargs="+", default=[100, 900])
    args = parser.parse_args()
    text = NOTICE.read_text(encoding="utf-8")
    for count in args.notices:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i in range(count):
                (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "nlp.cli", "parse", str(folder), "--format", "jsonl", "-o",
                                  str(Path(tmp) / "out.jsonl")], capture_output=True, text=True)
            seconds = time.perf_counter() - started
            usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            lines = (Path(tmp) / "out.jsonl").read_text(encoding="utf-8").count("\n")
            print(f"{count:5d} notices: exit {run.returncode}, {lines} records, {seconds:6.1f} s "
                  f"({count / seconds:.1f} notices/s), peak memory of any run so far {usage:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
