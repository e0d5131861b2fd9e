"""The labelled corpus (标注语料) the classifier is trained and cross-validated on.

Three sources, each row tagged with its ``group`` (the notice it comes from), so that
cross-validation never puts one notice on both sides:

- ``corpus/*.labels.jsonl`` — fully labelled pairs of the reference notice (domain, measures,
  status), group ``seed``;
- ``corpus/headings.labels.jsonl`` — headings written by hand to cover rare domains, group
  ``synthetic``: used for training only, never scored;
- ``corpus/real/notices.jsonl``, ``heldout.jsonl``, ``fresh.jsonl`` and ``fresh2.jsonl`` — openings of real notices
  collected from public pages, one notice a line with its source (url, page title, date), header
  fields, key figures and labelled issue headings (see ``corpus/real/README.md``);
  ``fresh3.jsonl``, collected last, is kept out of training, for evaluation only.

>>> group_folds(["a", "a", "b", "c", "c", "c"], 2)
[1, 1, 1, 0, 0, 0]
"""

from __future__ import annotations

import json
from pathlib import Path

HEADINGS_FILE = "headings.labels.jsonl"
#: real notices used for training and cross-validation: the first collection, then each later
#: set once it had been measured with the rules frozen (real/fresh3.jsonl is never trained on)
REAL_FILES = tuple(Path("real") / name for name in ("notices.jsonl", "heldout.jsonl", "fresh.jsonl", "fresh2.jsonl"))
SEED_GROUP = "seed"
SYNTHETIC_GROUP = "synthetic"
ISSUE_KINDS = ("issue", "sub-issue")


def read_jsonl(path: Path) -> list[dict]:
    """The objects of a JSON Lines file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_pairs(corpus_dir: str | Path = "corpus") -> list[dict]:
    """Labelled pairs (标注问题对) of every ``*.labels.jsonl`` but the headings file, in a fixed order."""
    files = sorted(p for p in Path(corpus_dir).glob("*.labels.jsonl") if p.name != HEADINGS_FILE)
    return [{**row, "group": row.get("group", SEED_GROUP)} for path in files for row in read_jsonl(path)]


def load_headings(corpus_dir: str | Path = "corpus") -> list[dict]:
    """Hand-written labelled headings (domain only), group ``synthetic``."""
    path = Path(corpus_dir) / HEADINGS_FILE
    return [{**row, "group": SYNTHETIC_GROUP} for row in read_jsonl(path)] if path.exists() else []


def load_real_notices(corpus_dir: str | Path = "corpus") -> list[dict]:
    """Real notices (真实通报) with their source and gold fields, in file order."""
    paths = [Path(corpus_dir) / name for name in REAL_FILES]
    return [row for path in paths if path.exists() for row in read_jsonl(path)]


def real_headings(notices: list[dict]) -> list[dict]:
    """The labelled issue headings of real notices: ``{heading, domain, group, url}`` rows."""
    return [{"heading": item["heading"], "domain": item["domain"], "group": notice["id"], "url": notice["url"]}
            for notice in notices for item in notice.get("items", [])
            if item.get("kind") in ISSUE_KINDS and item.get("domain")]


def group_folds(groups: list[str], k: int) -> list[int]:
    """Fold of each row so that all rows of a group share a fold (GroupKFold, deterministic).

    Groups are placed largest first, each into the fold holding the fewest rows so far.
    """
    sizes: dict[str, int] = {}
    for group in groups:
        sizes[group] = sizes.get(group, 0) + 1
    load = [0] * k
    fold_of: dict[str, int] = {}
    for group in sorted(sizes, key=lambda g: (-sizes[g], g)):
        fold = min(range(k), key=lambda f: (load[f], f))
        fold_of[group] = fold
        load[fold] += sizes[group]
    return [fold_of[g] for g in groups]
