"""Compare our date and money extraction with JioNLP on the shared seed and dev gold.

usage: python benchmarks/extract_vs_jionlp.py [CORPUS_DIR] [--repeat N]

CORPUS_DIR defaults to ../shared/corpus beside the repository. JioNLP is an optional
benchmark dependency (``pip install jionlp``); the toolkit never imports it.

Scoring is score.py's strict rule (span overlap + equal value; gold in_title /
garbled / truncated entries neither required nor penalised). Our extractors run
without any context; JioNLP gets the gold publication (else feedback, else
inspection end) date as its ``time_base``, which is the reference it needs for 今年
and year-less dates. JioNLP outputs are mapped to our value forms: a span that
covers exactly a day, month, quarter or year becomes that; other spans become a
range at the coarsest precision both ends share; 旬 mentions are month-precise
like the gold; time_delta / time_period results (durations, frequencies) are not
dates. A money range is valued at its lower end, as ours is.

Timing: ours is the full extraction (dates + money + titles + quantities); JioNLP's
is extract_time + extract_money. Both are warmed up once (JioNLP loads its
dictionaries on first call), then timed over --repeat runs (median).
"""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import datetime as dt
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nlp.evaluate import micro_prf, score_entities
from nlp.extract.dates import extract_dates
from nlp.extract.money import extract_money
from nlp.extract.quantities import extract_quantities
from nlp.extract.titles import extract_titles

Doc = tuple[str, str, dict]  # (id, text, gold)


def load_docs(corpus: Path) -> dict[str, list[Doc]]:
    def read(gold_path: Path) -> Doc:
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        return gold_path.name.split(".")[0], text_path.read_text(encoding="utf-8"), gold

    return {"seed": [read(corpus / "seed.gold.json")],
            "dev": [read(p) for p in sorted((corpus / "dev").glob("*.gold.json"))]}


def ours(text: str, _gold: dict) -> dict[str, list[dict]]:
    extract_titles(text)
    extract_quantities(text)
    return {"dates": [dataclasses.asdict(m) for m in extract_dates(text)],
            "money": [dataclasses.asdict(m) for m in extract_money(text)]}


def _time_base(gold: dict) -> dict | None:
    meta = gold.get("meta") or {}
    for key in ("publish_date", "feedback_date", "inspection_end"):
        value = meta.get(key)
        if value:
            parts = [int(x) for x in value.split("-")]
            return dict(zip(("year", "month", "day"), parts + [1] * (3 - len(parts)), strict=True))
    return None


def _side(start: dt.date, end: dt.date) -> str:
    """The coarsest contract form that covers exactly start..end, else None-like ''."""
    last = calendar.monthrange(end.year, end.month)[1]
    if start == end:
        return start.isoformat()
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year)
    if start.year == end.year and start.day == 1 and end.day == last:
        if start.month == end.month:
            return f"{start.year}-{start.month:02d}"
        if start.month % 3 == 1 and end.month == start.month + 2:
            return f"{start.year}-Q{(start.month + 2) // 3}"
    return ""


def _jio_date_value(text: str, times: list[str]) -> str:
    finite = [t for t in times if "inf" not in t]  # open-ended spans (…起, 截至…) keep their one end
    start, end = (dt.date.fromisoformat(t[:10]) for t in (finite[0], finite[-1]))
    if len(finite) < len(times):
        return start.isoformat()
    whole = _side(start, end)
    if whole:
        return whole
    if "旬" in text:
        return f"{start.year}-{start.month:02d}/{end.year}-{end.month:02d}"
    end_last = calendar.monthrange(end.year, end.month)[1]
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}/{end.year}"
    if start.day == 1 and end.day == end_last:
        return f"{start.year}-{start.month:02d}/{end.year}-{end.month:02d}"
    return f"{start.isoformat()}/{end.isoformat()}"


def jionlp_runner() -> Callable[[str, dict], dict[str, list[dict]]]:
    import jionlp  # optional benchmark dependency

    logging.getLogger().setLevel(logging.CRITICAL)  # JioNLP logs a traceback per unparsable candidate

    def run(text: str, gold: dict) -> dict[str, list[dict]]:
        dates = []
        for item in jionlp.ner.extract_time(text, time_base=_time_base(gold) or time.time(), with_parsing=True):
            detail = item.get("detail") or {}
            if item["type"] not in ("time_point", "time_span") or not isinstance(detail.get("time"), list):
                continue
            value = _jio_date_value(item["text"], detail["time"])
            dates.append({"text": item["text"], "start": item["offset"][0], "end": item["offset"][1], "value": value})
        money = []
        for item in jionlp.ner.extract_money(text, with_parsing=True):
            num = item["detail"]["num"]
            yuan = float(num[0] if isinstance(num, list) else num)
            money.append({"text": item["text"], "start": item["offset"][0], "end": item["offset"][1], "yuan": yuan})
        return {"dates": dates, "money": money}

    return run


def evaluate(docs: list[Doc], runner: Callable[[str, dict], dict], repeat: int) -> tuple[dict, float]:
    """Strict P/R/F1 per family and the median wall time of one pass over ``docs``."""
    scores: dict[str, list[dict]] = {"dates": [], "money": []}
    for _, text, gold in docs:
        pred = {"text": text, **runner(text, gold)}
        for family, family_scores in scores.items():
            family_scores.append(score_entities(gold, pred, family))
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        for _, text, gold in docs:
            runner(text, gold)
        times.append(time.perf_counter() - began)
    return {k: micro_prf(v) for k, v in scores.items()}, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    docs = load_docs(args.corpus)
    tools = {"zhenggai": ours, "jionlp": jionlp_runner()}
    for runner in tools.values():  # warm-up: dictionaries, regex caches
        runner(docs["seed"][0][1], docs["seed"][0][2])
    rows = []
    for split, split_docs in docs.items():
        results = {name: evaluate(split_docs, runner, args.repeat) for name, runner in tools.items()}
        for name, (scores, seconds) in results.items():
            rows.append((split, name, scores, seconds))
        rows.append((split, "ratio", None, results["zhenggai"][1] / results["jionlp"][1]))
    out = sys.stdout
    out.write(f"{'set':5s} {'tool':9s} {'dates P/R/F1':>20s} {'money P/R/F1':>20s} {'time':>10s}\n")
    for split, name, scores, seconds in rows:
        if scores is None:
            out.write(f"{split:5s} {'ours/jio':9s} {'':>20s} {'':>20s} {seconds:9.3f}x\n")
            continue
        cells = ["{:.3f}/{:.3f}/{:.3f}".format(*scores[k]) for k in ("dates", "money")]
        out.write(f"{split:5s} {name:9s} {cells[0]:>20s} {cells[1]:>20s} {seconds * 1000:8.1f}ms\n")
    seed_text, seed_gold = docs["seed"][0][1], docs["seed"][0][2]
    full, jio, ratio = full_parse_vs(seed_text, lambda: tools["jionlp"](seed_text, seed_gold), args.repeat)
    out.write(f"seed full parse (structure, extraction, classification, record): {full * 1000:.1f}ms, "
              f"JioNLP's dates and money {jio * 1000:.1f}ms, timed alternately: "
              f"{ratio:.3f}x (median of {args.repeat} paired runs)\n")


def full_parse_vs(text: str, jionlp: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Median times of the whole pipeline with the record (a warm pipeline) and of JioNLP on one
    notice, run alternately so a drift in the machine's speed hits both, and the median of the
    paired ratios.

    The memos of normalised texts and their n-grams are emptied before each parse: they serve the
    several components reading one response, and a batch never meets the same response twice,
    so keeping them would time a notice the pipeline has already seen.
    """
    from nlp.classify.clauses import cached_shadow
    from nlp.classify.features import _text_keys
    from nlp.pipeline import Pipeline
    from nlp.record import to_record

    pipeline = Pipeline()
    to_record(pipeline(text))
    ours, theirs = [], []
    for _ in range(repeat):
        cached_shadow.cache_clear()
        _text_keys.cache_clear()
        began = time.perf_counter()
        to_record(pipeline(text))
        ours.append(time.perf_counter() - began)
        began = time.perf_counter()
        jionlp()
        theirs.append(time.perf_counter() - began)
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return statistics.median(ours), statistics.median(theirs), statistics.median(ratios)


if __name__ == "__main__":
    main()
