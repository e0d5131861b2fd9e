"""Rebuild models/ and print the cross-validation table (until the CLI has `zhenggai train`).

usage: python benchmarks/train_and_evaluate.py [--cv-only] [--k 5]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.classify.training import cross_validate, format_cv_report, train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv-only", action="store_true", help="only cross-validate, do not rebuild models/")
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    if args.cv_only:
        report = cross_validate(args.k, ROOT / "corpus")
    else:
        report = train(ROOT / "corpus", ROOT / "models", args.k)["cv"]
    print(format_cv_report(report))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
