"""Evaluation (评测) of notice records against gold annotations.

Mirrors the project's reference scorer (``shared/tools/score.py``) metric for
metric, so ``zhenggai evaluate GOLD_DIR`` prints the figures the judge prints:
entity P/R/F1 with span overlap + equal value, meta and summary accuracy, pair
matching by heading, and label accuracy over matched pairs.

>>> prf(8, 10, 9)[2] > 0.84
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from nlp.errors import FormatError
from nlp.jsonl import json_lines

ENTITY_KEYS = ("dates", "money", "titles")
NAME_FIELDS = ("issuer", "inspected_unit", "inspection_body")
_SKIP_FLAGS = ("in_title", "garbled", "truncated")


def norm(text: str | None) -> str:
    """Remove spaces and quotes, unify bracket and colon widths (the scorer's normal form)."""
    return re.sub(r"[\s“”\"‘’'「」]", "", text or "").replace("（", "(").replace("）", ")").replace("：", ":")


def prf(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    """Precision, recall and F1 with the scorer's conventions for empty sets."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _locate(text: str, items: list[dict]) -> list[dict]:
    """Give gold entities without offsets a start by searching in order."""
    pos = 0
    for item in items:
        if "start" not in item:
            found = text.find(item["text"], pos)
            item["start"] = found if found >= 0 else None
        if item.get("start") is not None:
            item["end"] = item["start"] + len(item["text"])
            pos = item["start"] + 1
    return items


def _match(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> tuple[int, int]:
    """Greedy one-to-one matching by span overlap; returns (span matches, strict matches)."""
    used: set[int] = set()
    tp_span = tp_strict = 0
    for g in gold:
        best = None
        for j, p in enumerate(pred):
            if j in used:
                continue
            if g.get("start") is not None and p.get("start") is not None:
                ok = _overlap((g["start"], g["end"]), (p["start"], p["end"]))
            else:
                ok = norm(g["text"]) == norm(p.get("text", ""))
            if ok:
                best = j
                if same(g, p):
                    break
        if best is not None:
            used.add(best)
            tp_span += 1
            tp_strict += same(g, pred[best])
    return tp_span, tp_strict


def _same_date(g: dict, p: dict) -> bool:
    return str(g.get("value")) == str(p.get("value"))


def _same_money(g: dict, p: dict) -> bool:
    try:
        return abs(float(g["yuan"]) - float(p.get("yuan"))) < 0.005
    except (TypeError, ValueError):
        return False


def _same_title(g: dict, p: dict) -> bool:
    return norm(g["text"]) == norm(p.get("text", "")) and bool(g.get("nested")) == bool(p.get("nested"))


SAME = {"dates": _same_date, "money": _same_money, "titles": _same_title}


def _num_eq(a: object, b: object) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-6 * max(1, abs(float(a)))
    except (TypeError, ValueError):
        return False


def score_entities(gold: dict, pred: dict, key: str) -> dict:
    """Score one entity family of one document."""
    text = gold.get("text", pred.get("text", ""))
    skipped = [dict(x) for x in gold.get(key, []) if any(x.get(f) for f in _SKIP_FLAGS)]
    required = _locate(text, [dict(x) for x in gold.get(key, []) if not any(x.get(f) for f in _SKIP_FLAGS)])
    ignored = _locate(text, skipped)
    predicted = [
        dict(p)
        for p in pred.get(key) or []
        if not any(
            p.get("start") is not None
            and i.get("start") is not None
            and _overlap((p["start"], p["end"]), (i["start"], i["end"]))
            for i in ignored
        )
    ]
    tp_span, tp_strict = _match(required, predicted, SAME[key])
    n_gold, n_pred = len(required), len(predicted)
    p, r, f = prf(tp_strict, n_gold, n_pred)
    return {"gold": n_gold, "pred": n_pred, "f1_span": prf(tp_span, n_gold, n_pred)[2], "f1_strict": f,
            "p_strict": p, "r_strict": r, "tp_strict": tp_strict}


def micro_prf(scores: Iterable[dict]) -> tuple[float, float, float]:
    """Strict P/R/F1 over several documents' :func:`score_entities` results.

    >>> micro_prf([{"gold": 2, "pred": 2, "tp_strict": 1}, {"gold": 1, "pred": 0, "tp_strict": 0}])[1]
    0.3333333333333333
    """
    scores = list(scores)
    return prf(sum(s["tp_strict"] for s in scores), sum(s["gold"] for s in scores), sum(s["pred"] for s in scores))


def score_meta(gold: dict, pred: dict) -> dict:
    """Meta fields: names match when one contains the other, dates must be equal."""
    gm, pm = gold.get("meta") or {}, pred.get("meta") or {}
    keys = [k for k in gm if gm[k] is not None]

    def ok(key: str) -> bool:
        a, b = norm(str(gm[key])), norm(str(pm.get(key) or ""))
        if key in NAME_FIELDS:
            return bool(b) and (a in b or b in a)
        return a == b

    return {"fields": len(keys), "correct": sum(ok(k) for k in keys), "wrong": [k for k in keys if not ok(k)]}


def score_summary(gold: dict, pred: dict) -> dict:
    gs, ps = gold.get("summary") or {}, pred.get("summary") or {}
    return {"fields": len(gs), "correct": sum(_num_eq(gs[k], ps.get(k)) for k in gs),
            "wrong": [k for k in gs if not _num_eq(gs[k], ps.get(k))]}


def _heading_norm(text: str | None) -> str:
    return norm(text).rstrip("。.;；")


def _heading_matches(gold: str, pred: str) -> bool:
    if not pred:
        return False
    if pred == gold:
        return True
    prefix = gold.startswith(pred) or pred.startswith(gold)
    return len(gold) > 12 and prefix and min(len(pred), len(gold)) >= 12


def score_pairs(gold: dict, pred: dict) -> dict:
    """Match predicted pairs to gold issue/sub-issue items; score labels over matches."""
    items = [x for x in gold.get("items", []) if x.get("kind", "issue") in ("issue", "sub-issue")]
    pairs = pred.get("pairs") or []
    headings = [_heading_norm((p.get("issue") or {}).get("text")) for p in pairs]
    used: set[int] = set()
    hits = resp_ok = 0
    domains: list[tuple[str, str | None]] = []
    statuses: list[tuple[str, str | None]] = []
    measures = [0, 0, 0]
    missed = []
    for item in items:
        gh = _heading_norm(item["heading"])
        j = next((j for j, h in enumerate(headings) if j not in used and _heading_matches(gh, h)), None)
        if j is None:
            missed.append(item["heading"])
            continue
        used.add(j)
        hits += 1
        pair = pairs[j]
        if "response" in item and norm(item["response"]) == norm((pair.get("response") or {}).get("text")):
            resp_ok += 1
        if item.get("domain"):
            domains.append((item["domain"], (pair.get("domain") or {}).get("label")))
        if item.get("measures") is not None:
            gold_set, pred_set = set(item["measures"]), {m.get("label") for m in pair.get("measures") or []}
            measures[0] += len(gold_set & pred_set)
            measures[1] += len(gold_set)
            measures[2] += len(pred_set)
        if item.get("status"):
            statuses.append((item["status"], (pair.get("status") or {}).get("label")))
    return {
        "gold": len(items), "pred": len(pairs), "hits": hits, "f1": prf(hits, len(items), len(pairs))[2],
        "response_exact": resp_ok, "with_response": sum("response" in x for x in items),
        "domain": domains, "measures": measures, "status": statuses, "missed": missed,
        "extra": [headings[j] for j in range(len(pairs)) if j not in used],
    }


def macro_f1(pairs: list[tuple[str, str | None]]) -> float | None:
    if not pairs:
        return None
    scores = []
    for label in {a for a, _ in pairs}:
        tp = sum(a == label and b == label for a, b in pairs)
        fp = sum(a != label and b == label for a, b in pairs)
        fn = sum(a == label and b != label for a, b in pairs)
        scores.append(prf(tp, tp + fn, tp + fp)[2])
    return sum(scores) / len(scores)


def score_document(gold: dict, pred: dict) -> dict:
    """All metrics of one document."""
    out: dict = {key: score_entities(gold, pred, key) for key in ENTITY_KEYS}
    out["meta"] = score_meta(gold, pred)
    out["summary"] = score_summary(gold, pred)
    out["pairs"] = score_pairs(gold, pred)
    return out


def load_gold_dir(gold_dir: str | Path) -> dict[str, dict]:
    """Gold files of a folder by id (``<id>.gold.json`` or ``<id>.json``)."""
    gold_dir = Path(gold_dir)
    ids = sorted({f.name.split(".")[0] for f in gold_dir.glob("*.json")} - {"parts"})
    gold = {}
    for gid in ids:
        for name in (f"{gid}.gold.json", f"{gid}.json"):
            if (gold_dir / name).exists():
                gold[gid] = _gold(gold_dir / name)
                break
    return gold


def _gold(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FormatError(f"{path.name} is not a readable gold file ({type(exc).__name__})") from exc
    if not isinstance(data, dict):
        raise FormatError(f"{path.name} is not a gold annotation (a JSON object)")
    return data


def load_gold_jsonl(path: str | Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Gold and texts of a corpus file with one notice a line (``corpus/real/notices.jsonl``).

    Such a corpus annotates header fields, key figures and issue headings, not dates, money or
    titles: its lines have no ``dates``/``money``/``titles`` and those metrics are not reported.
    """
    gold, texts = {}, {}
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, ValueError) as exc:
        raise FormatError(f"cannot read the corpus file ({type(exc).__name__})") from exc
    for number, row, _ in json_lines(lines):
        if not (isinstance(row, dict) and isinstance(row.get("id"), str) and isinstance(row.get("text"), str)):
            raise FormatError(f"line {number} is not a labelled notice (no id and text; a batch's "
                              "notices.jsonl is scored with a gold folder)")
        gold[row["id"]] = row
        texts[row["id"]] = row["text"]
    return gold, texts


def field_accuracy(gold: dict[str, dict], per_doc: dict[str, dict]) -> dict[str, dict[str, list[int]]]:
    """Per header field and per key figure: [correct, stated] over all documents."""
    out: dict[str, dict[str, list[int]]] = {"meta": {}, "summary": {}}
    for gid, doc in per_doc.items():
        stated = {"meta": [k for k, v in (gold[gid].get("meta") or {}).items() if v is not None],
                  "summary": list(gold[gid].get("summary") or {})}
        for part, keys in stated.items():
            for key in keys:
                cell = out[part].setdefault(key, [0, 0])
                cell[0] += key not in doc[part]["wrong"]
                cell[1] += 1
    return out


def aggregate(per_doc: dict[str, dict]) -> dict:
    """Micro-aggregate per-document scores the way the reference scorer does."""
    ids = list(per_doc)
    agg: dict = {}
    for key in ENTITY_KEYS:
        n_gold = sum(per_doc[i][key]["gold"] for i in ids)
        n_pred = sum(per_doc[i][key]["pred"] for i in ids)
        tp = sum(round(per_doc[i][key]["r_strict"] * per_doc[i][key]["gold"]) for i in ids)
        agg[key] = dict(zip(("p", "r", "f1"), prf(tp, n_gold, n_pred), strict=True), gold=n_gold, pred=n_pred)
    for key in ("meta", "summary"):
        fields = sum(per_doc[i][key]["fields"] for i in ids)
        correct = sum(per_doc[i][key]["correct"] for i in ids)
        agg[key] = {"acc": correct / fields if fields else None, "fields": fields}
    n_gold = sum(per_doc[i]["pairs"]["gold"] for i in ids)
    n_pred = sum(per_doc[i]["pairs"]["pred"] for i in ids)
    hits = sum(per_doc[i]["pairs"]["hits"] for i in ids)
    agg["pairs"] = dict(zip(("p", "r", "f1"), prf(hits, n_gold, n_pred), strict=True), gold=n_gold, pred=n_pred,
                        response_exact=sum(per_doc[i]["pairs"]["response_exact"] for i in ids))
    for i in ids:
        pairs = per_doc[i]["pairs"]
        doms, stats, meas = pairs["domain"], pairs["status"], pairs["measures"]
        per_doc[i]["labels"] = {
            "domain": {"n": len(doms), "acc": _accuracy(doms), "macro_f1": macro_f1(doms)},
            "measures": {"micro_f1": prf(meas[0], meas[1], meas[2])[2] if meas[1] else None},
            "status": {"n": len(stats), "acc": _accuracy(stats)},
        }
    return agg


def calibration_error(scores: list[float], correct: list[bool], bins: int = 10) -> float:
    """Expected calibration error: how far stated confidence is from observed accuracy.

    Scores are grouped into equal-width bins; each bin's |mean score − accuracy| is weighted
    by its share of the items.

    >>> round(calibration_error([0.9, 0.9, 0.6, 0.6], [True, True, True, False]), 3)
    0.1
    """
    total, error = len(scores), 0.0
    for b in range(bins):
        members = [i for i, s in enumerate(scores) if min(int(s * bins), bins - 1) == b]
        if members:
            confidence = sum(scores[i] for i in members) / len(members)
            accuracy = sum(correct[i] for i in members) / len(members)
            error += len(members) / total * abs(confidence - accuracy)
    return error


def heading_domains(gold: dict[str, dict], classify: Callable[[str], tuple[str, float, bool]]) -> dict | None:
    """Domain of every gold issue heading, classified from the heading alone (no response):
    accuracy, calibration error and the split by ``needs_review``. ``classify`` returns
    (label, calibrated score, needs review) for a heading; None when the gold labels no heading.

    >>> gold = {"a": {"items": [{"heading": "资金管理不规范", "domain": "finance_funds", "kind": "issue"}]}}
    >>> heading_domains(gold, lambda h: ("finance_funds", 0.9, False))["acc"]
    1.0
    """
    items = [(i["heading"], i["domain"]) for g in gold.values() for i in g.get("items", [])
             if i.get("domain") and i.get("kind") != "category"]
    if not items:
        return None
    results = [classify(heading) for heading, _ in items]
    correct = [label == g for (label, _, _), (_, g) in zip(results, items, strict=True)]
    kept = [ok for ok, (_, _, review) in zip(correct, results, strict=True) if not review]
    caught = sum(1 for ok, (_, _, review) in zip(correct, results, strict=True) if not ok and review)
    return {"n": len(items), "acc": sum(correct) / len(items),
            "ece": calibration_error([score for _, score, _ in results], correct),
            "kept_acc": sum(kept) / len(kept) if kept else None, "flagged": 1 - len(kept) / len(items),
            "caught": caught / correct.count(False) if False in correct else None}


def format_heading_domains(figures: dict) -> str:
    """One line of :func:`heading_domains` figures."""
    kept = "n/a" if figures["kept_acc"] is None else f"{figures['kept_acc']:.3f}"
    caught = "n/a" if figures["caught"] is None else f"{figures['caught']:.3f}"
    return (f"headings domain acc={figures['acc']:.3f} of {figures['n']}  ECE={figures['ece']:.3f}  "
            f"not flagged acc={kept} (flagged {figures['flagged']:.3f}, catching {caught} of the errors)")


def _accuracy(pairs: list[tuple[str, str | None]]) -> float | None:
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None


def evaluate(gold: dict[str, dict], records: dict[str, dict]) -> tuple[dict, dict]:
    """Score records (by document id) against gold; returns (aggregate, per document)."""
    per_doc = {gid: score_document(g, records.get(gid, {})) for gid, g in gold.items()}
    return aggregate(per_doc), per_doc


def format_report(agg: dict, per_doc: dict, entities: bool = True) -> Iterable[str]:
    """Lines in the reference scorer's layout (``entities=False``: a corpus without entity gold)."""
    for key in ("pairs", *ENTITY_KEYS) if entities else ("pairs",):
        a = agg[key]
        yield f"{key:8s} P={a['p']:.3f} R={a['r']:.3f} F1={a['f1']:.3f} (gold {a['gold']}, pred {a['pred']})"

    def fmt(a: dict) -> str:
        return "n/a" if a["acc"] is None else f"{a['acc']:.3f} of {a['fields']}"

    yield f"meta     acc={fmt(agg['meta'])}   summary acc={fmt(agg['summary'])}"
    for key in ("domain", "measures", "status"):
        for gid, doc in per_doc.items():
            values = doc["labels"][key]
            if any(v is not None for v in values.values() if not isinstance(v, int)):
                yield f"{key:8s} {gid}: {values}"


def format_fields(fields: dict[str, dict[str, list[int]]]) -> Iterable[str]:
    """Per-field accuracy lines (header fields, then key figures)."""
    for part, cells in fields.items():
        for key, (correct, stated) in sorted(cells.items()):
            yield f"{part:8s} {key:24s} {correct / stated:.3f} ({correct}/{stated})"
