"""Corpus statistics (语料统计): counts, rates and charts of many notices.

From :class:`~nlp.dataset.Frames` (a batch folder, records or notice files): counts of domains,
measures and status; completion rates, money recovered and rules made per notice; days from
feedback to publication; notices per publication year and per level of the body concerned — as
CSV files (UTF-8 with a BOM) and as charts (PNG and SVG, matplotlib) whose Chinese labels are
drawn with an installed CJK font (``nlp/data/stats.yaml``), never as empty boxes. The same
records give byte-identical files (no dates, no random ids in the charts).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from nlp.dataset import Frames
from nlp.errors import ReadError, ZhenggaiError
from nlp.quality import batch_copies
from nlp.tables import load_table

CHART_LABELS = {"year": "发布年份", "level": "层级"}
#: matplotlib settings of every chart: a fixed salt for the SVG clip-path ids (random by default),
#: and an ASCII hyphen for negative ticks (the CJK fonts have no U+2212 MINUS SIGN glyph)
CHART_STYLE = {"svg.hashsalt": "zhenggai", "axes.unicode_minus": False}
#: per format, the metadata left out of a chart: the date (SVG) and the matplotlib version (PNG)
CHART_METADATA = {".png": {"Software": None}, ".svg": {"Date": None}}
LEVEL_NAMES = {"central": "中央", "provincial": "省级", "city": "市级", "county": "县级", "township": "乡镇",
               "village": "村(社区)", "unit": "单位"}


@functools.cache
def _levels() -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(rx)) for name, rx in load_table("stats")["levels"]]


def level_of(name: str | None) -> str:
    """The level of a body by its name.

    >>> level_of("中共汕头市民政局党组"), level_of("沙窝乡"), level_of(None)
    ('city', 'township', 'unit')
    """
    return next((level for level, rx in _levels() if name and rx.search(name)), "unit")


def stat_tables(frames: Frames) -> dict:
    """The statistics as DataFrames, by file name (without .csv)."""
    import pandas as pd

    notices, pairs = frames.notices.copy(), frames.pairs
    names = zip(notices["inspected_unit"], notices["issuer"], strict=True)
    notices["level"] = [LEVEL_NAMES[level_of(next((n for n in pair if isinstance(n, str)), None))] for pair in names]
    notices["year"] = notices["publish_date"].str[:4]
    feedback, published = pd.to_datetime(notices["feedback_date"], errors="coerce"), \
        pd.to_datetime(notices["publish_date"], errors="coerce")
    notices["days_feedback_to_publication"] = (published - feedback).dt.days

    def counts(series, name: str):
        return series.dropna().value_counts().rename_axis(name).reset_index(name="问题数")

    measures = pairs["measure_names"].dropna().str.split("、").explode()
    per_notice = notices[["path", "issuer", "level", "year", "pairs", "issues_total", "issues_completed",
                          "issues_ongoing", "completion_rate", "funds_recovered_yuan", "money_total_yuan",
                          "rules_made", "days_feedback_to_publication"]]
    by = lambda key: notices.groupby(key, dropna=False).agg(  # noqa: E731
        通报数=("path", "size"), 问题数=("pairs", "sum"), 平均完成率=("completion_rate", "mean"),
        追缴资金=("funds_recovered_yuan", "sum")).reset_index()
    return {"domains": counts(pairs["domain_name"], "监督领域"), "measures": counts(measures, "整改措施"),
            "status": counts(pairs["status_name"], "整改状态"), "per_notice": per_notice,
            "per_year": by("year"), "per_level": by("level")}


def copied_between_notices(frames: Frames):
    """Responses of different notices that nearly copy each other (MinHash LSH, see
    :func:`nlp.quality.batch_copies`), one row per pair of responses."""
    import pandas as pd

    pairs = frames.pairs.dropna(subset=["response"])
    pairs = pairs[pairs["response"].str.len() > 0]
    rows = list(zip(pairs["path"], pairs["pair_id"], pairs["response"], strict=True))
    found = batch_copies([(str(p), str(i), t) for p, i, t in rows])
    return pd.DataFrame([{"文件A": rows[i][0], "问题A": rows[i][1], "文件B": rows[j][0], "问题B": rows[j][1],
                          "重合比例": share, "整改情况A": rows[i][2][:80]} for i, j, share in found],
                        columns=["文件A", "问题A", "文件B", "问题B", "重合比例", "整改情况A"])


@functools.cache
def cjk_font() -> str:
    """The path of an installed font that draws Chinese (raises a clear error when there is none).

    The system's font folders are searched, not only matplotlib's cache (a font installed after
    matplotlib would be missed); a fallback font that draws every character as the same box (Last
    Resort) does not count.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    wanted = load_table("stats")["cjk_fonts"]
    candidates = []
    for path in sorted(set(font_manager.findSystemFonts()) | {f.fname for f in font_manager.fontManager.ttflist}):
        try:
            face = FT2Font(path)
        except (OSError, RuntimeError):
            continue
        glyphs = {face.get_char_index(ord(c)) for c in "整改领域状态监督"}
        if 0 not in glyphs and len(glyphs) == 8:
            name = face.family_name
            candidates.append((wanted.index(name) if name in wanted else len(wanted), path))
    if not candidates:
        raise ZhenggaiError("no font that draws Chinese is installed (e.g. apt-get install fonts-noto-cjk or "
                            "fonts-wqy-zenhei): charts would show empty boxes")
    return min(candidates)[1]


def write_stats(frames: Frames, outdir: Path) -> list[Path]:
    """The CSV files and the charts (PNG and SVG) in ``outdir``; the paths written."""
    if frames.notices.empty:
        raise ReadError("no records: it holds no notices or records to count")
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    tables = stat_tables(frames)
    tables["copied_responses"] = copied_between_notices(frames)
    for name, table in tables.items():
        path = outdir / f"{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    charts = {"domains": ("监督领域", "问题数"), "status": ("整改状态", "问题数"), "measures": ("整改措施", "问题数"),
              "per_year": ("year", "通报数"), "per_level": ("level", "通报数")}
    for name, (label, value) in charts.items():
        written += _bar_chart(tables[name], label, value, outdir / name)
    return written


def _bar_chart(table, label: str, value: str, stem: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = font_manager.FontProperties(fname=cjk_font())
    rows = table.dropna(subset=[label]).sort_values(value)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with matplotlib.rc_context(CHART_STYLE):  # read when drawing, so savefig stays inside
        figure, axes = plt.subplots(figsize=(8, 0.4 * max(len(rows), 3) + 1))
        axes.barh([str(v) for v in rows[label]], rows[value], color="#0072B2")
        axes.set_xlabel(value, fontproperties=font)
        for tick in axes.get_yticklabels():
            tick.set_fontproperties(font)
        axes.set_title(f"{value}（按{CHART_LABELS.get(label, label)}）", fontproperties=font)
        figure.tight_layout()
        for path in paths:
            figure.savefig(path, metadata=CHART_METADATA[path.suffix])
        plt.close(figure)
    return paths
