"""Corpus statistics: one case per entry of nlp/data/stats.yaml, the DataFrames loader, and charts
whose Chinese labels are drawn with a real CJK font."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp
from nlp.cli import main
from nlp.dataset import load
from nlp.stats import cjk_font, level_of
from nlp.tables import load_table

CASES = {"central": "中央统战部", "village": "大港村", "township": "均川镇", "county": "博兴县",
         "city": "汕头市民政局", "provincial": "湖北省"}


@pytest.mark.parametrize(("level", "pattern"), load_table("stats")["levels"])
def test_every_level_pattern(level: str, pattern: str) -> None:
    assert level_of(CASES[level]) == level


def test_the_chart_font_draws_chinese() -> None:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(cjk_font())
    assert len({face.get_char_index(ord(c)) for c in "民生服务与职能履行"}) == 9


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "records.jsonl"
    records = [nlp.to_record(nlp.parse(nlp.load("reference")))]
    records += [nlp.to_record(nlp.parse(row["text"])) for row in nlp.load("real")[:20]]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_gives_the_frames(records_file: Path) -> None:
    frames = load(records_file)
    assert len(frames.notices) == 21 and len(frames.pairs) >= 80
    assert set(frames.pairs.columns) >= {"issue", "domain_name", "status_name"} and len(frames.dates) > 50


def test_stats_writes_tables_and_charts(records_file: Path, tmp_path: Path) -> None:
    assert main(["stats", str(records_file), "-o", str(tmp_path)]) == 0
    domains = (tmp_path / "domains.csv").read_text(encoding="utf-8-sig").splitlines()
    assert domains[0] == "监督领域,问题数" and len(domains) > 3
    for name in ("domains", "status", "measures", "per_year", "per_level"):
        assert (tmp_path / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<svg" in (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
