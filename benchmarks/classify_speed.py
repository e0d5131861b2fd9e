"""Speed of the classifier: model load time and time to classify the 80 pairs of the seed notice.

usage: python benchmarks/classify_speed.py [--repeat 5]
Targets: load < 1 s, 80 pairs < 50 ms after loading. Pairs come from the annotated corpus file,
so this runs without the parser.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    from nlp.classify import load_classifier
    from nlp.classify.clauses import cached_shadow
    from nlp.classify.features import _text_keys
    from nlp.classify.training import load_pairs

    imported = time.perf_counter()
    clf = load_classifier(ROOT / "models")
    clf.classify("预热", "")  # first jieba use builds its small dictionary: part of loading
    loaded = time.perf_counter()

    text = (ROOT / "corpus" / "shantou_minzheng_2023_xuncha_zhenggai.txt").read_text(encoding="utf-8")
    pairs = load_pairs(ROOT / "corpus")
    starts = [text.find(p["response"]) for p in pairs]
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        batch = clf.prepare([p["heading"] for p in pairs], [p["response"] for p in pairs])  # as classify_pairs
        for pair, start in zip(pairs, starts, strict=True):
            clf.classify(pair["heading"], pair["response"], start, batch)
        runs.append(time.perf_counter() - t0)
        _text_keys.cache_clear()  # each run normalises and featurizes from scratch, as for a new notice
        cached_shadow.cache_clear()
    print(f"import nlp.classify: {imported - started:.3f} s")
    print(f"load models (+ jieba vocabulary): {loaded - imported:.3f} s  (target < 1 s)")
    print(f"classify {len(pairs)} pairs: median {statistics.median(runs) * 1000:.1f} ms, "
          f"min {min(runs) * 1000:.1f} ms over {args.repeat} runs  (target < 50 ms)")


if __name__ == "__main__":
    main()
