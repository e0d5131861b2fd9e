"""Merge the collectors' part files (parts/*.jsonl) into notices.jsonl, checking every line.

usage: python corpus/real/merge.py   (from the repository root)

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


def main() -> int:
    rows, by_url, pairs = [], {}, []
    for path in sorted((HERE / "parts").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            bad = problems(row)
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
    with open(HERE / "notices.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    headings = sum(1 for r in rows for i in r["items"] if i.get("kind") != "category" and i.get("domain"))
    agree = sum(a == b for a, b in pairs)
    print(f"{len(rows)} notices, {headings} labelled headings; domain agreement on {len(pairs)} headings "
          f"labelled twice: {agree / len(pairs):.3f}" if pairs else f"{len(rows)} notices, {headings} headings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
