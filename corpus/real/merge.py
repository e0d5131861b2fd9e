"""Merge the collectors' part files (parts/*.jsonl) into notices.jsonl, checking every line.

usage: python corpus/real/merge.py   (from the repository root)

Evaluation sets collected later are merged the same way: heldout/*.jsonl (collected once the
rules of stop 15 were frozen) into heldout.jsonl, fresh/*.jsonl (collected after the rules were
tuned on the held-out errors) into fresh.jsonl, fresh2/*.jsonl (collected at the start of stop 17,
once fresh.jsonl had been measured) into fresh2.jsonl; none of their urls may be in an earlier set.

A notice collected twice (same url) is kept once, the first in file order; the pair of
annotations is used to measure the agreement of the domain labels, printed at the end.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOMAINS = {"political_theory", "leadership_decision", "strict_governance", "grassroots_party", "cadre_personnel",
           "finance_funds", "procurement_contracts", "assets_security", "law_enforcement", "public_service"}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def problems(row: dict) -> list[str]:
    out = []
    flat = re.sub(r"\s", "", row["text"])
    for item in row.get("items", []):
        if re.sub(r"\s", "", item["heading"]) not in flat:
            out.append(f"heading not in text: {item['heading'][:30]}")
        if item.get("kind") != "category" and item.get("domain") not in DOMAINS:
            out.append(f"bad domain {item.get('domain')}")
    for key, value in (row.get("meta") or {}).items():
        if value and key.endswith(("_date", "_start", "_end")) and not DATE.match(value):
            out.append(f"bad date {key}={value}")
    return out


#: (folder of part files, merged file): the training corpus, then evaluation sets collected later
SETS = (("parts", "notices.jsonl"), ("heldout", "heldout.jsonl"), ("fresh", "fresh.jsonl"), ("fresh2", "fresh2.jsonl"),
        ("fresh3", "fresh3.jsonl"), ("fresh4", "fresh4.jsonl"))


def main() -> int:
    earlier: list[Path] = []
    for folder, target in SETS:
        if (HERE / folder).is_dir():
            status = merge(HERE / folder, HERE / target, earlier)
            if status:
                return status
            earlier.append(HERE / target)
    return 0


def merge(folder: Path, target: Path, exclude: list[Path]) -> int:
    """Check and merge ``folder/*.jsonl`` into ``target``; a url already in an ``exclude`` file is an error."""
    seen = {json.loads(line)["url"] for path in exclude for line in path.read_text(encoding="utf-8").splitlines()}
    rows, by_url, pairs = [], {}, []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            bad = problems(row) + (["url already in the training corpus"] if row["url"] in seen else [])
            if bad:
                print(row["id"], "; ".join(bad), file=sys.stderr)
                return 1
            first = by_url.get(row["url"])
            if first is None:
                by_url[row["url"]] = row
                rows.append(row)
                continue
            labels = {re.sub(r"\s", "", i["heading"]): i["domain"] for i in first["items"] if i.get("domain")}
            pairs += [(labels[h], i["domain"]) for i in row["items"] if i.get("domain")
                      and (h := re.sub(r"\s", "", i["heading"])) in labels]
    with open(target, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    headings = sum(1 for r in rows for i in r["items"] if i.get("kind") != "category" and i.get("domain"))
    agree = sum(a == b for a, b in pairs)
    counts = f"{target.name}: {len(rows)} notices, {headings} labelled headings"
    print(f"{counts}; domain agreement on {len(pairs)} headings labelled twice: {agree / len(pairs):.3f}"
          if pairs else counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
