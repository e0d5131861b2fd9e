"""The gold-format real notices bundled in corpus/real/*_gold/: every annotation points into its text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
GOLD_FILES = sorted(REAL.glob("*_gold/*.gold.json"))


def test_every_gold_folder_is_bundled() -> None:
    assert {path.parent.name for path in GOLD_FILES} == {"fresh2_gold", "fresh3_gold", "fresh4_gold", "fresh5_gold",
                                                        "fresh6_gold", "fresh7_gold"}
    assert len(GOLD_FILES) == 71


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_annotations_point_into_the_text(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_name(f"{gold['id']}.txt").read_text(encoding="utf-8")
    source = json.loads(path.with_name(f"{gold['id']}.source.json").read_text(encoding="utf-8"))
    assert source["url"].startswith("http")
    for key in ("dates", "money", "titles"):
        for entry in gold[key]:
            assert text[entry["start"] : entry["start"] + len(entry["text"])] == entry["text"], (key, entry)
    flat = re.sub(r"\s", "", text)
    for item in gold["items"]:
        assert re.sub(r"\s", "", item["heading"]) in flat, item["heading"]
